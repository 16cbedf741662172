package chatroom.server.net;

import static chatroom.server.net.HistoryPages.idTexts;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 with the real server in a process of its own, on a {@code --data-dir}: a clean stop
 * by SIGTERM and a start again; a SIGKILL in the middle of a stream of messages; a torn last
 * record; random bytes in the middle of a segment; and a second server on the same directory.
 * The disk is read back the way a user would, with {@code /history} in JSON; the server's own
 * counters on {@code /metrics} say what was written before a kill.
 */
@Timeout(120)
class HistoryEndToEndTest {

    private static final String JSON = HistoryOverSocketTest.JSON;
    private static final Pattern SKIPPED =
            Pattern.compile(".*event=history_skipped room=lobby .* records=(\\d+) bytes=(\\d+).*");

    @Test
    void aSigtermRestartKeepsTheIdsAndGoesOnFromTheLast(@TempDir Path dir) throws Exception {
        String[] options = options(dir, "--history", String.valueOf(HistoryOverSocketTest.KEPT));
        HistoryOverSocketTest.Said said;
        try (ChildProcess server = server(options)) {
            said = HistoryOverSocketTest.sayBeforeRestart(server.awaitListeningPort());
            stop(server);
        }
        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            HistoryOverSocketTest.checkAfterRestart(port, said);
            assertThat(stop(server)).as("the stop before was clean")
                    .anyMatch(line -> line.contains("event=history_open") && line.contains("clean=true"));
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused(@TempDir Path dir) throws Exception {
        String[] options = options(dir);
        try (ChildProcess first = server(options)) {
            int port = first.awaitListeningPort();
            List<String> output;
            try (ChildProcess second = server(options)) {
                output = second.awaitExit();
                assertThat(second.process().exitValue()).as("the second server's exit code").isEqualTo(1);
            }
            assertThat(output).as("what the second server said").anyMatch(line ->
                    line.startsWith("chatroom-server: --data-dir " + data(dir)) && line.contains("in use"));
            try (TestClient alice = TestClient.loginJson(port, "alice", JSON)) {
                HistoryPages.say(alice, "still here", 1);
            }
            stop(first);
        }
    }

    /**
     * N messages, written and forced ({@code --fsync always}, as {@code /metrics} shows), then a
     * second stream as fast as it goes, and a SIGKILL in its middle. After a start on the same
     * directory the N are all there with their ids, then a prefix of the second stream in order
     * with the ids its sender was echoed, and the first id given is above every id given before.
     */
    @Test
    void aSigkillMidStreamLosesNothingForcedAndNoIdIsGivenTwice(@TempDir Path dir) throws Exception {
        int n = 50;
        String[] options = options(dir, "--fsync", "always", "--http-port", "0");
        List<Event.Said> forced;
        List<Event.Said> echoed = new ArrayList<>();
        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            int http = HistoryPages.httpPort(server);
            try (TestClient alice = TestClient.loginJson(port, "alice", JSON);
                 TestClient bob = TestClient.loginJson(port, "bob", JSON)) {
                forced = HistoryPages.say(alice, "a", n);
                HistoryPages.awaitMetric(http, "history_written_total", written -> written >= n);

                AtomicInteger sent = new AtomicInteger();
                Thread stream = new Thread(() -> {
                    try {
                        while (sent.get() < 1_000_000) {
                            bob.send("b-" + sent.get());
                            sent.incrementAndGet();
                        }
                    } catch (IOException killed) {
                        // The server is gone: the end of the stream.
                    }
                }, "second-stream");
                stream.start();
                // With --fsync always the writer forces each batch before it takes the next:
                // a record of the second stream written means the first N were forced.
                HistoryPages.awaitMetric(http, "history_written_total", written -> written > n);
                assertThat(HistoryPages.metric(http, "history_fsyncs_total")).isPositive();
                server.process().toHandle().destroyForcibly(); // SIGKILL
                assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
                stream.join(TestClient.TIMEOUT.toMillis());
                assertThat(stream.isAlive()).as("the stream ended with the server").isFalse();
                assertThat(sent.get()).as("the kill came in the middle of the stream").isLessThan(1_000_000);

                for (String line : bob.awaitEof()) {
                    if (line.startsWith("{") && JsonCodec.parse(line) instanceof Event.Said said && said.echo()) {
                        echoed.add(said);
                    }
                }
            }
        }
        long highestGiven = Stream.concat(forced.stream(), echoed.stream()).mapToLong(Event.Said::id)
                .max().orElseThrow();
        Map<String, Long> echoId = new HashMap<>();
        echoed.forEach(said -> echoId.put(said.text(), said.id()));

        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            try (TestClient carol = TestClient.loginJson(port, "carol", JSON)) {
                List<Event.Said> back = HistoryPages.all(carol, "lobby");
                assertThat(back.size()).as("the first N and at least the record seen written").isGreaterThan(n);
                assertThat(idTexts(back.subList(0, n))).as("every forced message, in order, with its id")
                        .isEqualTo(idTexts(forced));
                List<Event.Said> rest = back.subList(n, back.size());
                long lastForced = forced.get(n - 1).id();
                for (int i = 0; i < rest.size(); i++) {
                    Event.Said said = rest.get(i);
                    assertThat(said.text()).as("message %d after the forced ones", i).isEqualTo("b-" + i);
                    assertThat(said.from()).isEqualTo("bob");
                    assertThat(said.id()).as("the id of b-%d", i).isEqualTo(lastForced + 1 + i);
                    if (echoId.containsKey(said.text())) {
                        assertThat(said.id()).as("b-%d's id as echoed", i).isEqualTo(echoId.get(said.text()));
                    }
                }
                Event.Said first = HistoryPages.say(carol, "after the crash", 1).get(0);
                assertThat(first.id()).as("the first id after the kill, above every id given before it")
                        .isGreaterThan(highestGiven);
            }
            assertThat(stop(server)).as("the stop before was not clean")
                    .anyMatch(line -> line.contains("event=history_open") && line.contains("clean=false"));
        }
    }

    /**
     * The first 7 bytes of a record's frame after a SIGKILL, its length past the end of the
     * file: the start reports them, the writer cuts them off, the rest is read.
     */
    @Test
    void aTornLastRecordIsDroppedAndLogged(@TempDir Path dir) throws Exception {
        String[] options = options(dir, "--fsync", "always", "--http-port", "0");
        List<Event.Said> said;
        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            int http = HistoryPages.httpPort(server);
            try (TestClient alice = TestClient.loginJson(port, "alice", JSON)) {
                said = HistoryPages.say(alice, "a", 10);
                HistoryPages.awaitMetric(http, "history_written_total", written -> written >= 10);
            }
            server.process().toHandle().destroyForcibly();
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
        }
        Path segment = lobbySegment(dir);
        long size = Files.size(segment);
        byte[] torn = ByteBuffer.allocate(7).putInt(100).put(new byte[] {1, 2, 3}).array();
        Files.write(segment, torn, StandardOpenOption.APPEND);

        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            try (TestClient carol = TestClient.loginJson(port, "carol", JSON)) {
                assertThat(idTexts(HistoryPages.all(carol, "lobby"))).isEqualTo(idTexts(said));
                Event.Said next = HistoryPages.say(carol, "after", 1).get(0);
                assertThat(next.id()).as("above the margin of an unclean stop").isGreaterThan(said.get(9).id() + 1);
                List<Event.Said> back = HistoryPages.all(carol, "lobby");
                assertThat(idTexts(back.subList(0, 10))).isEqualTo(idTexts(said));
                assertThat(idTexts(back.subList(10, back.size()))).containsExactly(HistoryPages.idText(next));
            }
            List<String> output = stop(server);
            assertThat(output).as("the torn tail, reported").anyMatch(line ->
                    line.contains("WARN") && line.contains("event=history_torn_tail room=lobby")
                            && line.contains("bytes=7"));
            assertThat(output).as("and cut off before the next record").anyMatch(line ->
                    line.contains("event=history_tail_truncated room=lobby") && line.contains("bytes=7"));
            assertThat(output).as("nothing reads as damage after the cut")
                    .noneMatch(line -> line.contains("history_skipped"));
        }
        assertThat(Files.size(segment)).as("the segment: what it held, and the new record").isGreaterThan(size);
    }

    /** 64 random bytes in the middle of a segment: the server starts, says what it skipped, and reads the rest. */
    @Test
    void randomBytesInTheMiddleLoseOnlyTheRecordsTheyHit(@TempDir Path dir) throws Exception {
        int n = 40;
        String[] options = options(dir);
        List<Event.Said> said;
        try (ChildProcess server = server(options)) {
            try (TestClient alice = TestClient.loginJson(server.awaitListeningPort(), "alice", JSON)) {
                said = HistoryPages.say(alice, "message", n);
            }
            stop(server);
        }
        Path segment = lobbySegment(dir);
        byte[] data = Files.readAllBytes(segment);
        List<int[]> records = records(data);
        assertThat(records).hasSize(n);
        int from = data.length / 2 - 32;
        int to = from + 64;
        byte[] noise = new byte[to - from];
        new Random(14).nextBytes(noise);
        System.arraycopy(noise, 0, data, from, noise.length);
        Files.write(segment, data);
        List<Event.Said> kept = new ArrayList<>();
        long damagedBytes = 0;
        for (int i = 0; i < n; i++) {
            int[] record = records.get(i);
            if (record[1] <= from || record[0] >= to) {
                kept.add(said.get(i));
            } else {
                damagedBytes += record[1] - record[0];
            }
        }
        assertThat(kept.size()).as("records hit").isBetween(n - 4, n - 1);

        try (ChildProcess server = server(options)) {
            int port = server.awaitListeningPort();
            try (TestClient carol = TestClient.loginJson(port, "carol", JSON)) {
                assertThat(idTexts(HistoryPages.all(carol, "lobby"))).as("all but the records hit")
                        .isEqualTo(idTexts(kept));
                Event.Said next = HistoryPages.say(carol, "after", 1).get(0);
                assertThat(next.id()).as("a clean stop: the next id").isEqualTo(said.get(n - 1).id() + 1);
            }
            List<String> output = stop(server);
            Matcher skipped = output.stream().map(SKIPPED::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("no history_skipped line in " + output));
            assertThat(Long.parseLong(skipped.group(2))).as("bytes skipped: the records hit, whole")
                    .isEqualTo(damagedBytes);
        }
    }

    /** Each record of a segment as {start, end} offsets, read by its frame's length. */
    private static List<int[]> records(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        int at = 8 + 1 + 2 + (in.getShort(9) & 0xffff); // "CHATLOG1", version, name length, name
        List<int[]> records = new ArrayList<>();
        while (at < data.length) {
            int end = at + 8 + in.getInt(at);
            records.add(new int[] {at, end});
            at = end;
        }
        assertThat(at).as("records end where the file does").isEqualTo(data.length);
        return records;
    }

    private static Path lobbySegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(data(dir).resolve("history").resolve("r_lobby"))) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
            assertThat(segments).as("the lobby's segments").hasSize(1);
            return segments.get(0);
        }
    }

    private static Path data(Path dir) {
        return dir.resolve("data");
    }

    private static String[] options(Path dir, String... more) {
        // No flood control, and connect limits no test reaches though /metrics is read on new connections.
        List<String> options = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--flood-rate", "0",
                "--connect-rate", "1000", "--connect-burst", "1000", "--max-per-ip", "1000",
                "--data-dir", data(dir).toString()));
        options.addAll(List.of(more));
        return options.toArray(String[]::new);
    }

    private static ChildProcess server(String... options) throws IOException {
        return ChildProcess.server(ChildProcess.serverOnClassPath(), options);
    }

    /** SIGTERM: the server must stop with 0; all it said. */
    static List<String> stop(ChildProcess server) throws Exception {
        server.signal("TERM");
        List<String> output = server.awaitExit();
        assertThat(server.process().exitValue()).as("exit code after SIGTERM; output %s", output).isZero();
        return output;
    }
}
