package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Line mode, as a script uses it: {@code printf 'alice\nhello\n/quit\n' | chatroom-client}. */
@Timeout(30)
class PlainClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ClientRun start(String input, int port, String name) {
        return start(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), port, name);
    }

    private ClientRun start(InputStream input, int port, String name) {
        PlainUi ui = new PlainUi(input, out, err);
        return ClientRun.start(ui, new MessageRenderer(false, ZoneId.systemDefault()), new OnlineNames(), port, name);
    }

    private List<String> shownLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aScriptLogsInSaysItsLineAndQuits() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start("alice\nhello from a script\n/quit\n", server.port(), null);
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("<alice> hello from a script");
            bob.awaitEnding("*** alice left lobby (quit)");
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("*** Hello alice! Type /help for commands.", "] <alice> hello from a script",
                "*** Bye!");
        assertThat(shown).doesNotContain("\u001b");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void ownLinesComeAfterTheHistoryReplayInTheOrderTheServerTookThem() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            bob.send("said before alice came");
            bob.send("/me waits");
            bob.send("/who");
            bob.awaitEnding("in lobby: bob"); // so the server has taken both lines before alice comes
            ClientRun client = start("alice\none\ntwo\n/me three\n/quit\n", server.port(), null);
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("* alice three");
        }
        List<String> shown = shownLines();
        int start = shown.indexOf("--- 2 earlier messages in lobby");
        int end = shown.indexOf("--- end of history");
        assertThat(start).as("replay marked in %s", shown).isNotNegative();
        assertThat(shown.subList(start + 1, end)).hasSize(2)
                .satisfiesExactly(line -> assertThat(line).endsWith("<bob> said before alice came"),
                        line -> assertThat(line).endsWith("* bob waits"));
        assertThat(shown.subList(end + 1, shown.size())).filteredOn(line -> line.contains("alice"))
                .satisfiesExactly(line -> assertThat(line).endsWith("<alice> one"),
                        line -> assertThat(line).endsWith("<alice> two"),
                        line -> assertThat(line).endsWith("* alice three"));
        assertThat(shown).last().isEqualTo("*** Bye!");
    }

    @Test
    void aLineTheServerRefusesShowsItsErrorAndNotTheLine() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start("x".repeat(5000) + "\nafter\n", server.port(), "alice");
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("<alice> after");
        }
        List<String> shown = shownLines();
        assertThat(shown).contains("!!! Line too long (over 4,096 bytes), not sent").anyMatch(line -> line.endsWith("<alice> after"))
                .noneMatch(line -> line.contains("<alice> xxx"));
    }

    @Test
    void aTakenNameEndsTheRunWithTheReasonEvenWhileInputStaysOpen() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob");
             PipedOutputStream script = new PipedOutputStream();
             PipedInputStream input = new PipedInputStream(script)) {
            ClientRun client = start(input, server.port(), "BOB");
            assertThat(client.exitStatus()).isEqualTo(ChatSession.NOT_LOGGED_IN);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("--- Not logged in: The name BOB is taken, try another" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("taken", "What is your name");
    }

    @Test
    void anInvalidNameTypedInAScriptEndsTheRunBeforeItsMessagesBecomeNames() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            ClientRun client = start("bad name!\nhello\n", server.port(), null);
            assertThat(client.exitStatus()).isEqualTo(ChatSession.NOT_LOGGED_IN);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--- Not logged in: \"bad name!\" is not a valid name");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Hello");
    }

    @Test
    void theEndOfInputLeavesCleanly() throws Exception {
        try (LocalServer server = LocalServer.start();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start("hi\n", server.port(), "alice");
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("<alice> hi");
            bob.awaitEnding("*** alice left lobby (quit)");
        }
    }

    @Test
    void noServerIsReportedAtOnce() throws Exception {
        int port;
        try (ServerSocket nothing = new ServerSocket(0)) {
            port = nothing.getLocalPort(); // free now, and nobody listens once it is closed
        }
        ClientRun client = start("alice\n", port, null);
        assertThat(client.exitStatus()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--- Cannot connect to 127.0.0.1:" + port + ": ");
    }

    @Test
    void controlCharactersFromTheWireNeverReachTheOutput() throws Exception {
        try (ServerSocket hostile = new ServerSocket(0)) {
            ClientRun client = start("/quit\n", hostile.getLocalPort(), null);
            try (Socket victim = hostile.accept()) {
                OutputStream toClient = victim.getOutputStream();
                toClient.write("*** \u001b[2J\u001b]0;owned\u0007\u001b[31mred\u009b1m\r\n".getBytes(StandardCharsets.UTF_8));
                toClient.write(new byte[] {'[', 'x', (byte) 0xff, (byte) 0xc3, '\b', '\b', '\r', '\n'});
                toClient.write("[12:00:00] <mallory> \u202eevil\u202c\r\n".getBytes(StandardCharsets.UTF_8));
                Event.Said json = new Event.Said(Instant.EPOCH, 1, "lobby", "eve", "\u001b[2Jjson\u0007", false);
                toClient.write(new JsonCodec().encodeLine(json));
                InputStream fromClient = victim.getInputStream();
                assertThat(readLine(fromClient)).isEqualTo("/format json");
                assertThat(readLine(fromClient)).isEqualTo("/quit");
                toClient.write("*** Bye!\r\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(client.exitStatus()).isZero();
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("*** ␛[2J␛]0;owned␇␛[31mred�1m", "[x��␈␈", "<mallory> �evil�", "<eve> ␛[2Jjson␇",
                "*** Bye!");
        assertThat(shown.replace(System.lineSeparator(), "").chars())
                .noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e);
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
