package chatroom.server.history;

/**
 * Says yes at most once per period: a disk that stays full fails every batch, and one warning a
 * minute says so as well as a thousand a second, without filling the log's own disk.
 */
final class Throttle {

    private final long periodNanos;
    private boolean started;
    private long next;

    Throttle(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /** Whether the period has passed since the last yes ({@code now} from {@link System#nanoTime}). */
    boolean due(long now) {
        // Compared as a difference: nanoTime may wrap around.
        if (started && now - next < 0) {
            return false;
        }
        started = true;
        next = now + periodNanos;
        return true;
    }
}
