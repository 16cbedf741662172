package chatroom.bench;

import java.util.Locale;

/**
 * As fast as the server delivers: each sender keeps up to {@code window} messages unconfirmed,
 * where a message is confirmed once the observer (the last client, which never sends) has
 * received it. Waiting for every receiver would make one slow socket the pace of all;
 * the observer is one ordinary member of the room, so its progress is a fair proxy for the
 * server's.
 *
 * <p>Where deliveries may be lost (UDP), a window whose messages all went missing at the observer
 * would hold its sender forever. So with a write-off time, a sender whose window has been full
 * with no confirmation for that long counts its unconfirmed messages as gone and goes on; how
 * many were written off is in {@link #describe()}, and the loss itself in the delivery checks.
 */
final class WindowPacer implements SendPacer {

    private final int window;
    private final long writeOffNanos;
    private final long[] sent;
    private final long[] confirmed;
    /** Per sender: the confirmation last seen by {@link #advance}, and since when its window has been full without progress. */
    private final long[] confirmedBefore;
    private final long[] stalledSince;
    private long writtenOff;

    /** A window that waits for its observer as long as it takes: TCP loses nothing. */
    WindowPacer(int window, int senders) {
        this(window, senders, Long.MAX_VALUE);
    }

    /** @param writeOffNanos how long a full window may go unconfirmed before it is written off */
    WindowPacer(int window, int senders, long writeOffNanos) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
        this.writeOffNanos = writeOffNanos;
        this.sent = new long[senders];
        this.confirmed = new long[senders];
        this.confirmedBefore = new long[senders];
        this.stalledSince = new long[senders];
    }

    @Override
    public void start(long nowNanos) {
        java.util.Arrays.fill(stalledSince, nowNanos);
    }

    @Override
    public long advance(long nowNanos) {
        if (writeOffNanos == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        for (int s = 0; s < sent.length; s++) {
            if (confirmed[s] != confirmedBefore[s] || allowance(s) > 0) {
                confirmedBefore[s] = confirmed[s];
                stalledSince[s] = nowNanos;
            } else if (nowNanos - stalledSince[s] >= writeOffNanos) {
                writtenOff += sent[s] - confirmed[s];
                confirmed[s] = sent[s];
                confirmedBefore[s] = sent[s];
                stalledSince[s] = nowNanos;
            }
        }
        return Long.MAX_VALUE; // the reactor's turns come often enough to see a stall in time
    }

    @Override
    public long allowance(int sender) {
        return window - (sent[sender] - confirmed[sender]);
    }

    @Override
    public void sent(int sender) {
        sent[sender]++;
    }

    @Override
    public void observed(int sender, long sequence) {
        if (sequence > confirmed[sender]) {
            confirmed[sender] = sequence;
        }
    }

    @Override
    public long backlog() {
        return 0;
    }

    /** Messages given up on because their whole window went unconfirmed for the write-off time. */
    long writtenOff() {
        return writtenOff;
    }

    @Override
    public String describe() {
        return writtenOff == 0 ? "window " + window : String.format(Locale.ROOT,
                "window %d (%,d unconfirmed messages written off after %.0f ms without progress)",
                window, writtenOff, writeOffNanos / 1e6);
    }
}
