package chatroom.server.net;

/**
 * What a connection leaves for the loop once the ready keys are handled: a read of input the
 * selector cannot report, and in the after-events step the flush of what this turn queued and
 * the close of a connection marked for closing. The loop holds connections only as this, so
 * the two never name each other.
 */
interface Deferred {

    /** Writes what was queued since the last flush. */
    void flushNow();

    /** Reads as if the key were readable: input its transport holds (see {@link ConnectionContext#readLater}). */
    void readNow();

    /** Closes the transport, then tells the chat. */
    void finishClose();
}
