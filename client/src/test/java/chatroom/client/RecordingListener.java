package chatroom.client;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ServerConnection.Listener} that keeps the lines and counts the idle ticks, for tests of the connection alone. */
final class RecordingListener implements ServerConnection.Listener {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final AtomicInteger idles = new AtomicInteger();

    @Override
    public void connected() {}

    @Override
    public void received(String line) {
        lines.add(line);
    }

    @Override
    public void idle() {
        idles.incrementAndGet();
    }

    @Override
    public void lost(String reason) {}

    @Override
    public void retrying(Duration delay, String lastFailure) {}

    @Override
    public void refused(String reason) {}

    int idles() {
        return idles.get();
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
