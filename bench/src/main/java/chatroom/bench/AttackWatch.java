package chatroom.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Watches the server process during an attack, twice a second: still alive, the highest RSS
 * seen, CPU so far. The peak is sampled rather than read once at the end because a process
 * that died (say of an OutOfMemoryError) takes its VmHWM with it.
 */
final class AttackWatch {

    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Null: no server to watch; everything is then unknown. */
    private final ServerProcess server;
    private boolean alive = true;
    private boolean peakReset;
    private long peakKiB = -1;
    private double cpuStart;
    private double cpuLast;
    private long nextAt;

    AttackWatch(ServerProcess server) {
        this.server = server;
    }

    /** Starts watching: the peak from now (where the kernel lets VmHWM be reset), CPU from now. */
    void start(long nowNanos) throws IOException {
        if (server != null) {
            peakReset = server.resetPeak();
            cpuStart = server.snapshot().cpuSeconds();
            cpuLast = cpuStart;
        }
        nextAt = nowNanos;
    }

    /** Samples when due; returns nanoseconds until the next sample. */
    long tick(long nowNanos) {
        if (server == null || !alive) {
            return Long.MAX_VALUE;
        }
        if (nowNanos - nextAt >= 0) {
            sample();
            nextAt = nowNanos + EVERY_NANOS;
        }
        return Math.max(0, nextAt - nowNanos);
    }

    /** Samples now, whenever it was last done: the last word at the end. */
    void sample() {
        if (server == null || !alive) {
            return;
        }
        alive = server.alive();
        try {
            ServerProcess.Snapshot s = server.snapshot();
            peakKiB = Math.max(peakKiB, Math.max(s.peakRssKiB(), s.rssKiB()));
            cpuLast = s.cpuSeconds();
        } catch (IOException | RuntimeException e) {
            // Gone between the two reads: the last sample stands.
            alive = server.alive();
        }
    }

    boolean watching() {
        return server != null;
    }

    /** False once the process is seen gone; true while it runs or when there is none to watch. */
    boolean alive() {
        return alive;
    }

    /** The highest RSS seen, KiB; -1 if unknown. */
    long peakKiB() {
        return peakKiB;
    }

    /** Whether VmHWM was reset at the start, so that the peak is this attack's and not the server's lifetime's. */
    boolean peakReset() {
        return peakReset;
    }

    /** Server CPU since the start, seconds (user plus system, all threads); -1 if unknown. */
    double cpuSeconds() {
        return server == null ? -1 : cpuLast - cpuStart;
    }
}
