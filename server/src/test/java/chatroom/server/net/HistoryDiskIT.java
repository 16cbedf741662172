package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a data directory the server cannot write, at start and later. The real jar on a
 * tmpfs mounted for the test, read-only, full, or small enough to fill while chatting; as root
 * chmod stops no write, so a mount is the way to a disk that refuses. Without the right to mount
 * (not root) each test is skipped.
 */
@Timeout(120)
class HistoryDiskIT {

    private static final Path JAR = Path.of("target", "chatroom-server.jar");

    @Test
    void aReadOnlyDataDirStopsTheStartSayingWhy(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("ro");
        Files.createDirectories(data);
        assumeTrue(mount(data, "ro,size=64k"), "needs the right to mount a tmpfs (root)");
        try {
            List<String> output = refused(data);
            assertThat(output).as("the reason, naming the directory").anyMatch(line ->
                    line.startsWith("chatroom-server: --data-dir " + data + ": ") && line.contains("Read-only"));
        } finally {
            umount(data);
        }
    }

    @Test
    void aFullDiskStopsTheStartSayingWhy(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("full");
        Files.createDirectories(data);
        assumeTrue(mount(data, "size=64k"), "needs the right to mount a tmpfs (root)");
        try {
            fill(data.resolve("filler"));
            List<String> output = refused(data);
            assertThat(output).as("the reason, naming the directory").anyMatch(line ->
                    line.startsWith("chatroom-server: --data-dir " + data + ": ") && line.contains("No space left"));
        } finally {
            umount(data);
        }
    }

    /**
     * Long lines until the log's disk is full: everyone still gets every message, {@code /metrics}
     * counts the failed writes and the dropped records, and the log warns, a line or two, not a
     * line a message nor a stack trace.
     */
    @Test
    void aDiskThatFillsUpWhileChattingIsReportedAndTheChatGoesOn(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("small");
        Files.createDirectories(data);
        assumeTrue(mount(data, "size=64k"), "needs the right to mount a tmpfs (root)");
        try (ChildProcess server = ChildProcess.server(launch(), "--port", "0", "--bind", "127.0.0.1",
                "--http-port", "0", "--flood-rate", "0", "--connect-rate", "1000", "--connect-burst", "1000",
                "--max-per-ip", "1000",
                "--data-dir", data.toString())) {
            int port = server.awaitListeningPort();
            int http = HistoryPages.httpPort(server);
            try (TestClient alice = TestClient.loginJson(port, "alice", HistoryOverSocketTest.JSON);
                 TestClient bob = TestClient.loginJson(port, "bob", HistoryOverSocketTest.JSON)) {
                String padding = "x".repeat(3500);
                // 64 KiB hold about 17 of these. Once full, each failed batch is cut back, which
                // may leave room for a record or two, and the next batch fails again: three
                // failed batches, each of ten messages at most, written before the next ten are said.
                int said = 0;
                while (HistoryPages.metric(http, "history_write_errors_total") < 3) {
                    assertThat(said).as("messages said before three writes failed").isLessThan(400);
                    for (int i = 0; i < 10; i++) {
                        sayAndHear(alice, bob, padding + " " + said++);
                    }
                    HistoryPages.awaitMetric(http, "history_queued", queued -> queued == 0);
                }
                assertThat(HistoryPages.metric(http, "history_dropped_total")).as("dropped").isPositive();
            }
            List<String> output = HistoryEndToEndTest.stop(server);
            assertThat(output).as("a warning about it").anyMatch(line ->
                    line.contains(" WARN ") && line.contains("event=history_write_failed"));
            assertThat(output.stream().filter(line -> line.contains(" WARN ")))
                    .as("a few warnings (failed, dropped, unclean stop), not one a batch").hasSizeLessThanOrEqualTo(4);
            assertThat(output).as("no error").noneMatch(line -> line.contains(" ERROR "));
            assertThat(output).as("no stack trace").noneMatch(line -> line.startsWith("\tat ")
                    || line.startsWith("java.") || line.startsWith("Caused by"));
        } finally {
            umount(data);
        }
    }

    /** Alice says {@code text}: her echo comes back, and bob hears it. */
    private static void sayAndHear(TestClient alice, TestClient bob, String text) throws IOException {
        alice.send(text);
        alice.awaitEvent(Event.Said.class, s -> s.echo() && s.text().equals(text));
        bob.awaitEvent(Event.Said.class, s -> !s.echo() && s.text().equals(text));
    }

    /** Starts the server on {@code data}: it must end at once with 1; all it said. */
    private static List<String> refused(Path data) throws Exception {
        try (ChildProcess server = ChildProcess.server(launch(), "--port", "0", "--bind", "127.0.0.1",
                "--data-dir", data.toString())) {
            List<String> output = server.awaitExit();
            assertThat(server.process().exitValue()).as("exit code; output %s", output).isEqualTo(1);
            assertThat(output).as("it never listened").noneMatch(line -> line.contains("event=listening"));
            return output;
        }
    }

    private static List<String> launch() {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        return List.of(ChildProcess.java(), "-jar", JAR.toString());
    }

    /** Writes {@code file} until the disk says it is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    /** Mounts a tmpfs on {@code dir}; false where that is not allowed (not root) or there is no mount(8). */
    private static boolean mount(Path dir, String options) throws InterruptedException {
        try {
            return run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()) == 0;
        } catch (IOException noMount) {
            return false;
        }
    }

    private static void umount(Path dir) throws IOException, InterruptedException {
        assertThat(run("umount", dir.toString())).as("umount " + dir).isZero();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("%s ended", List.of(command)).isTrue();
        return process.exitValue();
    }
}
