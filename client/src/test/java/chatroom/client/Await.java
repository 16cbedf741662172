package chatroom.client;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: how these tests wait, never by sleeping a guess. */
final class Await {

    /**
     * Generous, as it costs only a failing test its time: six client JVMs starting at once on
     * a busy two-core machine have taken over ten seconds to draw their prompts.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /**
     * Returns the first value {@code probe} gives that is neither null nor false; fails after
     * {@link #TIMEOUT} with {@code what}, made then so it can show the state at that moment.
     */
    static <T> T until(Supplier<String> what, Supplier<T> probe) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                return fail("timed out after %s waiting for %s", TIMEOUT, what.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted waiting for %s", what.get());
            }
        }
    }
}
