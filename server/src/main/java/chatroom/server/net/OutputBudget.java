package chatroom.server.net;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The output every connection holds together, against the server's limit. Each connection
 * caps its own queue (`--max-output-bytes`), but ten thousand queues just under that cap are
 * ten gigabytes: this is the bound on their sum. Past it the loop cuts off the connections
 * holding the most unread output first, and connections stop reading (so senders are slowed
 * by TCP) until it drains. Loop thread only.
 */
final class OutputBudget {

    private final long limit;
    private long total;

    OutputBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("output budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * {@code configured}, or when 0 half of the smaller of the JVM's heap and direct-memory
     * limits: queued output lives in direct buffers (shared chunks, a behind reader's own
     * blocks), with the event objects and views on the heap, and the rest of the server needs
     * room too.
     */
    static long limitFor(long configured) {
        if (configured > 0) {
            return configured;
        }
        long heap = Runtime.getRuntime().maxMemory();
        long direct = maxDirectMemory(heap);
        return Math.max(1, Math.min(heap, direct) / 2);
    }

    /** {@code -XX:MaxDirectMemorySize} if given; the JDK's default otherwise, which is the heap's maximum. */
    private static long maxDirectMemory(long heap) {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
                return parseSize(arg.substring("-XX:MaxDirectMemorySize=".length()), heap);
            }
        }
        return heap;
    }

    /** {@code 256m}, {@code 1g}, {@code 1048576}; {@code fallback} if it cannot be read. */
    static long parseSize(String size, long fallback) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k")) {
            unit = 1L << 10;
        } else if (s.endsWith("m")) {
            unit = 1L << 20;
        } else if (s.endsWith("g")) {
            unit = 1L << 30;
        } else if (s.endsWith("t")) {
            unit = 1L << 40;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits);
            return n > 0 ? Math.multiplyExact(n, unit) : fallback;
        } catch (NumberFormatException | ArithmeticException e) {
            return fallback;
        }
    }

    void add(long bytes) {
        total += bytes;
    }

    void release(long bytes) {
        total -= bytes;
    }

    long total() {
        return total;
    }

    long limit() {
        return limit;
    }

    boolean over() {
        return total > limit;
    }

    /** Where shedding stops: a tenth below the limit, so one more line does not start it again. */
    long target() {
        return limit - limit / 10;
    }
}
