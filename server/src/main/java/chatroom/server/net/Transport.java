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
 * only wants to write (a handshake), so it maps the connection's wishes onto its key itself.
 */
interface Transport extends OutboundQueue.Sink {

    /** Reads what has arrived into {@code dst}; -1 at end of stream, 0 if nothing is there. */
    int read(ByteBuffer dst) throws IOException;

    /** A gathering write of as much as the transport takes now; returns the bytes taken from {@code srcs}. */
    @Override
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** No more output: our half of the stream is closed (a FIN), reading goes on. */
    void shutdownOutput() throws IOException;

    /** Whether the connection wants to hear that input has arrived. */
    void wantRead(boolean want);

    /** Whether the connection wants to hear that it can write again. */
    void wantWrite(boolean want);

    /** Stops all readiness events for good (the connection is closing). */
    void quiet();

    SocketAddress remoteAddress();

    /** Releases the socket. Safe to call twice; never throws. */
    void close();
}
