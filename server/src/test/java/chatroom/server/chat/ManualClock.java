package chatroom.server.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock for tests that starts at {@link TestClocks#INSTANT} (UTC) and moves only by hand, or
 * by {@code tick} on every reading: with a tick, two readings are never equal, so a test can
 * tell an instant read once and shared from one read again.
 */
final class ManualClock extends Clock {

    private final Duration tick;
    private Instant now = TestClocks.INSTANT;

    ManualClock() {
        this(Duration.ZERO);
    }

    ManualClock(Duration tick) {
        this.tick = tick;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    /** What the next reading will be. */
    Instant peek() {
        return now;
    }

    @Override
    public Instant instant() {
        Instant read = now;
        now = now.plus(tick);
        return read;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock stays in UTC");
    }
}
