package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;

/**
 * The file descriptors this process holds, from {@code /proc/self/fd}: an in-process server's
 * sockets, so a connection that ends but is never closed shows up here. Linux only, as CI is.
 */
final class OpenDescriptors {

    private OpenDescriptors() {}

    static long count() {
        String[] fds = new File("/proc/self/fd").list();
        assertThat(fds).as("/proc/self/fd (Linux)").isNotNull();
        return fds.length;
    }

    /**
     * Waits until the process holds at most {@code limit} descriptors: the server closes its end
     * of a connection when it reads the client's close, a moment after the client's own close.
     */
    static void awaitAtMost(long limit) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        long now = count();
        while (now > limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = count();
        }
        assertThat(now).as("open file descriptors, against %d before", limit).isLessThanOrEqualTo(limit);
    }
}
