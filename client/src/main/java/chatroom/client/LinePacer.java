package chatroom.client;

import java.util.function.LongSupplier;

/**
 * Holds lines back to a rate: {@code burst} at once, then one every {@code 1/perSecond}.
 * Over UDP the server drops the lines that come faster than its flood limit, unanswered,
 * where over TCP it only reads them later; lines paced here arrive whole. Counted in whole
 * nanoseconds of the clock (a virtual schedule: the time the next line would be due if
 * lines went at exactly the rate), so waiting what {@link #nanosToWait} says always suffices.
 * One thread's alone.
 */
final class LinePacer {

    /** How the writer waits: {@code TimeUnit.NANOSECONDS::sleep}, or a test's that moves its clock. */
    interface Pause {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long nanosPerLine;
    /** How far ahead of the clock the schedule may run: the lines of a burst after the first. */
    private final long slack;
    private final LongSupplier clock;
    private final Pause pause;
    private long due;

    LinePacer(int perSecond, int burst, LongSupplier clock, Pause pause) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.nanosPerLine = 1_000_000_000L / perSecond;
        this.slack = (burst - 1) * nanosPerLine;
        this.clock = clock;
        this.pause = pause;
        this.due = clock.getAsLong();
    }

    /** How long the next line must wait; 0 if it may go now. */
    long nanosToWait() {
        long now = clock.getAsLong();
        return Math.max(0, Math.max(due, now) - slack - now);
    }

    /** Waits until the next line may go, and counts it as gone. */
    void take() throws InterruptedException {
        long now = clock.getAsLong();
        // After a quiet spell the schedule starts again from now: a whole burst may go.
        long start = Math.max(due, now);
        if (start - slack - now > 0) {
            pause.sleep(start - slack - now);
        }
        due = start + nanosPerLine;
    }
}
