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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
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
 * before it: a hand edit is read after the server's own last change is on disk, and a ban just
 * made is not lost to a read of the file from before it.
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
    private final AtomicReference<List<Ban>> pendingBans = new AtomicReference<>();
    private final AtomicReference<List<Registration>> pendingNames = new AtomicReference<>();

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
        save(pendingBans, List.copyOf(bans), bansFile, BanFile.FORMAT);
    }

    @Override
    public void saveNames(List<Registration> names) {
        save(pendingNames, List.copyOf(names), namesFile, NameFile.FORMAT);
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
    public void reload(Path operFile, BiConsumer<OperTable, List<Ban>> onDone) {
        try {
            thread.execute(() -> onDone.accept(rereadOpers(operFile), reread("bans", bansFile, BanFile.FORMAT::read)));
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

    private <T> void save(AtomicReference<List<T>> pending, List<T> snapshot, Path file, TsvFile<T> format) {
        if (pending.getAndSet(snapshot) != null) {
            return; // a write is queued and will take this newer snapshot
        }
        try {
            thread.execute(() -> write(file, format.format(pending.getAndSet(null))));
        } catch (RejectedExecutionException e) {
            log.warn("event=store_write_failed file={} error=\"closed\"", file);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            AtomicFile.write(file, lines);
            log.debug("event=store_written file={} lines={}", file, lines.size());
        } catch (IOException | RuntimeException e) {
            log.warn("event=store_write_failed file={} error={}", file, LogValues.quoted(e.toString()));
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
