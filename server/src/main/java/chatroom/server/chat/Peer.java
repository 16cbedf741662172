package chatroom.server.chat;

import chatroom.protocol.Format;
import java.net.InetAddress;

/**
 * What the chat logic needs of one connected user, whatever carries the bytes: a plain TCP
 * connection today, TLS, WebSocket or a datagram bridge later. The chat never touches a
 * socket and never sees a byte: it hands over events, and the transport encodes them.
 *
 * <p>All methods are called on the event-loop thread only.
 */
public interface Peer {

    /** A number unique within this server run, for logs. */
    long id();

    /** Where the peer connects from, for logs. */
    String address();

    /** The IP address the peer connects from, for bans and per-address limits; null if it has none. */
    InetAddress inetAddress();

    /** Whether what this peer sends is encrypted on the way (TLS): passwords are taken only then, by default. */
    boolean encrypted();

    /**
     * Queues one event. The same {@link Outbound} goes to every recipient of a broadcast, so
     * each wire format is encoded once and its bytes shared; the peer must not change them.
     * A peer that can take no more (its output cap is passed) closes itself and ignores
     * further events; the chat hears of it through {@link Chat#disconnected}.
     */
    void send(Outbound event);

    /**
     * What this peer's last line asked for cost as much as {@code lines} more lines (a page of
     * {@code /who}, a history replay): flood control takes that many more tokens, going into
     * debt if it must, so reading from this peer pauses for longer. Nothing when flood control
     * is off.
     */
    void charge(int lines);

    /**
     * From now on, write events in {@code format} if this peer's wire can; returns the format
     * it writes in now (a WebSocket speaks JSON whatever it is asked), which the answer names.
     */
    Format format(Format format);

    /**
     * Stops reading, sends what is queued, then closes. The chat has already said goodbye;
     * the transport still reports the close through {@link Chat#disconnected}, which then
     * finds nothing left to do.
     */
    void close(String reason);
}
