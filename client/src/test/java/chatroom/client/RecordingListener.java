package chatroom.client;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ServerConnection.Listener} that keeps the lines and the reasons for losses, and
 * counts the connects and idle ticks, for tests of the connection alone.
 */
final class RecordingListener implements ServerConnection.Listener {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> losses = new LinkedBlockingQueue<>();
    private final AtomicInteger idles = new AtomicInteger();
    private final AtomicInteger connects = new AtomicInteger();

    @Override
    public void connected() {
        connects.incrementAndGet();
    }

    @Override
    public void received(String line) {
        lines.add(line);
    }

    @Override
    public void idle() {
        idles.incrementAndGet();
    }

    @Override
    public void lost(String reason) {
        losses.add(reason);
    }

    @Override
    public void retrying(Duration delay, String lastFailure) {}

    @Override
    public void refused(String reason) {}

    int idles() {
        return idles.get();
    }

    int connects() {
        return connects.get();
    }

    /** Returns once {@code n} more idle ticks have passed: the reading thread has looked at its clock since. */
    void awaitIdles(int n) {
        int target = idles() + n;
        Await.until(() -> n + " idle ticks", () -> idles() >= target);
    }

    /** Why the next loss happened; fails after {@link Await#TIMEOUT}. */
    String awaitLost() throws InterruptedException {
        String reason = losses.poll(Await.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (reason == null) {
            throw new AssertionError("no loss within " + Await.TIMEOUT);
        }
        return reason;
    }

    /** The next line; fails after {@link Await#TIMEOUT}. */
    String next() throws InterruptedException {
        String line = lines.poll(Await.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new AssertionError("no line within " + Await.TIMEOUT);
        }
        return line;
    }

    /** The next line ending with {@code ending}, skipping those before it; fails after {@link Await#TIMEOUT}. */
    String await(String ending) throws InterruptedException {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        for (String line = lines.poll(Await.TIMEOUT.toNanos(), TimeUnit.NANOSECONDS); line != null;
             line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            if (line.endsWith(ending)) {
                return line;
            }
        }
        throw new AssertionError("no line ending \"" + ending + "\" within " + Await.TIMEOUT);
    }
}
