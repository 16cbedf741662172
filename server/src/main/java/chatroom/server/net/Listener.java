package chatroom.server.net;

import chatroom.protocol.Format;
import java.net.InetSocketAddress;

/**
 * One listening socket: where, and how its connections start out. TLS, WebSocket and UDP
 * listeners will add what they need here (certificates, a path), each served by its own
 * {@link Acceptor} on the same selector.
 *
 * @param address where to listen (port 0 picks a free port, as the tests do)
 * @param format how the server writes to a new connection until it says {@code /format}
 */
public record Listener(InetSocketAddress address, Format format) {

    public static Listener text(InetSocketAddress address) {
        return new Listener(address, Format.TEXT);
    }

    public static Listener json(InetSocketAddress address) {
        return new Listener(address, Format.JSON);
    }
}
