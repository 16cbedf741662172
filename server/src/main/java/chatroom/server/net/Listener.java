package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.server.tls.TlsContext;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One listening socket: where, how its connections start out, whether they speak TLS, and
 * whether they speak HTTP (the page, {@code /metrics}, and WebSocket upgrades to chat
 * connections in JSON). Each is served by its own {@link Acceptor} on the same selector.
 *
 * @param address where to listen (port 0 picks a free port, as the tests do)
 * @param format how the server writes to a new connection until it says {@code /format}
 *     (JSON for HTTP: what a WebSocket speaks)
 * @param tls the certificate and engine factory for a TLS listener; null for plain TCP
 * @param http what an HTTP listener is told; null for a chat listener
 */
public record Listener(InetSocketAddress address, Format format, TlsContext tls, Http http) {

    public Listener {
        if (tls != null && http != null) {
            // An HttpExchange has none of Connection's handshake steps (a turn earned, its work paid).
            throw new IllegalArgumentException("an HTTP listener is plain TCP: HTTPS is not built");
        }
    }

    /**
     * An HTTP listener's settings.
     *
     * @param allowedOrigins origins ({@code scheme://host[:port]}) besides the server's own whose
     *     pages may open a WebSocket (a reverse proxy's public name)
     */
    public record Http(List<String> allowedOrigins) {

        public Http {
            allowedOrigins = List.copyOf(allowedOrigins);
            for (String origin : allowedOrigins) {
                if (!WebSocketHandshake.isOrigin(origin)) {
                    throw new IllegalArgumentException("not an origin (scheme://host[:port], as a browser sends it): "
                            + origin);
                }
            }
        }
    }

    public static Listener text(InetSocketAddress address) {
        return new Listener(address, Format.TEXT, null, null);
    }

    public static Listener json(InetSocketAddress address) {
        return new Listener(address, Format.JSON, null, null);
    }

    /** Text lines, as on the plain port, inside TLS ({@code openssl s_client -quiet} is a complete client). */
    public static Listener tls(InetSocketAddress address, TlsContext tls) {
        return new Listener(address, Format.TEXT, tls, null);
    }

    /** HTTP: the page, {@code /healthz}, {@code /metrics}, and WebSockets from this server's own pages. */
    public static Listener http(InetSocketAddress address) {
        return http(address, List.of());
    }

    /** HTTP, with WebSockets also from pages of {@code allowedOrigins}. */
    public static Listener http(InetSocketAddress address, List<String> allowedOrigins) {
        return new Listener(address, Format.JSON, null, new Http(allowedOrigins));
    }

    public boolean isTls() {
        return tls != null;
    }

    public boolean isHttp() {
        return http != null;
    }
}
