package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import chatroom.server.mod.Ban;
import chatroom.server.store.BanFile;
import chatroom.server.store.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 with the real server in a process of its own, started with the account options:
 * bans survive a restart and follow a hand edit of bans.tsv on SIGHUP, an operator dropped from
 * the operator file on SIGHUP stops being one, and nothing of a password (nor of its hash) is
 * ever in the server's output, every event logged at DEBUG. The operator file is made by the
 * server's own {@code hash-password} command.
 */
@Timeout(120)
class AccountsEndToEndTest {

    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);
    private static final String JSON = "/format json";
    /** A password no log line could contain by chance. */
    private static final String PASSWORD = "Zq8-canary-Pw";

    @Test
    void bansSurviveARestartAndFollowAHandEditOnHup(@TempDir Path dir) throws Exception {
        Path opers = operFile(dir, PASSWORD);
        Path data = dir.resolve("data");
        String[] options = {"--port", "0", "--bind", "127.0.0.1", "--oper-file", opers.toString(),
            "--data-dir", data.toString(), "--allow-plaintext-passwords"};
        try (ChildProcess server = ChildProcess.server(ChildProcess.serverOnClassPath(), options)) {
            int port = server.awaitListeningPort();
            try (TestClient alice = operator(port)) {
                alice.send("/ban 127.0.0.2");
                alice.awaitEvent(Event.Banned.class, b -> "127.0.0.2".equals(b.target()));
                alice.send("/ban bob");
                alice.awaitEvent(Event.Banned.class, b -> "bob".equals(b.target()));
            }
            stop(server);
        }
        Path bans = StateStore.bansFile(data);
        assertThat(BanFile.FORMAT.read(bans)).extracting(Ban::target).containsExactlyInAnyOrder("127.0.0.2", "bob");

        try (ChildProcess server = ChildProcess.server(ChildProcess.serverOnClassPath(), options)) {
            int port = server.awaitListeningPort();
            assertThat(refusedFrom("127.0.0.2", port)).containsExactly(TEXT.encode(Problem.BANNED.event(Instant.EPOCH, "")));
            try (TestClient bob = asked(TestClient.connect(port))) {
                bob.send("bob");
                bob.awaitError(Problem.NAME_BANNED);
            }

            try (TestClient alice = operator(port)) {
                // A hand edit: the address ban's line goes, the name ban's stays.
                List<String> kept = Files.readAllLines(bans, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.contains("127.0.0.2")).toList();
                Files.write(bans, kept, StandardCharsets.UTF_8);
                Files.writeString(opers, "# alice is no operator now\n", StandardCharsets.UTF_8);
                server.signal("HUP");
                server.await(line -> line.contains("event=bans_reloaded"));

                assertThat(alice.awaitEvent(Event.Oper.class).up()).as("alice, dropped from the file").isFalse();
                try (TestClient back = TestClient.loginJson(TestClient.connectFrom("127.0.0.2", port), "carol", JSON)) {
                    back.send("/ping");
                    back.awaitEvent(Event.Pong.class);
                }
                try (TestClient bob = asked(TestClient.connect(port))) {
                    bob.send("bob");
                    bob.awaitError(Problem.NAME_BANNED);
                }
            }
            stop(server);
        }
    }

    /**
     * Every password command, right and wrong, over TLS and in plain text, with the server
     * logging every event; then its whole output is searched for the password, the new one it
     * was changed to, the operator's hash and each piece of it.
     */
    @Test
    void noPasswordNorHashIsEverInTheServersOutput(@TempDir Path dir) throws Exception {
        Path opers = operFile(dir, PASSWORD);
        String hash = Files.readString(opers, StandardCharsets.UTF_8).strip().split("\t")[1];
        String changed = PASSWORD + "-changed";
        List<String> output = new ArrayList<>();
        try (ChildProcess server = ChildProcess.server("DEBUG", ChildProcess.serverOnClassPath(),
                "--port", "0", "--bind", "127.0.0.1", "--tls-port", "0", "--tls-self-signed",
                "--oper-file", opers.toString(), "--data-dir", dir.resolve("data").toString())) {
            int port = TlsLauncherIT.listening(server, "false");
            int tlsPort = TlsLauncherIT.listening(server, "true");
            javax.net.ssl.SSLContext pinned = TlsLauncherIT.pinned(TlsLauncherIT.loggedFingerprint(server, tlsPort));

            try (TestClient plain = TestClient.loginJson(port, "mallory", JSON)) {
                plain.send("/oper alice " + PASSWORD);
                plain.awaitError(Problem.PLAINTEXT_PASSWORD);
                plain.send("/identify alice " + PASSWORD);
                plain.awaitError(Problem.PLAINTEXT_PASSWORD);
            }
            try (TestClient first = TestClient.loginJson(tls(pinned, tlsPort), "alice", JSON)) {
                first.send("/oper alice wrong-" + PASSWORD);
                first.awaitError(Problem.OPER_FAILED);
                first.send("/oper alice " + PASSWORD);
                first.awaitEvent(Event.Oper.class);
                first.send("/register " + PASSWORD);
                first.awaitEvent(Event.Registered.class);

                try (TestClient second = asked(tls(pinned, tlsPort))) {
                    second.send("/identify alice wrong-" + PASSWORD);
                    second.awaitError(Problem.PASSWORD_WRONG);
                    second.send("/identify alice " + PASSWORD);
                    second.awaitEvent(Event.Identified.class);
                    first.awaitEvent(Event.Replaced.class);
                    second.awaitEvent(Event.Entered.class);
                    second.send("/passwd " + PASSWORD + " " + changed);
                    second.awaitEvent(Event.PasswordChanged.class);
                    second.send("/unregister " + changed);
                    second.awaitEvent(Event.Registered.class, r -> r.removed());
                    second.send("/oper alice");
                    second.awaitError(Problem.USAGE);
                    second.send("/identify " + PASSWORD.substring(0, 5));
                    second.awaitError(Problem.PASSWORD_RULE);
                }
            }
            stop(server);
            output.addAll(server.awaitExit());
        }
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, changed, hash));
        Arrays.stream(hash.split("\\$")).filter(piece -> piece.length() >= 16).forEach(secrets::add);
        assertThat(output).as("the server said something at DEBUG").anyMatch(line -> line.contains("event=oper"));
        for (String secret : secrets) {
            assertThat(output).as("no line holds %s", secret).noneMatch(line -> line.contains(secret));
        }
    }

    /** An oper file for alice, written by the server's own {@code hash-password} (cheap iterations). */
    private static Path operFile(Path dir, String password) throws Exception {
        List<String> command = new ArrayList<>(ChildProcess.serverOnClassPath());
        command.addAll(List.of("hash-password", "--iterations", String.valueOf(TestAccounts.ITERATIONS), "alice"));
        String line;
        List<String> rest;
        try (ChildProcess tool = ChildProcess.start(command.toArray(String[]::new))) {
            tool.type(password);
            line = tool.await(l -> l.startsWith("alice\t"));
            rest = tool.awaitExit();
        }
        assertThat(rest).as("nothing but the line").noneMatch(l -> l.contains(password));
        assertThat(line).doesNotContain(password);
        Path file = dir.resolve("opers.txt");
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static TestClient operator(int port) throws IOException {
        TestClient alice = TestClient.loginJson(port, "alice", JSON);
        alice.send("/oper alice " + PASSWORD);
        assertThat(alice.awaitEvent(Event.Oper.class).up()).isTrue();
        return alice;
    }

    private static TestClient asked(TestClient client) throws IOException {
        client.send(JSON);
        client.awaitEvent(Event.AskName.class);
        return client;
    }

    private static TestClient tls(javax.net.ssl.SSLContext pinned, int port) throws IOException {
        SSLSocket socket = (SSLSocket) pinned.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return TestClient.over(socket);
    }

    private static List<String> refusedFrom(String address, int port) throws Exception {
        try (TestClient client = TestClient.connectFrom(address, port)) {
            return client.awaitEof();
        }
    }

    private static void stop(ChildProcess server) throws Exception {
        server.signal("TERM");
        assertThat(server.process().waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(server.process().exitValue()).isZero();
    }
}
