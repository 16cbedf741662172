package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
 * until the end (or, in the second test, until the drops are to be counted).
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
        int port = freePort();
        Process server = start(port);
        try {
            awaitAccepting(port);
            fillTheLog(port);
            assertStillServed(port);

            new ProcessBuilder("kill", "-TERM", String.valueOf(server.pid())).start().waitFor();
            String all = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until it ends
            assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(all.lines().filter(line -> line.contains("event=connect")).count())
                    .as("connect lines written: the rest were dropped, not waited for")
                    .isLessThan(CYCLES);
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Once the log is read again, the next event that fits is preceded by how many were
     * dropped. (After a SIGTERM no event may come to carry it, hence a test of its own.)
     */
    @Test
    void whatCouldNotBeWrittenIsCountedOnceTheLogIsReadAgain() throws Exception {
        int port = freePort();
        Process server = start(port);
        try {
            awaitAccepting(port);
            fillTheLog(port);
            StringBuffer read = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                        server.getInputStream(), StandardCharsets.UTF_8))) {
                    lines.lines().forEach(line -> read.append(line).append('\n'));
                } catch (IOException | UncheckedIOException ended) {
                    // The process ended.
                }
            }, "log-reader");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int round = 1; read.indexOf("event=log_dropped") < 0; round++) {
                assertThat(System.nanoTime()).as("a log_dropped line once the log is read").isLessThan(deadline);
                // New events, which fit once the queue has drained. New names each round: the
                // server frees a name when it reads the last pair's EOF, which under load can
                // come after the next pair's login (failed so under a load average of 11).
                assertStillServed(port, "alice" + round, "bob" + round);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    /** The real jar with its own logging, on a free port; its output is a pipe nobody reads yet. */
    private static Process start(int port) throws IOException {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        List<String> command = List.of(ChildProcess.java(), "-jar", JAR.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--max-per-ip", "1000", "--connect-rate", "100000", "--connect-burst", "1000");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHATROOM_LOG_LEVEL", "INFO");
        return builder.start();
    }

    private static void fillTheLog(int port) throws IOException, InterruptedException {
        for (int i = 0; i < CYCLES; i++) {
            try (TestClient client = TestClient.login(port, "cycle" + i)) {
                client.send("/quit " + "a long goodbye ".repeat(20));
                client.awaitEof();
            }
        }
    }

    private static void assertStillServed(int port) throws IOException, InterruptedException {
        assertStillServed(port, "alice", "bob");
    }

    private static void assertStillServed(int port, String sender, String receiver)
            throws IOException, InterruptedException {
        try (TestClient alice = TestClient.login(port, sender); TestClient bob = TestClient.login(port, receiver)) {
            alice.send("still served");
            bob.awaitLine(line -> line.endsWith("<" + sender + "> still served"));
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
