package chatroom.bench.history;

import chatroom.protocol.Event;
import chatroom.server.history.HistorySettings;
import chatroom.server.history.HistorySettings.FsyncPolicy;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The alternative the issue names: SQLite (org.xerial:sqlite-jdbc) in WAL mode on a writer
 * thread, driven as {@link LogRun} drives the server's log. The writer is HistoryStore's loop
 * with the storage swapped: the same queue, batches of up to 4,096 (one transaction each), and
 * the same 5 ms park after a batch, so the two differ in the format alone. The fsync policies
 * become {@code synchronous}: FULL (the WAL synced at every commit) for always, NORMAL (synced
 * at checkpoints only: a power cut loses the last commits, a crash of the process does not) for
 * everysec, OFF for no.
 *
 * <pre>
 * CREATE TABLE messages(room TEXT, id INTEGER, ts INTEGER, sender TEXT, text TEXT,
 *                       PRIMARY KEY (room, id)) WITHOUT ROWID
 * </pre>
 *
 * <p>WITHOUT ROWID: the primary key is the table's own b-tree, so a room's newest 20 are one
 * range scan and there is no second index to write. ts is nanoseconds since the epoch.
 */
final class SqliteRun {

    private static final int MAX_BATCH = 4096;
    private static final long BUSY_PARK = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(1);
    /** Transactions committed, for the progress line on stderr. */
    private static final AtomicLong batches = new AtomicLong();

    private SqliteRun() {}

    static String synchronous(FsyncPolicy fsync) {
        return switch (fsync) {
            case ALWAYS -> "FULL";
            case EVERYSEC -> "NORMAL";
            case NO -> "OFF";
        };
    }

    static RunResult run(Path dir, FsyncPolicy fsync, Workload workload, int limit, boolean byRoom,
            boolean reuse) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Appended appended = reuse ? Appended.SKIPPED : append(url, fsync, workload, byRoom);
        long bytes = Machine.bytesUnder(dir);

        double heapBefore = Machine.heapAfterGcMiB();
        long opening = System.nanoTime();
        Connection reopened = open(url, fsync);
        PreparedStatement newest = reopened.prepareStatement(
                "SELECT id, ts, sender, text FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?");
        List<Event.Said> lobby = newest(newest, workload.rooms.get(0), limit);
        double openMs = (System.nanoTime() - opening) / 1e6;
        if (lobby.size() != limit) {
            throw new IllegalStateException("the lobby gave " + lobby.size() + " messages");
        }
        StartTimes times = StartTimes.read(workload.rooms, limit, (room, n) -> newest(newest, room, n));
        double heap = Machine.heapAfterGcMiB();
        Reference.reachabilityFence(times.kept);
        newest.close();
        reopened.close();
        return new RunResult("sqlite", LogRun.name(fsync), workload.records, workload.rooms.size(),
                appended.perSec(), appended.cpuSec(), appended.dropped(), (double) bytes / workload.records,
                appended.closeMs(), openMs, times.totalMs, times.p50Ms, times.p99Ms, heap, heap - heapBefore,
                Machine.mib(bytes), Machine.load1());
    }

    private static Appended append(String url, FsyncPolicy fsync, Workload workload, boolean byRoom)
            throws Exception {
        ArrayBlockingQueue<Event.Said> queue = new ArrayBlockingQueue<>(HistorySettings.DEFAULT_QUEUE_CAPACITY);
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Connection connection = open(url, fsync);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS messages(room TEXT NOT NULL, id INTEGER NOT NULL, "
                    + "ts INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (room, id)) "
                    + "WITHOUT ROWID");
        }
        connection.setAutoCommit(false);
        Thread writer = new Thread(() -> write(connection, queue, written, workload.records, failure),
                "sqlite-writer");
        writer.setDaemon(true);

        double cpuStart = Machine.cpuSeconds();
        long start = System.nanoTime();
        writer.start();
        workload.feed(byRoom, Instant.now().minusMillis(workload.records), message -> {
            while (!queue.offer(message)) { // as fast as the queue takes them, none dropped
                if (failure.get() != null) {
                    throw new IllegalStateException("the writer failed", failure.get());
                }
                LockSupport.parkNanos(50_000);
            }
        });
        writer.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = Machine.cpuSeconds() - cpuStart;
        if (failure.get() != null) {
            throw new IllegalStateException("the writer failed", failure.get());
        }
        System.err.printf("sqlite %s: %d records in %.1f s, %d transactions%n", fsync, written.get(), seconds,
                batches.get());
        long closing = System.nanoTime();
        connection.close(); // the last connection checkpoints the WAL into the database and deletes it
        double closeMs = (System.nanoTime() - closing) / 1e6;
        return new Appended(written.get() / seconds, cpu, workload.records - written.get(), closeMs);
    }

    private static Connection open(String url, FsyncPolicy fsync) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=" + synchronous(fsync));
        }
        return connection;
    }

    /** HistoryStore's writer loop, writing to SQLite, until {@code records} are written. */
    private static void write(Connection connection, ArrayBlockingQueue<Event.Said> queue, AtomicLong written,
            long records, AtomicReference<Throwable> failure) {
        List<Event.Said> batch = new ArrayList<>(MAX_BATCH);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages(room, id, ts, sender, text) VALUES (?, ?, ?, ?, ?)")) {
            while (written.get() < records) {
                batch.clear();
                if (queue.drainTo(batch, MAX_BATCH) == 0) {
                    LockSupport.parkNanos(IDLE_PARK);
                    continue;
                }
                for (Event.Said message : batch) {
                    insert.setString(1, message.room());
                    insert.setLong(2, message.id());
                    insert.setLong(3, message.ts().getEpochSecond() * 1_000_000_000L + message.ts().getNano());
                    insert.setString(4, message.from());
                    insert.setString(5, message.text());
                    insert.executeUpdate();
                }
                connection.commit();
                written.addAndGet(batch.size());
                batches.incrementAndGet();
                LockSupport.parkNanos(BUSY_PARK);
            }
        } catch (SQLException | RuntimeException e) {
            failure.set(e);
        }
    }

    /** The newest {@code limit} of {@code room}, oldest first, as the log gives them. */
    private static List<Event.Said> newest(PreparedStatement query, String room, int limit) throws SQLException {
        query.setString(1, room);
        query.setInt(2, limit);
        List<Event.Said> messages = new ArrayList<>(limit);
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long ts = rows.getLong(2);
                messages.add(new Event.Said(Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L),
                        Math.floorMod(ts, 1_000_000_000L)), rows.getLong(1), room, rows.getString(3),
                        rows.getString(4), false));
            }
        }
        Collections.reverse(messages);
        return messages;
    }
}
