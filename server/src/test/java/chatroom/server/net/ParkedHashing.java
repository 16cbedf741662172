package chatroom.server.net;

import chatroom.server.auth.Hashing;
import chatroom.server.auth.PasswordHash;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Password hashing for tests that must see what the loop does while hashing is slow: the real
 * {@link PasswordHash} on real helper threads, each task parked until the test opens the gate
 * (or open from the start), its answer handed back through the loop's executor as the real
 * hasher's is. Counts what it was asked, so a test can tell that no hash was made.
 */
final class ParkedHashing implements Hashing, AutoCloseable {

    private final CountDownLatch gate = new CountDownLatch(1);
    private final Semaphore asked = new Semaphore(0);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-hash");
        thread.setDaemon(true);
        return thread;
    });
    private Executor toLoop;

    static ParkedHashing parked() {
        return new ParkedHashing();
    }

    /** Never parked: the real hashes on helper threads, counted. */
    static ParkedHashing unparked() {
        ParkedHashing hashing = new ParkedHashing();
        hashing.release();
        return hashing;
    }

    /** For {@code TestServer.start(config, clock, hashing::on)}: answers go to {@code toLoop}. */
    Hashing on(Executor toLoop) {
        this.toLoop = toLoop;
        return this;
    }

    @Override
    public boolean verify(String stored, char[] password, Consumer<Boolean> onLoop) {
        char[] copy = password.clone();
        // No account: false at once (the real hasher spends a dummy hash's time on it; no test here times it).
        submit(() -> stored != null && PasswordHash.verify(stored, copy), onLoop);
        return true;
    }

    @Override
    public boolean hash(char[] password, Consumer<String> onLoop) {
        char[] copy = password.clone();
        submit(() -> PasswordHash.hash(copy, TestAccounts.ITERATIONS), onLoop);
        return true;
    }

    private <T> void submit(java.util.function.Supplier<T> work, Consumer<T> onLoop) {
        requests.incrementAndGet();
        asked.release();
        threads.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                return; // closed: the loop is gone
            }
            T result = work.get();
            answered.incrementAndGet();
            toLoop.execute(() -> onLoop.accept(result));
        });
    }

    /** Lets every parked task, and every later one, run. */
    void release() {
        gate.countDown();
    }

    /** Waits until {@code n} checks or hashes have been asked for in all; false if not within the client timeout. */
    boolean awaitAsked(int n) throws InterruptedException {
        return asked.tryAcquire(n, TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    int requests() {
        return requests.get();
    }

    int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
