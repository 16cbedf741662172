package chatroom.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before each reconnect attempt: half a second, doubling up to 30 s, each
 * delay drawn at random from its upper half. The first is short because most drops are a
 * server restart or a blip that is over by then. The randomness matters when a server
 * restarts: every client lost the connection at the same moment, and without it they would
 * all come back at the same moments too. Not thread-safe; the connection thread alone uses it.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(30);

    private final long firstNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private long nominalNanos;

    /** @param random values in [0, 1), as {@link java.util.Random#nextDouble()} */
    Backoff(Duration first, Duration max, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max: " + first + ", " + max);
        }
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.nominalNanos = firstNanos;
    }

    static Backoff standard() {
        return new Backoff(FIRST, MAX, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait before the next attempt; each call doubles the one after it, up to the maximum. */
    Duration next() {
        long nominal = nominalNanos;
        nominalNanos = Math.min(maxNanos, nominal * 2);
        long half = nominal / 2;
        return Duration.ofNanos(nominal - half + (long) (random.getAsDouble() * half));
    }

    /**
     * The server took the user back into their room: that was a good connection, so the next
     * loss starts again from the first delay. A server that accepts and at once drops (full,
     * refusing the address, restarting) never gets this far and keeps the delays growing
     * instead of being hit twice a second.
     */
    void reset() {
        nominalNanos = firstNanos;
    }
}
