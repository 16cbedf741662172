package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, finding 2: with stderr going to a pipe that nobody reads, the server froze once
 * 64 KiB of log were written (223 connect/quit cycles), its loop blocked in a write to the
 * pipe, and SIGTERM did not help because the signal handler logged first. The real jar (its
 * own logging configuration, not the tests') in a process of its own whose output is not read
 * until the end.
 */
@Timeout(120)
class BlockedLogIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");
    /**
     * Three log lines a cycle (connect, name, disconnect with its reason): 64 KiB, what the pipe
     * holds, after a few hundred, and more events than the log's queue holds (8,192) after
     * about 2,700.
     */
    private static final int CYCLES = 3_200;

    @Test
    void aLogNobodyReadsNeitherFreezesTheServerNorStopsSigterm() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        int port = freePort();
        List<String> command = List.of(ChildProcess.java(), "-jar", JAR.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--max-per-ip", "1000", "--connect-rate", "100000", "--connect-burst", "1000");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHATROOM_LOG_LEVEL", "INFO");
        Process server = builder.start(); // its output is a pipe this test does not read
        try {
            awaitAccepting(port);
            for (int i = 0; i < CYCLES; i++) {
                try (TestClient client = TestClient.login(port, "cycle" + i)) {
                    client.send("/quit " + "a long goodbye ".repeat(20));
                    client.awaitEof();
                }
            }
            try (TestClient alice = TestClient.login(port, "alice"); TestClient bob = TestClient.login(port, "bob")) {
                alice.send("still served");
                bob.awaitLine(line -> line.endsWith("<alice> still served"));
            }

            new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor();
            InputStream log = server.getInputStream();
            String all = new String(log.readAllBytes(), StandardCharsets.UTF_8); // until the process ends
            assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(all).as("what could not be written was counted").contains("event=log_dropped");
        } finally {
            server.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitAccepting(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("the server listens in time").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
