package chatroom.bench;

/**
 * As fast as the server delivers: each sender keeps up to {@code window} messages unconfirmed,
 * where a message is confirmed once the observer (the last client, which never sends) has
 * received it. Waiting for every receiver would make one slow socket the pace of all;
 * the observer is one ordinary member of the room, so its progress is a fair proxy for the
 * server's.
 */
final class WindowPacer implements SendPacer {

    private final int window;
    private final long[] sent;
    private final long[] confirmed;

    WindowPacer(int window, int senders) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
        this.sent = new long[senders];
        this.confirmed = new long[senders];
    }

    @Override
    public void start(long nowNanos) {
        // Nothing is scheduled by time.
    }

    @Override
    public long advance(long nowNanos) {
        return Long.MAX_VALUE;
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

    @Override
    public String describe() {
        return "window " + window;
    }
}
