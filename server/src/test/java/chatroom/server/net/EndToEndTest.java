package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real thing: the Debian {@code nc} and {@code telnet} binaries as users, and the server
 * as its own process stopped by SIGTERM. {@code .ci/run} installs both binaries.
 */
@Timeout(60)
class EndToEndTest {

    @Test
    void anNcUserAndATelnetUserChat() throws Exception {
        assumeThat(onPath("nc")).as("nc is installed (.ci/run installs netcat-openbsd)").isTrue();
        assumeThat(onPath("telnet")).as("telnet is installed (.ci/run installs it)").isTrue();
        try (TestServer server = TestServer.start();
             ChildProcess nc = ChildProcess.start("nc", "127.0.0.1", String.valueOf(server.port()));
             ChildProcess telnet = ChildProcess.start("telnet", "127.0.0.1", String.valueOf(server.port()))) {
            nc.await(line -> line.startsWith("*** What is your name?"));
            nc.type("alice");
            nc.await(line -> line.equals("*** You are in lobby. 1 here: alice"));

            telnet.await(line -> line.startsWith("*** What is your name?"));
            telnet.type("bob");
            telnet.await(line -> line.equals("*** You are in lobby. 2 here: alice, bob"));
            nc.await(line -> line.equals("*** bob joined lobby"));

            nc.type("hi bob, from nc");
            assertThat(telnet.await(line -> line.contains("<alice>"))).endsWith("<alice> hi bob, from nc");
            telnet.type("hello alice, from telnet");
            assertThat(nc.await(line -> line.contains("<bob>"))).endsWith("<bob> hello alice, from telnet");

            telnet.type("/quit bye");
            telnet.await(line -> line.equals("*** Bye!"));
            nc.await(line -> line.equals("*** bob left lobby (quit: bye)"));
        }
    }

    @Test
    void sigtermTellsClientsAndExitsZero() throws Exception {
        try (ChildProcess server = ChildProcess.server(
                List.of(ChildProcess.java(), "-cp", System.getProperty("java.class.path"), "chatroom.server.ChatServer"),
                "--port", "0", "--bind", "127.0.0.1")) {
            int port = server.awaitListeningPort();
            try (TestClient alice = TestClient.login(port, "alice")) {
                // Process.destroy() would send SIGTERM too, but it also closes our end of the
                // child's output, and the test wants to read the log to the end.
                assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor())
                        .isZero();
                assertThat(alice.awaitEof()).containsExactly("*** Server shutting down, bye!");
            }
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
            server.await(line -> line.contains("event=stopped"));
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
