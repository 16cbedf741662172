package chatroom.server.store;

import chatroom.server.auth.OperFile;
import chatroom.server.auth.OperTable;
import chatroom.server.auth.Registration;
import chatroom.server.log.LogValues;
import chatroom.server.mod.Ban;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --data-dir}: {@code bans.tsv} and {@code names.tsv}, written by one thread of its
 * own ({@code chatroom-store}), so the loop hands over a snapshot and never waits for a disk.
 *
 * <p>Saves coalesce: a snapshot replaces the one still waiting to be written, so a thousand bans
 * in a second cost a few writes, and the file always ends with the newest. Each write is
 * atomic ({@link AtomicFile}); one that fails is logged and the next change tries again.
 *
 * <p>A SIGHUP reload ({@link #reload}) runs on the same thread, after every write asked for
 * before it: a hand edit is read after the server's own last change is on disk. A ban made or
 * lifted while the file is being read, or still unwritten when it is, would be undone by what
 * was read, so the reload tells the loop whether the bans it read are still the newest
 * ({@link Reloaded}): SIGHUP comes from outside (logrotate, a service manager) at any moment.
 */
public final class StateStore implements Persistence, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    /** How long {@link #close} waits for a write still under way. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Path bansFile;
    private final Path namesFile;
    /** One thread; tasks run in the order asked, which orders reloads after writes. */
    private final ExecutorService thread;
    /** The bans waiting to be written; null when no write is queued (the next save queues one). */
    private final AtomicReference<Snapshot<Ban>> pendingBans = new AtomicReference<>();
    private final AtomicReference<Snapshot<Registration>> pendingNames = new AtomicReference<>();
    /** Ban snapshots saved so far (numbered on the loop), and the number of the last one on disk. */
    private final AtomicLong bansSaved = new AtomicLong();
    private volatile long bansWritten;

    /** A save, numbered in the order it was asked. */
    private record Snapshot<T>(List<T> items, long number) {}

    /** What a SIGHUP reload read, handed over on the store thread. */
    @FunctionalInterface
    public interface Reloaded {
        /**
         * @param opers the operators read, or null (no file, or it cannot be read)
         * @param bans the bans read, or null (it cannot be read)
         * @param current asked on the loop before the bans are used: false if bans were saved that
         *     the file did not hold when it was read, then the bans read are older than the loop's
         */
        void accept(OperTable opers, List<Ban> bans, BooleanSupplier current);
    }

    /** Keeps the files in {@code dir}, which must exist. */
    public StateStore(Path dir) {
        this.bansFile = bansFile(dir);
        this.namesFile = namesFile(dir);
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread store = new Thread(task, "chatroom-store");
            store.setDaemon(true);
            return store;
        });
    }

    /** Where the bans are kept. */
    public static Path bansFile(Path dir) {
        return dir.resolve(BanFile.FORMAT.fileName());
    }

    /** Where the registered names are kept. */
    public static Path namesFile(Path dir) {
        return dir.resolve(NameFile.FORMAT.fileName());
    }

    @Override
    public void saveBans(List<Ban> bans) {
        Snapshot<Ban> snapshot = new Snapshot<>(List.copyOf(bans), bansSaved.incrementAndGet());
        save(pendingBans, snapshot, bansFile, BanFile.FORMAT, written -> bansWritten = written);
    }

    @Override
    public void saveNames(List<Registration> names) {
        save(pendingNames, new Snapshot<>(List.copyOf(names), 0), namesFile, NameFile.FORMAT, written -> { });
    }

    @Override
    public boolean keepsNames() {
        return true;
    }

    /**
     * SIGHUP: reads {@code operFile} (null: none, the operators stay) and the bans again on the
     * store thread, once the writes asked for so far are done, and gives {@code onDone} (on that
     * thread) what could be read: a file that cannot be read gives null and a WARN, and that
     * part stays as it was.
     */
    public void reload(Path operFile, Reloaded onDone) {
        try {
            thread.execute(() -> {
                OperTable opers = rereadOpers(operFile);
                long onDisk = bansWritten;
                List<Ban> bans = reread("bans", bansFile, BanFile.FORMAT::read);
                onDone.accept(opers, bans, () -> bansSaved.get() == onDisk);
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=reload_skipped error=\"closed\"");
        }
    }

    /**
     * The operators of {@code operFile} read again on the calling thread (a SIGHUP without a
     * data dir); null for no file, or if it cannot be read (logged).
     */
    public static OperTable rereadOpers(Path operFile) {
        return operFile == null ? null : reread("oper", operFile, OperFile::read);
    }

    /** Writes what is still waiting, for at most {@link #CLOSE_WAIT}; then the thread ends. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("event=store_close_timeout ms={}", CLOSE_WAIT.toMillis());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private <T> void save(AtomicReference<Snapshot<T>> pending, Snapshot<T> snapshot, Path file, TsvFile<T> format,
            LongConsumer written) {
        if (pending.getAndSet(snapshot) != null) {
            return; // a write is queued and will take this newer snapshot
        }
        try {
            thread.execute(() -> {
                Snapshot<T> newest = pending.getAndSet(null);
                if (write(file, format.format(newest.items()))) {
                    written.accept(newest.number());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("event=store_write_failed file={} error=\"closed\"", file);
        }
    }

    /** Whether {@code lines} are now the file. */
    private static boolean write(Path file, List<String> lines) {
        try {
            AtomicFile.write(file, lines);
            log.debug("event=store_written file={} lines={}", file, lines.size());
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("event=store_write_failed file={} error={}", file, LogValues.quoted(e.toString()));
            return false;
        }
    }

    /** A file read for a reload: null and a WARN if it cannot be read. */
    private static <T> T reread(String what, Path file, FileReader<T> reader) {
        try {
            return reader.read(file);
        } catch (IOException | RuntimeException e) {
            log.warn("event={}_reload_failed file={} error={}", what, file, LogValues.quoted(e.getMessage()));
            return null;
        }
    }

    /** Reads one of the files. */
    @FunctionalInterface
    public interface FileReader<T> {
        T read(Path file) throws IOException;
    }
}
