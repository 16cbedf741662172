package chatroom.server.history;

import chatroom.protocol.Event;
import chatroom.protocol.Names;
import chatroom.server.log.LogValues;
import chatroom.server.store.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms' logs on disk ({@link RoomFiles}, {@link SegmentFormat}), written and read by one
 * thread of their own ({@code chatroom-history}) so the loop never waits for a disk.
 *
 * <p>The loop's side is two bounded queues. {@link #append} is an {@code offer}: no allocation,
 * and since the writer never waits on the queue's condition, nobody to signal; only a message
 * that finds the writer in its idle park (a volatile flag) unparks it, once a quiet spell.
 * The writer polls instead: it takes what has arrived as one batch, writes it (one gathering
 * write per file), and parks a few milliseconds while messages flow, up to a second when idle.
 * A read ({@link #load}, {@link #page}) goes into a queue of its own (pages: a small bounded
 * one) and wakes the writer, which first writes every message appended before it, so a read
 * sees them all.
 *
 * <pre>
 *   loop ──append──▶ [records] ─┐
 *   loop ──load/page─▶ [reads] ─┴─▶ writer: batch ─▶ write ─▶ reads ─▶ fsync (policy) ─▶ park
 *                                       └─ compaction at start, hourly, past maxBytes
 * </pre>
 *
 * <p>Ids outlive the log: a client skips an id it has seen, so an id must never be given twice.
 * A record that never reached the disk (a crash, a full queue, a failed write) took its id
 * with it, so after an unclean stop, or once a record was dropped, the next id a room is given
 * jumps by {@link #ID_MARGIN}. A clean stop leaves a marker ({@value #CLEAN_STOP}) that the
 * next start reads and deletes. Every jump is kept beside the room's segments ({@link GapFile}):
 * a later read, in this run or another, goes on above it, and tells the chat which ids were
 * never given.
 */
public final class HistoryStore implements HistoryLog {

    /**
     * Added to a room's next id when ids may have been given that are not on disk: far more
     * messages than any room says between two fsyncs or while a queue stays full.
     */
    static final long ID_MARGIN = 1_000_000;
    /** A segment is followed by a new one past this: small enough that retention deletes in fine steps. */
    static final long SEGMENT_BYTES = 1 << 20;
    /** Pages waiting at once; past it the chat says the history is busy. */
    static final int PAGE_QUEUE = 64;
    static final String CLEAN_STOP = "clean-stop";
    /** How long {@link #close} waits for the writer to write and force what is left. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
    private static final int MAX_BATCH = 4096;
    private static final long BUSY_PARK = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long IDLE_PARK = TimeUnit.SECONDS.toNanos(1);
    private static final long FSYNC_EVERY = TimeUnit.SECONDS.toNanos(1);
    private static final long COMPACT_EVERY = TimeUnit.HOURS.toNanos(1);
    /** Past maxBytes, compaction runs again, but not more often than this (the open segments may be the excess). */
    private static final long COMPACT_GAP = TimeUnit.MINUTES.toNanos(1);
    private static final long WARN_EVERY = TimeUnit.MINUTES.toNanos(1);

    private final HistorySettings settings;
    private final HistoryReader reader;
    private final Appenders appenders;
    private final Retention retention;
    private final Tally tally = new Tally();
    private final ArrayBlockingQueue<Event> appends;
    /**
     * Loads are not bounded here: one is asked only for a room coming into memory, which the
     * chat bounds (--max-rooms), and a load refused would start a room without its history.
     */
    private final ConcurrentLinkedQueue<Runnable> loads = new ConcurrentLinkedQueue<>();
    private final ArrayBlockingQueue<Runnable> pages = new ArrayBlockingQueue<>(PAGE_QUEUE);
    private final Thread writer;
    /** Whether the last run left no marker: ids it gave may be missing from the disk. */
    private final boolean unclean;
    /**
     * By room key, the records dropped in this run when the room's log was last read (one entry
     * per room read this run: a room name on disk costs a directory already).
     */
    private final Map<String, Long> reads = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile Executor toLoop;
    /** The writer is in (or about to enter) its idle park, which a message must cut short. */
    private volatile boolean idle;
    private final long idleParkNanos;

    /** The writer thread's own state. */
    private final List<Event> batch = new ArrayList<>();
    private final Throttle writeWarnings = new Throttle(WARN_EVERY);
    private final Throttle dropWarnings = new Throttle(WARN_EVERY);
    private long dropsReported;
    private long lastForce = System.nanoTime();
    private long lastCompaction;
    private boolean compacted;

    private HistoryStore(HistorySettings settings, long segmentBytes, long idleParkNanos) throws IOException {
        this.idleParkNanos = idleParkNanos;
        this.settings = settings;
        RoomFiles files = new RoomFiles(settings.dir());
        probe(files.dir());
        Path marker = files.dir().resolve(CLEAN_STOP);
        this.unclean = !Files.exists(marker);
        if (!unclean) {
            Files.delete(marker);
            AtomicFile.forceDirectory(files.dir());
        }
        log.info("event=history_open dir={} clean={} fsync={}", files.dir(), !unclean, settings.fsync());
        this.reader = new HistoryReader(files);
        this.appenders = new Appenders(files, reader, tally, segmentBytes,
                settings.fsync() != HistorySettings.FsyncPolicy.NO);
        this.retention = new Retention(files, settings.maxAge(), settings.maxRecordsPerRoom(), settings.maxBytes());
        this.appends = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = new Thread(this::run, "chatroom-history");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens the logs in {@code settings.dir()}, made if missing, and starts the writer. Reads no
     * log: rooms are read when asked for.
     *
     * @throws IOException when the directory cannot be made or written to, saying which and why
     */
    public static HistoryStore open(HistorySettings settings) throws IOException {
        return new HistoryStore(settings, SEGMENT_BYTES, IDLE_PARK);
    }

    /** With segments of {@code segmentBytes}: tests roll segments without writing megabytes. */
    static HistoryStore open(HistorySettings settings, long segmentBytes) throws IOException {
        return new HistoryStore(settings, segmentBytes, IDLE_PARK);
    }

    /** With an idle park of {@code idleParkNanos}: a test shows who wakes a writer that would sleep for hours. */
    static HistoryStore open(HistorySettings settings, long segmentBytes, long idleParkNanos) throws IOException {
        return new HistoryStore(settings, segmentBytes, idleParkNanos);
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void attach(Executor toLoop) {
        this.toLoop = toLoop;
    }

    @Override
    public void append(Event message) {
        if (closing || !appends.offer(message)) {
            tally.dropped.incrementAndGet(); // reported by the writer, so the loop does not even read a clock
        } else if (idle) {
            // The first after a quiet spell: the writer may be parked for up to a second, and a
            // crash meanwhile would lose the message (and, with --fsync always, it is not forced).
            // While messages flow the writer parks only milliseconds and nobody wakes it: the
            // loop makes no system call for a message, and a batch stays a batch.
            LockSupport.unpark(writer);
        }
    }

    @Override
    public Loaded loadNow(String room, int limit) {
        return reader.load(room, limit, margin(room));
    }

    /** False only once closed: see {@link #loads}. */
    @Override
    public boolean load(String room, int limit, Consumer<Loaded> done) {
        return read(loads, () -> reader.load(room, limit, margin(room)), new Loaded(List.of(), 0, 0, true), done);
    }

    @Override
    public boolean page(String room, long before, int limit, Consumer<Older> done) {
        return read(pages, () -> reader.page(room, before, limit), new Older(List.of(), false, true), done);
    }

    @Override
    public Counts counts() {
        return new Counts(tally.written.get(), tally.dropped.get(), tally.writeErrors.get(), tally.fsyncs.get(),
                appends.size(), tally.bytes.get());
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("event=history_close_timeout ms={} queued={}", CLOSE_WAIT.toMillis(), appends.size());
        }
    }

    /**
     * The margin {@code room}'s next ids take now: see the class comment. Only its first read in
     * this run, or one after a record was dropped since its last read, needs it: the writer writes
     * everything appended before a read, so once a room has been read in this run its log holds
     * every id the run gave it unless a record was dropped meanwhile. Jumping on every read
     * instead would put a room a million ids further each time it emptied and came back.
     */
    private long margin(String room) {
        long dropped = tally.dropped.get();
        Long droppedAtLastRead = reads.put(Names.key(room), dropped);
        if (droppedAtLastRead == null) {
            return unclean || dropped > 0 ? ID_MARGIN : 0;
        }
        return dropped > droppedAtLastRead ? ID_MARGIN : 0;
    }

    private <T> boolean read(Queue<Runnable> queue, Supplier<T> work, T failed, Consumer<T> done) {
        boolean queued = !closing && queue.offer(() -> {
            T answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                log.warn("event=history_read_failed error={}", LogValues.quoted(e.toString()));
                answer = failed;
            }
            T result = answer;
            try {
                toLoop.execute(() -> done.accept(result));
            } catch (RejectedExecutionException e) {
                log.debug("event=history_answer_dropped reason=loop_closed");
            }
        });
        if (queued) {
            LockSupport.unpark(writer);
        }
        return queued;
    }

    private void run() {
        while (true) {
            // Read before draining: everything appended before close() is then drained below.
            boolean stopping = closing;
            try {
                compactIfDue();
                appenders.closeIdle(System.nanoTime());
                boolean wrote = writeBatch();
                // Loads first: a join waits on one, a page is someone scrolling back.
                Runnable next;
                while ((next = loads.poll()) != null || (next = pages.poll()) != null) {
                    while (writeBatch()) {
                        wrote = true; // every message appended before the read, which the read must see
                    }
                    next.run();
                }
                if (stopping) {
                    while (writeBatch()) {
                        // what is left
                    }
                    break;
                }
                forceByPolicy(wrote);
                reportDrops();
                if (wrote) {
                    LockSupport.parkNanos(BUSY_PARK);
                } else {
                    idle = true;
                    if (appends.isEmpty()) { // after idle is set: a message offered since sees it and unparks
                        LockSupport.parkNanos(idlePark());
                    }
                    idle = false;
                }
            } catch (RuntimeException e) {
                // A bug must not stop the logs for good: report it and go on with the next batch.
                log.error("event=history_writer_error error={}", LogValues.quoted(e.toString()), e);
                LockSupport.parkNanos(IDLE_PARK);
            }
        }
        finish();
    }

    /** Writes the messages that have arrived, each room's in one go; false when none had. */
    private boolean writeBatch() {
        batch.clear();
        if (appends.drainTo(batch, MAX_BATCH) == 0) {
            return false;
        }
        Map<String, List<Event>> byRoom = new LinkedHashMap<>();
        for (Event message : batch) {
            String room = HistoryLog.roomOf(message);
            if (room == null || !Names.isValid(room)) {
                tally.dropped.incrementAndGet();
                log.warn("event=history_rejected type={} room={}", message.getClass().getSimpleName(),
                        LogValues.quoted(room));
            } else {
                byRoom.computeIfAbsent(Names.key(room), key -> new ArrayList<>()).add(message);
            }
        }
        for (List<Event> messages : byRoom.values()) {
            String room = HistoryLog.roomOf(messages.get(0));
            try {
                appenders.write(room, messages);
            } catch (IOException e) {
                warnWriteFailed(room, e);
            }
        }
        batch.clear();
        return true;
    }

    private void forceByPolicy(boolean wrote) {
        boolean due = switch (settings.fsync()) {
            case ALWAYS -> wrote;
            case EVERYSEC -> System.nanoTime() - lastForce >= FSYNC_EVERY;
            case NO -> false;
        };
        if (!due) {
            return;
        }
        lastForce = System.nanoTime();
        try {
            appenders.forceDirty();
        } catch (IOException e) {
            tally.writeErrors.incrementAndGet();
            warnWriteFailed(null, e);
        }
    }

    /** Until the next fsync is due (if a file waits for one), at most the idle park. */
    private long idlePark() {
        if (settings.fsync() != HistorySettings.FsyncPolicy.EVERYSEC || !appenders.dirty()) {
            return idleParkNanos;
        }
        return Math.max(BUSY_PARK, Math.min(idleParkNanos, lastForce + FSYNC_EVERY - System.nanoTime()));
    }

    private void compactIfDue() {
        long now = System.nanoTime();
        boolean due = !compacted || now - lastCompaction >= COMPACT_EVERY
                || (tally.bytes.get() > settings.maxBytes() && now - lastCompaction >= COMPACT_GAP);
        if (!due) {
            return;
        }
        compacted = true;
        lastCompaction = now;
        try {
            tally.bytes.set(retention.compact(Instant.now(), appenders.inUse(), appenders.roomsInUse(),
                    appenders::release));
        } catch (IOException e) {
            log.warn("event=history_compaction_failed error={}", LogValues.quoted(e.toString()));
        }
    }

    private void reportDrops() {
        long dropped = tally.dropped.get();
        if (dropped > dropsReported && dropWarnings.due(System.nanoTime())) {
            log.warn("event=history_dropped count={} total={}", dropped - dropsReported, dropped);
            dropsReported = dropped;
        }
    }

    private void warnWriteFailed(String room, IOException e) {
        if (writeWarnings.due(System.nanoTime())) {
            log.warn("event=history_write_failed room={} error={} errors={} dropped={}", room,
                    LogValues.quoted(e.toString()), tally.writeErrors.get(), tally.dropped.get());
        }
    }

    /**
     * Forces and closes every file, then marks the stop clean, unless a record was lost in this
     * run (its id is not on disk: the next start must jump past it).
     */
    private void finish() {
        boolean clean = tally.dropped.get() == 0;
        try {
            appenders.closeAll(true);
        } catch (IOException e) {
            clean = false;
            tally.writeErrors.incrementAndGet();
            log.warn("event=history_write_failed error={}", LogValues.quoted(e.toString()));
        }
        reportDrops();
        if (!clean) {
            log.warn("event=history_unclean_stop dropped={} errors={}", tally.dropped.get(), tally.writeErrors.get());
            return;
        }
        try {
            AtomicFile.write(settings.dir().resolve(CLEAN_STOP), List.of("stopped " + Instant.now()));
        } catch (IOException e) {
            log.warn("event=history_write_failed file={} error={}", CLEAN_STOP, LogValues.quoted(e.toString()));
        }
    }


    /** Makes {@code dir} and writes, forces and deletes a file in it, so a bad directory stops the start. */
    private static void probe(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            Path probe = dir.resolve(".probe");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(new byte[] {'?'}));
                channel.force(true);
            }
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("the history directory " + dir + " cannot be written: " + e, e);
        }
    }
}
