package chatroom.server.net;

/**
 * What a connection leaves for the loop's after-events step, once the ready keys are handled:
 * the flush of what this turn queued, and the close of a connection marked for closing. The
 * loop holds connections only as this, so the two never name each other.
 */
interface Deferred {

    /** Writes what was queued since the last flush. */
    void flushNow();

    /** Closes the transport, then tells the chat. */
    void finishClose();
}
