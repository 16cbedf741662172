package chatroom.server.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * How a {@link Connection} moves bytes: a plain socket today ({@link PlainTransport}), TLS
 * next. Redis's {@code ConnectionType} in Java: the connection talks only to this, so a
 * transport that encrypts, or one that is not a socket at all, slots in underneath without
 * the connection, its queue or the chat noticing.
 *
 * <p>Interest is asked for, not set: a TLS transport may need to read while the connection
 * only wants to write (a handshake), so it maps the connection's wishes onto its key itself,
 * and readiness comes back through {@link #ready}, which says what of it is the connection's.
 *
 * <p>Three things a plain socket never has and TLS does ({@link TlsTransport}): its own
 * work on readiness (a handshake, ciphertext to flush), bytes waiting inside the transport
 * (ciphertext not yet written: {@link #pendingOutput}), and input it already holds, which
 * the selector cannot report ({@link #hasBufferedInput}).
 */
interface Transport extends OutboundQueue.Sink {

    /**
     * The key is ready for {@code readyOps}: the transport does its own part (a handshake step,
     * flushing what it holds) and returns the ops the connection should act on, which may be
     * fewer ({@code OP_READ} during a handshake is the transport's) or more (input it holds).
     */
    int ready(int readyOps) throws IOException;

    /** Reads what has arrived into {@code dst}; -1 at end of stream, 0 if nothing is there. */
    int read(ByteBuffer dst) throws IOException;

    /** A gathering write of as much as the transport takes now; returns the bytes taken from {@code srcs}. */
    @Override
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Bytes the transport took from the queue and has not yet handed to the socket, in its own
     * form (ciphertext): the output cap and the server's total count them with the queue.
     */
    long pendingOutput();

    /**
     * True if the transport holds input a read would return now (a whole record, decrypted
     * bytes) although the socket may have nothing more: the selector will not report it, so
     * a connection that stops reading with this true must ask to be read again
     * ({@link ConnectionContext#readLater}).
     */
    boolean hasBufferedInput();

    /**
     * No more output: our half of the stream is closed (a FIN, after a TLS close_notify and
     * once {@link #pendingOutput} is out), reading goes on.
     */
    void shutdownOutput() throws IOException;

    /**
     * True once what the connection writes can reach the client: always for a plain socket,
     * only after the handshake for TLS. Before that a goodbye could never be delivered (a TLS
     * client expects a ServerHello, not a line), so a close does not wait to drain one.
     */
    default boolean established() {
        return true;
    }

    /**
     * The work ({@link TurnBudget} units) the transport did on its own since last asked, and
     * forgets it: a TLS handshake's steps and delegated tasks, which its connection pays for.
     */
    default long takeWork() {
        return 0;
    }

    /** Whether the connection wants to hear that input has arrived. */
    void wantRead(boolean want);

    /** Whether the connection wants to hear that it can write again. */
    void wantWrite(boolean want);

    /** Stops all readiness events for good (the connection is closing). */
    void quiet();

    SocketAddress remoteAddress();

    /** What a connection over this transport is on {@code /metrics}, unless its framing says more. */
    ConnectionKind kind();

    /** Releases the socket. Safe to call twice; never throws. */
    void close();
}
