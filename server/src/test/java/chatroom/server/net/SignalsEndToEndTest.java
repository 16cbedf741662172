package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 9: SIGHUP killed the server with exit 129 and no goodbye, SIGUSR1 and
 * SIGALRM killed it too. Now SIGHUP reloads the MOTD, the other two are ignored, and SIGTERM
 * still stops it cleanly. The real server in a process of its own, real signals from kill.
 */
class SignalsEndToEndTest {

    @Test
    void hupReloadsTheMotdAndUsr1AndAlrmAreIgnored(@TempDir Path dir) throws Exception {
        Path motd = dir.resolve("motd.txt");
        Files.writeString(motd, "first words\n", StandardCharsets.UTF_8);
        try (ChildProcess server = ChildProcess.server(
                ChildProcess.serverOnClassPath(),
                "--port", "0", "--bind", "127.0.0.1", "--motd-file", motd.toString())) {
            int port = server.awaitListeningPort();
            try (TestClient early = TestClient.connect(port)) {
                early.awaitLine("*** first words");
            }

            Files.writeString(motd, "second words\n", StandardCharsets.UTF_8);
            kill("HUP", server);
            server.await(line -> line.contains("event=motd_reloaded"));
            kill("USR1", server);
            kill("ALRM", server);
            server.await(line -> line.contains("event=signal name=SIGALRM"));

            try (TestClient late = TestClient.connect(port)) {
                late.awaitLine("*** second words");
                kill("TERM", server);
                late.awaitLine("*** Server shutting down, bye!");
            }
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
        }
    }

    /**
     * Issue 13: SIGHUP reads the operators and the bans again, through the store (its thread,
     * after its writes). Files broken by a hand edit are reported and the server runs on.
     */
    @Test
    void hupRereadsTheOperatorAndBanFiles(@TempDir Path dir) throws Exception {
        Path opers = dir.resolve("opers.txt");
        Files.writeString(opers, "# no operators yet\n", StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        try (ChildProcess server = ChildProcess.server(
                ChildProcess.serverOnClassPath(), "--port", "0", "--bind", "127.0.0.1",
                "--oper-file", opers.toString(), "--data-dir", data.toString(), "--allow-plaintext-passwords")) {
            server.awaitListeningPort();

            Files.writeString(opers, "alice\n", StandardCharsets.UTF_8);
            Files.writeString(data.resolve("bans.tsv"), "# chatroom bans v9\n", StandardCharsets.UTF_8);
            kill("HUP", server);
            server.await(line -> line.contains("event=oper_reload_failed") && line.contains("line 1"));
            server.await(line -> line.contains("event=bans_reload_failed") && line.contains("v9"));

            kill("TERM", server);
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
        }
    }

    private static void kill(String signal, ChildProcess server) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(server.pid())).start().waitFor()).isZero();
    }
}
