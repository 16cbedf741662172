package chatroom.server.net;

import java.nio.channels.SelectionKey;

/**
 * What every selection key carries: the {@link Acceptor} of a listening socket, or a
 * {@link Connection}. The loop knows no more than this about either.
 */
interface Handler {

    /**
     * The key is ready. Never throws: a handler deals with its own failures (a connection
     * marks itself for closing), so one bad client never reaches the loop.
     */
    void onReady(SelectionKey key);

    /** The server is stopping: stop accepting, or say goodbye and drain. */
    void shutdown();

    /** The loop is exiting: release the socket now, without ceremony. */
    void abort();

    /** What this client is on {@code /metrics}; null for a listening socket. */
    default ConnectionKind kind() {
        return null;
    }
}
