package chatroom.server.net;

import java.util.ArrayDeque;

/**
 * The loop's after-events step (Redis's {@code beforeSleep}): what connections asked for
 * while the ready keys were handled, done once they all have been. Closes first, then
 * flushes: a close tells the chat, whose leave notices may queue more output, and a failed
 * write marks more closes, so the two repeat until both are empty. Each connection closes
 * only once, so it ends.
 */
final class AfterEvents {

    private final ArrayDeque<Deferred> toFlush = new ArrayDeque<>();
    private final ArrayDeque<Deferred> toClose = new ArrayDeque<>();
    /** Connections whose transport holds input the selector will not report; read after the ready keys. */
    private ArrayDeque<Deferred> toRead = new ArrayDeque<>();
    /** The other of the two, swapped with {@link #toRead} each turn: no queue made per turn. */
    private ArrayDeque<Deferred> reading = new ArrayDeque<>();

    void flushLater(Deferred connection) {
        toFlush.add(connection);
    }

    void closeLater(Deferred connection) {
        toClose.add(connection);
    }

    void readLater(Deferred connection) {
        toRead.add(connection);
    }

    /** True if a connection waits to be read: the loop must not sleep in select. */
    boolean hasReads() {
        return !toRead.isEmpty();
    }

    /**
     * Reads each connection that asked before this call, once; one that asks again (its
     * transport still holds input) waits for the next turn, like a key the selector reports
     * again, so the turn's budget and the fair shares apply to it as to any other.
     */
    void runReads() {
        if (toRead.isEmpty()) {
            return;
        }
        ArrayDeque<Deferred> now = toRead;
        toRead = reading;
        reading = now;
        Deferred connection;
        while ((connection = now.poll()) != null) {
            connection.readNow();
        }
    }

    /** Runs the step; returns how many connections it closed. */
    int run() {
        int closed = 0;
        do {
            Deferred connection;
            while ((connection = toClose.poll()) != null) {
                closed++;
                connection.finishClose();
            }
            while ((connection = toFlush.poll()) != null) {
                connection.flushNow();
            }
        } while (!toClose.isEmpty());
        return closed;
    }
}
