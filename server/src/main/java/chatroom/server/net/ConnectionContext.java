package chatroom.server.net;

import chatroom.server.chat.Chat;
import chatroom.server.chat.Scheduler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * What a {@link Connection} may ask of the loop that runs it, and no more: the loop hands
 * this over instead of itself, so the two never call into each other. A test drives a
 * connection with one of its own.
 */
interface ConnectionContext {

    ServerConfig config();

    /** The chat the connection feeds its lines to. */
    Chat chat();

    Scheduler timers();

    EventEncoder encoder();

    /** What all connections hold together; a connection adds what it queues and releases what it writes or drops. */
    OutputBudget outputBudget();

    /** How much input this turn may still act on; every connection spends from it. */
    TurnBudget turnBudget();

    /** The one read buffer every connection reads into; what a read leaves must be consumed or copied before returning. */
    ByteBuffer readBuffer();

    /** The array gathering writes are handed in; cleared after each use. */
    ByteBuffer[] writeScratch();

    /** The blocks and rings output queues borrow while they hold output. */
    OutputPools outputPools();

    long nanoTime();

    /** The counters for {@code /metrics}; a connection adds to them as things happen. */
    Metrics metrics();

    /** Flush {@code connection} in the loop's after-events step, once, however much it got. */
    void flushLater(Deferred connection);

    /**
     * Read {@code connection} again after this turn's ready keys, as if its key were ready: its
     * transport holds input the selector will not report ({@link Transport#hasBufferedInput}).
     * The loop does not sleep in {@code select} while such reads wait.
     */
    void readLater(Deferred connection);

    /** Close {@code connection} in the after-events step: never in the middle of a handler. */
    void closeLater(Deferred connection);

    /** A connection from {@code remote} is closed: its address may have one more (a test's context need not count). */
    default void released(SocketAddress remote) {
    }
}
