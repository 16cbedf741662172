package chatroom.bench;

/** Decides how many messages each sender may write now: a fixed rate, or a window of unconfirmed ones. */
interface SendPacer {

    /** Sending begins at {@code nowNanos}. */
    void start(long nowNanos);

    /**
     * Brings the schedule up to {@code nowNanos}.
     *
     * @return nanoseconds until more messages fall due by time alone, or {@link Long#MAX_VALUE}
     *     if only deliveries release more
     */
    long advance(long nowNanos);

    /** How many messages {@code sender} may write now. */
    long allowance(int sender);

    /** {@code sender} wrote one message. */
    void sent(int sender);

    /** The observer client received message {@code sequence} from {@code sender}. */
    void observed(int sender, long sequence);

    /** Messages due but not yet written: how far the senders are behind their schedule. */
    long backlog();

    /** For the report: "rate 5000/s" or "window 32". */
    String describe();
}
