package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;

/**
 * How a {@link Connection} cuts its input into lines and puts events on the wire: telnet-style
 * lines ({@link LineFraming}) or WebSocket frames ({@link WebSocketFraming}).
 * The connection pulls one {@link Inbound} at a time, so flood control can stop between two.
 */
interface Framing {

    /** The next line from {@code in}, or null when {@code in} holds no complete one (the rest is kept). */
    Inbound next(ByteBuffer in);

    /** The end of the stream: a last line without its line end, or null. */
    Inbound finish();

    /** Drops buffers kept for a partial line when there is none, so an idle connection holds nothing. */
    void releaseIfIdle();

    /** The bytes of {@code event} for this connection, shared with every recipient of the same wire form. */
    ByteBuffer encode(Outbound event, EventEncoder encoder);

    /** From now on, encode events in {@code format} if this framing can; returns the format it encodes in now. */
    Format format(Format format);

    /**
     * What a goodbye close ({@link Connection#close}) queues last, after every event: a
     * WebSocket Close frame. Null when the framing has none (lines end with the stream).
     *
     * @param goingAway the server is shutting down, not just this session ending
     */
    default ByteBuffer goodbye(String reason, boolean goingAway) {
        return null;
    }

    /**
     * What a connection with this framing is on {@code /metrics}: lines are known by their
     * transport ({@code tcp}, {@code tls}), so that is the default; WebSocket framing says so.
     */
    default ConnectionKind kind(Transport transport) {
        return transport.kind();
    }
}
