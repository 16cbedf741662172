package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Line mode, as a script uses it: {@code printf 'alice\nhello\n/quit\n' | chatroom-client}. */
@Timeout(30)
class PlainClientTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ClientRun start(String input, int port, String name) {
        PlainUi ui = new PlainUi(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, err);
        return ClientRun.start(ui, new MessageRenderer(false), new OnlineNames(), port, name);
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
                InputStream fromClient = victim.getInputStream();
                assertThat(readLine(fromClient)).isEqualTo("/quit");
                toClient.write("*** Bye!\r\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(client.exitStatus()).isZero();
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("*** ␛[2J␛]0;owned␇␛[31mred�1m", "[x��␈␈", "<mallory> �evil�", "*** Bye!");
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
