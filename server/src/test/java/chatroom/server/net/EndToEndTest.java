package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import chatroom.protocol.Event;
import java.nio.file.Files;
import java.nio.file.Path;
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
                ChildProcess.serverOnClassPath(),
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

    @Test
    void withJsonPortTheServerListensTwiceAndTheSecondPortSpeaksJson() throws Exception {
        try (ChildProcess server = ChildProcess.server(ChildProcess.serverOnClassPath(),
                "--port", "0", "--json-port", "0", "--bind", "127.0.0.1")) {
            java.util.regex.Matcher json = java.util.regex.Pattern
                    .compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+) format=json.*")
                    .matcher(server.await(line -> line.contains("event=listening") && line.contains("format=json")));
            assertThat(json.matches()).as("a JSON listening line with a port").isTrue();
            int jsonPort = Integer.parseInt(json.group(1));
            try (TestClient client = TestClient.connect(jsonPort)) {
                assertThat(client.nextEvent()).isInstanceOf(Event.Welcome.class);
                assertThat(client.nextEvent()).isInstanceOf(Event.AskName.class);
                assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor())
                        .isZero();
                assertThat(client.nextEvent()).isInstanceOf(Event.ShuttingDown.class);
            }
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
        }
    }

    @Test
    void aJsonPortOutOfRangeIsAUsageErrorOnStderr() throws Exception {
        try (ChildProcess server = ChildProcess.server(ChildProcess.serverOnClassPath(), "--port", "0", "--json-port", "70000")) {
            server.await(line -> line.contains("--json-port must be 0..65535: 70000"));
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).as("picocli's exit code for a usage error").isEqualTo(2);
            assertThat(server.drain()).noneMatch(line -> line.contains("event=listening"));
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
