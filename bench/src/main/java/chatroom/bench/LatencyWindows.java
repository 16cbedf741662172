package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latencies over a whole run and in consecutive windows of it, so "p99 under the bound
 * throughout" can be judged: a run whose p99 is fine overall may still have had ten bad seconds.
 * What is observed before the start (a warm-up) is kept apart, in {@link #beforeStart()}.
 * Times are {@link System#nanoTime()} values passed in, so tests need no clock.
 */
final class LatencyWindows {

    private final long startNanos;
    private final long windowNanos;
    private final Histogram total = new Histogram(DeliveryTracker.MAX_LATENCY_NANOS, 3);
    private final Histogram beforeStart = new Histogram(DeliveryTracker.MAX_LATENCY_NANOS, 3);
    private final List<Histogram> windows = new ArrayList<>();

    LatencyWindows(long startNanos, long windowNanos) {
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
    }

    /** A latency of {@code latencyNanos}, observed at {@code atNanos}. */
    void record(long atNanos, long latencyNanos) {
        long value = Math.max(1, Math.min(latencyNanos, DeliveryTracker.MAX_LATENCY_NANOS));
        if (atNanos - startNanos < 0) {
            beforeStart.recordValue(value);
            return;
        }
        total.recordValue(value);
        int index = (int) ((atNanos - startNanos) / windowNanos);
        while (windows.size() <= index) {
            windows.add(new Histogram(DeliveryTracker.MAX_LATENCY_NANOS, 3));
        }
        windows.get(index).recordValue(value);
    }

    /** Everything from the start on. */
    Histogram total() {
        return total;
    }

    /** What was observed before the start. */
    Histogram beforeStart() {
        return beforeStart;
    }

    long windowSeconds() {
        return windowNanos / 1_000_000_000L;
    }

    /** The highest p99 of any window with samples, in nanoseconds; 0 if nothing was recorded. */
    long worstWindowP99Nanos() {
        long worst = 0;
        for (Histogram window : windows) {
            if (window.getTotalCount() > 0) {
                worst = Math.max(worst, window.getValueAtPercentile(99));
            }
        }
        return worst;
    }

    /** The number (from 0) of the window with the highest p99, or -1 if nothing was recorded. */
    int worstWindow() {
        int worst = -1;
        long worstP99 = -1;
        for (int i = 0; i < windows.size(); i++) {
            Histogram window = windows.get(i);
            if (window.getTotalCount() > 0 && window.getValueAtPercentile(99) > worstP99) {
                worstP99 = window.getValueAtPercentile(99);
                worst = i;
            }
        }
        return worst;
    }

    /** Each window's p99 in nanoseconds, in order; 0 for a window without samples. */
    long[] windowP99Nanos() {
        long[] p99 = new long[windows.size()];
        for (int i = 0; i < p99.length; i++) {
            Histogram window = windows.get(i);
            p99[i] = window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(99);
        }
        return p99;
    }

    /** Windows with no sample at all: a stretch in which the canary heard nothing. */
    int silentWindows() {
        int silent = 0;
        for (Histogram window : windows) {
            silent += window.getTotalCount() == 0 ? 1 : 0;
        }
        return silent;
    }
}
