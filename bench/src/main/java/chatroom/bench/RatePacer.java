package chatroom.bench;

import java.util.Locale;

/**
 * A fixed total rate, shared round-robin by the senders. Messages fall due on a schedule that
 * does not wait for the system to keep up: a message a sender could not write in time (its
 * socket full) stays owed and goes out as soon as it can, and what is still owed at the end
 * is reported as backlog. A growing backlog means the rate is more than the server (or this
 * generator) can carry.
 */
final class RatePacer implements SendPacer {

    private final double perSecond;
    private final long[] owed;
    private long startNanos;
    private long issued;

    RatePacer(double perSecond, int senders) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
        this.owed = new long[senders];
    }

    @Override
    public void start(long nowNanos) {
        startNanos = nowNanos;
    }

    @Override
    public long advance(long nowNanos) {
        long due = 1 + (long) ((nowNanos - startNanos) * perSecond / 1e9);
        for (; issued < due; issued++) {
            owed[(int) (issued % owed.length)]++;
        }
        long nextAt = startNanos + (long) (issued * 1e9 / perSecond);
        return Math.max(0, nextAt - nowNanos);
    }

    @Override
    public long allowance(int sender) {
        return owed[sender];
    }

    @Override
    public void sent(int sender) {
        owed[sender]--;
    }

    @Override
    public void observed(int sender, long sequence) {
        // The schedule alone decides.
    }

    @Override
    public long backlog() {
        long total = 0;
        for (long n : owed) {
            total += n;
        }
        return total;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "rate %.0f/s", perSecond);
    }
}
