package chatroom.server.chat;

import java.nio.ByteBuffer;

/**
 * What the chat logic needs of one connected user, whatever carries the bytes: a plain TCP
 * connection today, TLS or a datagram bridge later. The chat never touches a socket.
 *
 * <p>All methods are called on the event-loop thread only.
 */
public interface Peer {

    /** A number unique within this server run, for logs. */
    long id();

    /** Where the peer connects from, for logs. */
    String address();

    /**
     * Queues one encoded line. The buffer may be shared with every other recipient of the
     * same message: the peer must not change its content or position (take a duplicate).
     * A peer that can take no more (its output cap is passed) closes itself and ignores
     * further lines; the chat hears of it through {@link Chat#disconnected}.
     */
    void send(ByteBuffer line);

    /**
     * Stops reading, sends what is queued, then closes. The chat has already said goodbye;
     * the transport still reports the close through {@link Chat#disconnected}, which then
     * finds nothing left to do.
     */
    void close(String reason);
}
