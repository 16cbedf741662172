package chatroom.server.auth;

import chatroom.server.log.LogValues;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PasswordHash} work off the loop: at most {@code threads} hashes at once and
 * {@code queue} waiting; one more is refused at once ({@code false}: the chat answers "busy"),
 * so fifty logins cost a bounded amount of memory and CPU whatever arrives. Each answer is
 * handed back through {@code backToLoop} ({@code EventLoop::execute} in production), so the
 * chat sees it on its own thread.
 *
 * <pre>
 *   loop: verify/hash ──queue──▶ chatroom-hash-N: PasswordHash ──backToLoop──▶ loop: onLoop(result)
 *                      └─ full: false at once
 * </pre>
 *
 * <p>An exception in a task (a malformed stored hash) is logged and answered as a failed
 * check ({@code false}, or a null hash), never lost on the helper thread: the chat is waiting
 * for every answer it was promised.
 */
public final class Hasher implements Hashing, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Hasher.class);

    private final ThreadPoolExecutor pool;
    private final Executor backToLoop;
    private final int iterations;

    /** New hashes at {@link PasswordHash#ITERATIONS}. */
    public Hasher(int threads, int queue, Executor backToLoop) {
        this(threads, queue, PasswordHash.ITERATIONS, backToLoop);
    }

    /**
     * New hashes at {@code iterations} (tests: cheaper registrations); a verify always uses the
     * count in the stored hash.
     */
    public Hasher(int threads, int queue, int iterations, Executor backToLoop) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue), daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        this.backToLoop = backToLoop;
        this.iterations = iterations;
    }

    @Override
    public boolean verify(String stored, char[] password, Consumer<Boolean> onLoop) {
        // The dummy is made (once, slowly) here on a hash thread, never on the loop.
        return submit(() -> PasswordHash.verify(stored == null ? PasswordHash.dummy() : stored, password)
                && stored != null, false, password, onLoop);
    }

    @Override
    public boolean hash(char[] password, Consumer<String> onLoop) {
        return submit(() -> PasswordHash.hash(password, iterations), null, password, onLoop);
    }

    /**
     * Hashes once on a helper thread now, so the first real login does not pay for the
     * interpreter (1 s cold against 0.2 s warm, measured): the hash that makes
     * {@link PasswordHash#dummy}, which a check for no account needs anyway. One hash, not more:
     * a login that comes at once waits behind it.
     */
    public void warmUp() {
        try {
            pool.execute(() -> {
                long start = System.nanoTime();
                PasswordHash.dummy();
                log.info("event=hash_warmed_up ms={}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            });
        } catch (RejectedExecutionException e) {
            log.debug("event=hash_warm_up_skipped");
        }
    }

    /** Abandons queued and running work; nothing is answered after this. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    private <T> boolean submit(Supplier<T> work, T onError, char[] password, Consumer<T> onLoop) {
        try {
            pool.execute(() -> {
                T result = onError;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    log.warn("event=password_hash_error error={}", LogValues.quoted(e.getMessage()));
                } finally {
                    Arrays.fill(password, '\0');
                }
                T answer = result;
                backToLoop.execute(() -> onLoop.accept(answer));
            });
            return true;
        } catch (RejectedExecutionException e) {
            Arrays.fill(password, '\0');
            return false;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "chatroom-hash-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
