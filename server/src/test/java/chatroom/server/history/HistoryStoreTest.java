package chatroom.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.Event;
import chatroom.server.history.HistoryLog.Counts;
import chatroom.server.history.HistoryLog.Gap;
import chatroom.server.history.HistoryLog.Loaded;
import chatroom.server.history.HistoryLog.Older;
import chatroom.server.history.HistorySettings.FsyncPolicy;
import chatroom.server.log.CapturedLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on its real thread over a temporary directory. Reads are the tests' barrier: the
 * writer writes everything appended before a read first. Nothing waits for a time.
 */
class HistoryStoreTest {

    private static final Instant T = Instant.parse("2026-12-02T07:00:00Z");
    /** Generous: only a failure waits this long. */
    private static final long WAIT_SECONDS = 30;
    /** About four records of {@link #said} a segment: the tests roll segments often. */
    private static final long SMALL_SEGMENTS = 200;

    @TempDir
    Path data;

    private Path dir;
    private final List<HistoryStore> opened = new ArrayList<>();
    private CapturedLog readerLog;
    private CapturedLog storeLog;

    @BeforeEach
    void captureLogs() {
        dir = data.resolve("history");
        readerLog = CapturedLog.of(HistoryReader.class);
        storeLog = CapturedLog.of(HistoryStore.class);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(HistoryStore::close);
        readerLog.close();
        storeLog.close();
    }

    private static Event said(long id) {
        return said(id, "Lobby");
    }

    private static Event said(long id, String room) {
        return new Event.Said(T.plusSeconds(id), id, room, "alice", "message " + id, false);
    }

    private HistorySettings settings() {
        return new HistorySettings(dir, FsyncPolicy.ALWAYS, null, 0, Long.MAX_VALUE, 1024);
    }

    private HistoryStore open(HistorySettings settings) throws IOException {
        HistoryStore store = HistoryStore.open(settings, SMALL_SEGMENTS);
        store.attach(Runnable::run);
        opened.add(store);
        return store;
    }

    private HistoryStore open() throws IOException {
        return open(settings());
    }

    /** A store holding messages 1 to {@code count} of Lobby, closed cleanly. */
    private void written(int count) throws IOException {
        HistoryStore store = open();
        for (int id = 1; id <= count; id++) {
            store.append(said(id));
        }
        store.close();
    }

    private static Loaded load(HistoryLog store, String room, int limit) throws Exception {
        CompletableFuture<Loaded> answer = new CompletableFuture<>();
        assertThat(store.load(room, limit, answer::complete)).isTrue();
        return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Older page(HistoryLog store, String room, long before, int limit) throws Exception {
        CompletableFuture<Older> answer = new CompletableFuture<>();
        assertThat(store.page(room, before, limit, answer::complete)).isTrue();
        return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static List<Long> ids(List<Event> messages) {
        return messages.stream().map(HistoryLog::idOf).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        return ids;
    }

    private List<Path> segments(String roomKey) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("r_" + roomKey))) {
            return files.sorted().toList();
        }
    }

    @Nested
    class AppendAndLoad {

        @Test
        void theNewestComeBackOldestFirstAndIdsGoOnAfterACleanStop() throws Exception {
            written(30);

            Loaded loaded = open().loadNow("LOBBY", 5);

            assertThat(ids(loaded.newest())).containsExactly(26L, 27L, 28L, 29L, 30L);
            assertThat(loaded.newest().get(4)).isEqualTo(said(30));
            assertThat(loaded.nextId()).isEqualTo(31);
            assertThat(loaded.oldestId()).isEqualTo(1);
            assertThat(loaded.failed()).isFalse();
        }

        @Test
        void aMessageAfterAQuietSpellWakesTheIdleWriter() throws Exception {
            // A crash (kill -9) loses what the writer has not written yet: with --fsync always the
            // README promises a few milliseconds, not the writer's idle park. Here that park is an
            // hour, so only the message itself can wake the writer in time for the wait below.
            HistoryStore store = HistoryStore.open(settings(), SMALL_SEGMENTS, TimeUnit.HOURS.toNanos(1));
            store.attach(Runnable::run);
            opened.add(store);
            store.append(said(1));
            awaitWritten(store, 1);
            Thread.sleep(100); // the writer finds nothing more and parks (if it has not yet, this proves less, never fails)

            store.append(said(2));

            awaitWritten(store, 2);
            assertThat(store.counts().written()).isEqualTo(2);
        }

        private void awaitWritten(HistoryStore store, long count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (store.counts().written() < count && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }

        @Test
        void aReadSeesEveryMessageAppendedBeforeIt() throws Exception {
            HistoryStore store = open();
            for (int id = 1; id <= 100; id++) {
                store.append(said(id));
            }

            Loaded loaded = load(store, "lobby", 1000);

            assertThat(ids(loaded.newest())).isEqualTo(range(1, 100));
            assertThat(store.counts().written()).isEqualTo(100);
            assertThat(store.counts().dropped()).isZero();
        }

        @Test
        void onlyTheNewestSegmentsNeededAreRead() throws Exception {
            written(40);
            // The oldest segment made unreadable: a load that touched it would say it failed.
            Path oldest = segments("lobby").get(0);
            Files.delete(oldest);
            Files.createDirectory(oldest);

            Loaded loaded = open().loadNow("Lobby", 3);

            assertThat(ids(loaded.newest())).containsExactly(38L, 39L, 40L);
            assertThat(loaded.failed()).isFalse();
        }

        @Test
        void segmentsRollAndAreNamedByTheirFirstId() throws Exception {
            written(40);

            List<Path> segments = segments("lobby");

            assertThat(segments).hasSizeGreaterThan(5);
            assertThat(segments.get(0).getFileName()).hasToString("00000000000000000001.log");
            assertThat(segments).allSatisfy(file -> assertThat(Files.size(file)).isLessThanOrEqualTo(SMALL_SEGMENTS));
        }

        @Test
        void aRoomWithNothingOnDiskIsNothing() throws Exception {
            HistoryStore store = open();

            assertThat(store.loadNow("quiet", 10)).isEqualTo(Loaded.NOTHING);
            assertThat(load(store, "quiet", 10)).isEqualTo(Loaded.NOTHING);
        }

        @Test
        void roomsDifferingInCaseShareALogAndOthersDoNot() throws Exception {
            HistoryStore store = open();
            store.append(said(1, "Lobby"));
            store.append(said(2, "LOBBY"));
            store.append(said(1, "Other"));

            assertThat(ids(load(store, "lobby", 10).newest())).containsExactly(1L, 2L);
            assertThat(ids(load(store, "other", 10).newest())).containsExactly(1L);
        }

        @Test
        void moreRoomsThanOpenFilesAreAllKept() throws Exception {
            int rooms = Appenders.MAX_OPEN + 8;
            HistorySettings base = settings();
            HistorySettings roomy = new HistorySettings(base.dir(), base.fsync(), base.maxAge(), base.maxRecordsPerRoom(),
                    base.maxBytes(), 2 * rooms); // a round of appends fits the queue
            HistoryStore store = open(roomy);
            for (int id = 1; id <= 3; id++) {
                for (int room = 0; room < rooms; room++) {
                    store.append(said(id, "room" + room));
                }
                load(store, "room0", 1); // one batch per round: every room's file is reopened each time
            }
            store.close();

            HistoryStore reopened = open(roomy);
            for (int room = 0; room < rooms; room++) {
                assertThat(ids(reopened.loadNow("room" + room, 10).newest())).containsExactly(1L, 2L, 3L);
            }
        }

        @Test
        void aSegmentChangedSinceTheWriterClosedItIsReadAgainBeforeItGrows() throws Exception {
            HistoryStore store = open();
            store.append(said(1, "room0"));
            load(store, "room0", 1);
            for (int room = 1; room <= Appenders.MAX_OPEN; room++) {
                store.append(said(1, "room" + room)); // room0's file is closed to make way
            }
            load(store, "room0", 1);
            Path segment;
            try (var files = Files.list(dir.resolve("r_room0"))) {
                segment = files.findFirst().orElseThrow();
            }
            Files.write(segment, new byte[] {0, 0, 0, 9, 1, 2}, StandardOpenOption.APPEND); // a torn record

            store.append(said(2, "room0"));
            Loaded loaded = load(store, "room0", 10);

            assertThat(ids(loaded.newest())).as("the tear was cut off, not written past").containsExactly(1L, 2L);
            assertThat(readerLog.events("history_skipped")).isEmpty();
        }

        @Test
        void actionsAreKeptAsActions() throws Exception {
            HistoryStore store = open();
            Event action = new Event.Action(T, 1, "Lobby", "bob", "waves", false);
            store.append(action);

            assertThat(load(store, "Lobby", 10).newest()).containsExactly(action);
        }
    }

    @Nested
    class Pages {

        @Test
        void pagesGoBackAcrossSegmentsAndSayWhetherMoreAreOlder() throws Exception {
            written(40);
            HistoryStore store = open();

            Older first = page(store, "lobby", 25, 10);
            Older last = page(store, "lobby", 5, 10);
            Older exact = page(store, "lobby", 11, 10);

            assertThat(ids(first.messages())).isEqualTo(range(15, 24));
            assertThat(first.more()).isTrue();
            assertThat(ids(last.messages())).isEqualTo(range(1, 4));
            assertThat(last.more()).isFalse();
            assertThat(ids(exact.messages())).isEqualTo(range(1, 10));
            assertThat(exact.more()).isFalse();
        }

        @Test
        void beforeEverythingIsAnEmptyPage() throws Exception {
            written(10);

            Older older = page(open(), "lobby", 1, 10);

            assertThat(older.messages()).isEmpty();
            assertThat(older.more()).isFalse();
        }
    }

    @Nested
    class Damage {

        @Test
        void aTornTailIsDroppedLoggedOnceAndCutBeforeTheNextAppend() throws Exception {
            written(3);
            Path newest = segments("lobby").get(0);
            long whole = Files.size(newest);
            try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
                file.setLength(whole - 5);
            }
            HistoryStore store = open();

            assertThat(ids(store.loadNow("lobby", 10).newest())).containsExactly(1L, 2L);
            assertThat(ids(load(store, "lobby", 10).newest())).containsExactly(1L, 2L);
            assertThat(readerLog.events("history_torn_tail")).hasSize(1).first().asString()
                    .contains("room=lobby", "file=" + newest, "bytes=");

            store.append(said(4));
            assertThat(ids(load(store, "lobby", 10).newest())).containsExactly(1L, 2L, 4L);
            store.close();
            assertThat(ids(open().loadNow("lobby", 10).newest())).containsExactly(1L, 2L, 4L);
            assertThat(readerLog.events("history_torn_tail")).hasSize(1);
        }

        @Test
        void randomBytesInTheMiddleLoseOnlyWhatTheyHit() throws Exception {
            HistoryStore writer = HistoryStore.open(settings(), HistoryStore.SEGMENT_BYTES);
            opened.add(writer);
            for (int id = 1; id <= 100; id++) {
                writer.append(said(id));
            }
            writer.close();
            Path segment = segments("lobby").get(0);
            byte[] bytes = Files.readAllBytes(segment);
            byte[] noise = new byte[40];
            new Random(14).nextBytes(noise);
            System.arraycopy(noise, 0, bytes, bytes.length / 2, noise.length);
            Files.write(segment, bytes);

            Loaded loaded = open().loadNow("lobby", 1000);

            assertThat(loaded.newest()).hasSizeBetween(95, 99);
            assertThat(ids(loaded.newest())).startsWith(1L, 2L).endsWith(99L, 100L);
            assertThat(loaded.failed()).isFalse();
            assertThat(loaded.nextId()).isEqualTo(101);
            assertThat(readerLog.events("history_skipped")).isNotEmpty();
        }
    }

    @Nested
    class Ids {

        @Test
        void afterAStopThatWasNotCleanTheIdsJumpByTheMargin() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP)); // as a crash leaves it

            Loaded loaded = open().loadNow("lobby", 5);

            assertThat(loaded.nextId()).isEqualTo(11 + HistoryStore.ID_MARGIN);
        }

        /** The jump is recorded ({@link GapFile}) and handed out again by every later read: see {@link Gaps}. */
        @Test
        void afterAStopThatWasNotCleanARoomReadAgainJumpsNoFurtherButKnowsTheJump() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP)); // as a crash leaves it
            HistoryStore store = open();

            Loaded first = load(store, "lobby", 5);
            store.append(said(first.nextId()));
            store.append(said(first.nextId() + 1));
            // The room emptied and left memory; someone joins it again: everything it gave is on disk.
            Loaded again = load(store, "lobby", 5);
            store.close();
            Loaded restarted = open().loadNow("lobby", 5);

            assertThat(first.nextId()).isEqualTo(11 + HistoryStore.ID_MARGIN);
            assertThat(again.nextId()).isEqualTo(first.nextId() + 2);
            assertThat(restarted.nextId()).isEqualTo(first.nextId() + 2);
            Gap jump = new Gap(11, 10 + HistoryStore.ID_MARGIN);
            assertThat(List.of(first, again, restarted)).allSatisfy(loaded -> assertThat(loaded.gaps())
                    .containsExactly(jump));
            assertThat(Files.readAllLines(dir.resolve("r_lobby").resolve(GapFile.NAME)))
                    .containsExactly("11 " + (10 + HistoryStore.ID_MARGIN));
        }

        @Test
        void aRecordDroppedAfterARoomWasReadMakesItsNextReadJumpAgain() throws Exception {
            written(10);
            HistoryStore store = open(new HistorySettings(dir, FsyncPolicy.ALWAYS, null, 0, Long.MAX_VALUE, 4));
            Loaded first = load(store, "lobby", 5);
            assertThat(first.nextId()).isEqualTo(11);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            store.attach(task -> {
                holding.countDown();
                await(letGo);
                task.run();
            });
            assertThat(store.load("lobby", 1, loaded -> { })).isTrue();
            await(holding);
            for (int id = 11; id <= 20; id++) {
                store.append(said(id));
            }
            letGo.countDown();
            store.attach(Runnable::run);

            assertThat(load(store, "lobby", 1).nextId()).isEqualTo(15 + HistoryStore.ID_MARGIN);
        }

        @Test
        void theMarkerIsUsedOnceOnly() throws Exception {
            written(10);
            open().loadNow("lobby", 1);
            assertThat(dir.resolve(HistoryStore.CLEAN_STOP)).doesNotExist();
        }

        @Test
        void droppedRecordsMakeTheIdsJumpNowAndAfterTheStop() throws Exception {
            written(10);
            HistoryStore store = open(new HistorySettings(dir, FsyncPolicy.ALWAYS, null, 0, Long.MAX_VALUE, 4));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            // The writer hands a read's answer to the loop: this loop keeps the writer until let go.
            store.attach(task -> {
                holding.countDown();
                await(letGo);
                task.run();
            });
            assertThat(store.load("lobby", 1, loaded -> { })).isTrue();
            await(holding);

            for (int id = 11; id <= 20; id++) {
                store.append(said(id));
            }
            Counts full = store.counts();
            letGo.countDown();

            assertThat(full.dropped()).isEqualTo(6);
            assertThat(full.queued()).isEqualTo(4);
            Loaded jumped = store.loadNow("lobby", 1);
            assertThat(jumped.nextId()).isGreaterThan(HistoryStore.ID_MARGIN);
            store.close();
            assertThat(store.counts().written()).isEqualTo(4);
            assertThat(storeLog.events("history_dropped")).isNotEmpty();
            Loaded after = open().loadNow("lobby", 100);
            assertThat(ids(after.newest())).isEqualTo(range(1, 14));
            // Ids from the first jump's end on may have been given and lost: the next jump starts there.
            assertThat(after.nextId()).isEqualTo(jumped.nextId() + HistoryStore.ID_MARGIN);
            assertThat(after.gaps()).containsExactly(jumped.gaps().get(0),
                    new Gap(jumped.nextId(), after.nextId() - 1));
        }
    }

    /** The jumps a room's ids took, kept beside its segments ({@link GapFile}). */
    @Nested
    class Gaps {

        private static final long M = HistoryStore.ID_MARGIN;

        private CapturedLog gapLog;

        @BeforeEach
        void captureGapLog() {
            gapLog = CapturedLog.of(GapFile.class);
        }

        @AfterEach
        void releaseGapLog() {
            gapLog.close();
        }

        private Path gapFile() {
            return dir.resolve("r_lobby").resolve(GapFile.NAME);
        }

        @Test
        void aCleanLogHasNone() throws Exception {
            written(10);

            Loaded loaded = open().loadNow("lobby", 5);

            assertThat(loaded.gaps()).isEmpty();
            assertThat(gapFile()).doesNotExist();
        }

        /** Without the record of the jump, the second read would go on at 11: ids the crashed run may have given. */
        @Test
        void aRoomReadAgainWithNothingSaidSinceTheJumpGoesOnAboveIt() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));
            HistoryStore store = open();

            Loaded first = load(store, "lobby", 5);
            Loaded again = load(store, "lobby", 5);
            store.close();

            assertThat(again.nextId()).isEqualTo(first.nextId());
            assertThat(open().loadNow("lobby", 5).nextId()).isEqualTo(first.nextId());
        }

        @Test
        void aSecondUncleanStopJumpsFromTheEndOfTheFirstJump() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));
            HistoryStore store = open();
            Loaded first = load(store, "lobby", 5);
            store.append(said(first.nextId()));
            store.close();
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));

            Loaded second = open().loadNow("lobby", 5);

            assertThat(second.nextId()).isEqualTo(first.nextId() + 1 + M);
            assertThat(second.gaps()).containsExactly(new Gap(11, 10 + M),
                    new Gap(first.nextId() + 1, first.nextId() + M));
        }

        @Test
        void aDamagedLineIsSkippedWithAWarning() throws Exception {
            written(10);
            Files.write(gapFile(), new byte[] {'x', '\n', '2', ' ', '3', '\n', '1', ' ', '1', '\n', '4', ' ', 'x', '\n',
                    (byte) 0xff, '\n', '5', ' ', '6', '\n', '9', '\n'});

            Loaded loaded = open().loadNow("lobby", 5);

            assertThat(loaded.gaps()).containsExactly(new Gap(2, 3), new Gap(5, 6));
            assertThat(loaded.nextId()).isEqualTo(11);
            assertThat(gapLog.events("history_gaps_skipped")).hasSize(5);
        }

        @Test
        void aFileTooBigIsSkippedWithAWarning() throws Exception {
            written(10);
            Files.write(gapFile(), new byte[(1 << 20) + 1]);

            Loaded loaded = open().loadNow("lobby", 5);

            assertThat(loaded.gaps()).isEmpty();
            assertThat(loaded.nextId()).isEqualTo(11);
            assertThat(gapLog.events("history_gaps_skipped")).hasSize(1);
        }

        @Test
        void jumpsBelowTheOldestSegmentAreDroppedWhenTheFileIsRewritten() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));
            HistoryStore store = open();
            long jumped = load(store, "lobby", 5).nextId(); // jump 11..M+10
            for (long id = jumped; id < jumped + 20; id++) {
                store.append(said(id));
            }
            store.close();
            // Retention takes the segments holding 1..10 (and maybe some after the jump).
            for (RoomFiles.Segment segment : RoomFiles.segments(dir.resolve("r_lobby"))) {
                if (segment.firstId() < jumped) {
                    Files.delete(segment.file());
                }
            }
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));

            Loaded loaded = open().loadNow("lobby", 5);

            assertThat(loaded.oldestId()).isGreaterThan(10 + M);
            assertThat(loaded.gaps()).containsExactly(new Gap(jumped + 20, jumped + 19 + M));
            assertThat(Files.readAllLines(gapFile())).containsExactly(jumped + 20 + " " + (jumped + 19 + M));
        }

        @Test
        void atMostMaxGapsAreKept() throws Exception {
            written(10);
            List<String> lines = new ArrayList<>();
            for (long i = 1; i <= GapFile.MAX_GAPS; i++) {
                lines.add(i * 10 + 1 + " " + (i * 10 + 5));
            }
            Files.write(gapFile(), lines);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));

            Loaded loaded = open().loadNow("lobby", 5);

            long last = GapFile.MAX_GAPS * 10L + 5;
            assertThat(loaded.nextId()).isEqualTo(last + 1 + M);
            assertThat(loaded.gaps()).hasSize(GapFile.MAX_GAPS).startsWith(new Gap(21, 25))
                    .endsWith(new Gap(last + 1, last + M));
            assertThat(Files.readAllLines(gapFile())).hasSize(GapFile.MAX_GAPS).startsWith("21 25");
        }

        @Test
        void retentionTakesTheFileWithTheRoomsLastSegment() throws Exception {
            written(10);
            Files.delete(dir.resolve(HistoryStore.CLEAN_STOP));
            open().loadNow("lobby", 5);
            assertThat(gapFile()).exists();
            Retention retention = new Retention(new RoomFiles(dir), Duration.ZERO, 0, Long.MAX_VALUE);

            retention.compact(Instant.now().plusSeconds(60), Set.of(), Set.of());

            assertThat(dir.resolve("r_lobby")).doesNotExist();
        }
    }

    @Nested
    class WriteErrors {

        @Test
        void aReadThatKeepsFailingIsWarnedAboutOnceAMinuteNotOnceAJoin() throws Exception {
            // One address hopping rooms at its flood limit asks for a read every 100 ms; with
            // the descriptors gone (EMFILE) every one fails, and a line each filled the log.
            HistoryStore store = open();
            Files.writeString(dir.resolve("r_broken"), "a file where the room's directory should be");

            for (int i = 0; i < 5; i++) {
                assertThat(store.loadNow("broken", 10).failed()).isTrue();
            }

            assertThat(readerLog.events("history_read_failed")).hasSize(1).first().asString()
                    .contains("room=broken");
        }

        @Test
        void aFailedWriteIsCountedAndTheNextOneWorks() throws Exception {
            HistoryStore store = open();
            Files.createDirectories(dir);
            Path roomDir = dir.resolve("r_lobby");
            Files.writeString(roomDir, "in the way");

            store.append(said(1));
            load(store, "other", 1);
            Counts failed = store.counts();
            Files.delete(roomDir);
            store.append(said(2));
            Loaded loaded = load(store, "lobby", 10);

            assertThat(failed.writeErrors()).isEqualTo(1);
            assertThat(failed.dropped()).isEqualTo(1);
            assertThat(storeLog.events("history_write_failed")).hasSize(1);
            assertThat(ids(loaded.newest())).containsExactly(2L);
            assertThat(store.counts().written()).isEqualTo(1);
        }

        @Test
        void aFullDiskIsAWriteErrorAndAStopThatIsNotClean() throws Exception {
            Path full = Path.of("/dev/full");
            assumeTrue(Files.isWritable(full), "no /dev/full here");
            written(1);
            Path segment = segments("lobby").get(0);
            HistoryStore store = open();
            load(store, "other", 1); // the start's compaction is over: it would remove a room left empty
            // The segment is reopened for the next append: now every write to it fails as on a full disk.
            Files.delete(segment);
            Files.createSymbolicLink(segment, full);

            store.append(said(2));
            load(store, "other", 1);

            assertThat(store.counts().writeErrors()).isEqualTo(1);
            assertThat(store.counts().dropped()).isEqualTo(1);
            store.close();
            assertThat(dir.resolve(HistoryStore.CLEAN_STOP)).doesNotExist();
        }

        @Test
        void aDirectoryThatCannotBeWrittenStopsTheStart() throws Exception {
            Path file = Files.writeString(data.resolve("not-a-dir"), "x");

            assertThatThrownBy(() -> HistoryStore.open(new HistorySettings(file.resolve("history"),
                    FsyncPolicy.NO, null, 0, Long.MAX_VALUE, 16)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("history directory " + file.resolve("history"));
        }
    }

    @Nested
    class Names {

        @Test
        void aNameThatIsNotOneHasNothingAndMakesNoFile() throws Exception {
            HistoryStore store = open();

            for (String bad : List.of("../etc", "..", "", "a/b", "a\\b", "x".repeat(25), "caf\u00e9")) {
                assertThat(store.loadNow(bad, 1)).isEqualTo(Loaded.NOTHING);
                assertThat(load(store, bad, 1)).isEqualTo(Loaded.NOTHING);
                assertThat(page(store, bad, 1, 1)).isEqualTo(new Older(List.of(), false, false));
                store.append(said(1, bad));
            }
            load(store, "lobby", 1);

            assertThat(store.counts().dropped()).isEqualTo(7);
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files).containsExactly(dir);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }

        @Test
        void aPathOutsideTheHistoryIsNeverAFileName() {
            RoomFiles files = new RoomFiles(dir);

            assertThat(files.roomDir("Lobby")).isEqualTo(dir.toAbsolutePath().resolve("r_lobby"));
            for (String bad : List.of("..", "../x", "a/b", "", ".")) {
                assertThatThrownBy(() -> files.roomDir(bad)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Nested
    class Reads {

        @Test
        void loadsAreNeverRefusedPagesAreBoundedAndLoadsGoFirst() throws Exception {
            HistoryStore store = open();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            List<String> answered = new CopyOnWriteArrayList<>();
            store.attach(task -> {
                holding.countDown();
                await(letGo);
                task.run();
            });
            assertThat(store.load("lobby", 1, loaded -> answered.add("first"))).isTrue();
            await(holding);

            int pagesTaken = 0;
            for (int i = 0; i < HistoryStore.PAGE_QUEUE + 10; i++) {
                pagesTaken += store.page("lobby", 10, 1, older -> answered.add("page")) ? 1 : 0;
            }
            for (int i = 0; i < 200; i++) {
                assertThat(store.load("lobby", 1, loaded -> answered.add("load"))).isTrue();
            }
            letGo.countDown();
            store.close();

            assertThat(pagesTaken).isEqualTo(HistoryStore.PAGE_QUEUE);
            assertThat(answered).hasSize(1 + 200 + HistoryStore.PAGE_QUEUE);
            assertThat(answered.subList(1, 201)).containsOnly("load");
            assertThat(store.load("lobby", 1, loaded -> { })).isFalse();
        }
    }

    @Nested
    class Bounds {

        private void age(Path file, Duration by) throws IOException {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
        }

        @Test
        void segmentsOlderThanTheMaxAgeAreDeleted() throws Exception {
            written(40);
            List<Path> before = segments("lobby");
            for (Path old : before.subList(0, 3)) {
                age(old, Duration.ofDays(31));
            }

            open(new HistorySettings(dir, FsyncPolicy.ALWAYS, Duration.ofDays(30), 0, Long.MAX_VALUE, 16)).close();

            assertThat(segments("lobby")).isEqualTo(before.subList(3, before.size()));
        }

        @Test
        void aRoomThatAgedAwayWhollyLosesItsDirectory() throws Exception {
            written(10);
            for (Path old : segments("lobby")) {
                age(old, Duration.ofDays(31));
            }

            open(new HistorySettings(dir, FsyncPolicy.ALWAYS, Duration.ofDays(30), 0, Long.MAX_VALUE, 16)).close();

            assertThat(dir.resolve("r_lobby")).doesNotExist();
        }

        @Test
        void aRoomKeepsAboutItsMaxRecords() throws Exception {
            written(40);

            open(new HistorySettings(dir, FsyncPolicy.ALWAYS, null, 10, Long.MAX_VALUE, 16)).close();

            List<Long> kept = ids(open().loadNow("lobby", 1000).newest());
            // The newest segment is counted as one record (it is not read): up to two segments more are kept.
            assertThat(kept).hasSizeBetween(10, 20).endsWith(40L);
            assertThat(kept.get(0)).isGreaterThan(1L);
        }

        @Test
        void pastTheMaxBytesTheBiggestRoomGivesItsOldestFirstThoughAQuietRoomIsOlder() throws Exception {
            HistoryStore store = open();
            for (int id = 1; id <= 3; id++) {
                store.append(said(id, "Quiet"));
            }
            for (int id = 1; id <= 40; id++) {
                store.append(said(id, "Flood"));
            }
            store.close();
            List<Path> quiet = segments("quiet");
            for (Path old : quiet) {
                age(old, Duration.ofHours(2)); // written long before the flood
            }
            List<Path> flood = segments("flood");
            long bound = bytes(quiet) + bytes(flood) / 2;

            HistoryStore compacted = open(new HistorySettings(dir, FsyncPolicy.ALWAYS, null, 0, bound, 16));
            compacted.close();

            assertThat(segments("quiet")).as("the quiet room keeps all it had").isEqualTo(quiet);
            List<Path> left = segments("flood");
            assertThat(left).as("the flood's newest stay").isNotEmpty()
                    .isEqualTo(flood.subList(flood.size() - left.size(), flood.size()));
            assertThat(bytes(quiet) + bytes(left)).isLessThanOrEqualTo(bound);
        }

        /** What the bound counts a room with these segments as: their blocks, and a block for the directory. */
        private long bytes(List<Path> files) throws IOException {
            long total = files.isEmpty() ? 0 : RoomFiles.BLOCK;
            for (Path file : files) {
                total += RoomFiles.blocks(Files.size(file));
            }
            return total;
        }

        @Test
        void pastTheMaxBytesRoomsOfOneOpenSegmentEachGiveThemBeforeAQuietRoomGivesItsClosedOne() throws Exception {
            HistoryStore store = open();
            for (int id = 1; id <= 3; id++) {
                store.append(said(id, "Quiet"));
            }
            store.close(); // a restart: the quiet room's segment is closed, the flood's below stay open
            HistoryStore flooded = open();
            for (int room = 0; room < 4; room++) {
                for (int id = 1; id <= 3; id++) {
                    flooded.append(said(id, "flood" + room));
                }
            }
            flooded.close();
            List<Path> quiet = segments("quiet");
            age(quiet.get(0), Duration.ofHours(2));
            Set<Path> open = new java.util.HashSet<>();
            long floodBytes = 0;
            for (int room = 0; room < 4; room++) {
                open.addAll(segments("flood" + room));
                floodBytes += bytes(segments("flood" + room));
            }
            Set<Path> released = new java.util.HashSet<>();
            Retention retention = new Retention(new RoomFiles(dir), null, 0, bytes(quiet) + floodBytes / 2);

            retention.compact(Instant.now(), open, Set.of(), released::add);

            assertThat(segments("quiet")).as("the quiet room keeps its closed segment").isEqualTo(quiet);
            assertThat(released).as("open flood segments were closed to go").isNotEmpty().isSubsetOf(open);
            released.forEach(file -> assertThat(file).doesNotExist());
        }

        @Test
        void theSegmentOpenForAppendingIsNeverDeleted() throws Exception {
            written(10);
            List<Path> segments = segments("lobby");
            Path appending = segments.get(segments.size() - 1);
            for (Path old : segments) {
                age(old, Duration.ofDays(31));
            }
            Retention retention = new Retention(new RoomFiles(dir), Duration.ofDays(30), 1, 1);

            long left = retention.compact(Instant.now(), Set.of(appending), Set.of(appending.getParent()));

            assertThat(segments("lobby")).containsExactly(appending);
            assertThat(left).isEqualTo(RoomFiles.BLOCK + RoomFiles.blocks(Files.size(appending)));
        }
    }

    @Test
    void eachFsyncPolicyKeepsTheMessagesOverACleanStop() throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path policyDir = data.resolve(policy.name());
            HistoryStore store = open(new HistorySettings(policyDir, policy, null, 0, Long.MAX_VALUE, 16));
            store.append(said(1));
            store.close();

            assertThat(ids(open(new HistorySettings(policyDir, policy, null, 0, Long.MAX_VALUE, 16))
                    .loadNow("lobby", 5).newest())).containsExactly(1L);
            assertThat(store.counts().fsyncs()).isPositive();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
