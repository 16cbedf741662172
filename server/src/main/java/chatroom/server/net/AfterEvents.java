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

    void flushLater(Deferred connection) {
        toFlush.add(connection);
    }

    void closeLater(Deferred connection) {
        toClose.add(connection);
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
