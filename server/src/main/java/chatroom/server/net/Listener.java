package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.tls.TlsContext;
import java.net.InetSocketAddress;

/**
 * One listening socket: where, how its connections start out, and whether they speak TLS.
 * WebSocket and UDP listeners will add what they need here (a path), each served by its own
 * {@link Acceptor} on the same selector.
 *
 * @param address where to listen (port 0 picks a free port, as the tests do)
 * @param format how the server writes to a new connection until it says {@code /format}
 * @param tls the certificate and engine factory for a TLS listener; null for plain TCP
 */
public record Listener(InetSocketAddress address, Format format, TlsContext tls) {

    public static Listener text(InetSocketAddress address) {
        return new Listener(address, Format.TEXT, null);
    }

    public static Listener json(InetSocketAddress address) {
        return new Listener(address, Format.JSON, null);
    }

    /** Text lines, as on the plain port, inside TLS ({@code openssl s_client -quiet} is a complete client). */
    public static Listener tls(InetSocketAddress address, TlsContext tls) {
        return new Listener(address, Format.TEXT, tls);
    }

    public boolean isTls() {
        return tls != null;
    }
}
