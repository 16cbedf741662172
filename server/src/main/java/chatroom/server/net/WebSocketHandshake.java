package chatroom.server.net;

import chatroom.protocol.WebSocketUpgrade;
import chatroom.server.net.HttpRequestReader.Refusal;
import chatroom.server.net.HttpRequestReader.Request;
import chatroom.server.net.HttpResponse.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The server's side of the WebSocket opening handshake (RFC 6455 §4.2): whether a
 * {@code GET /ws} may become a WebSocket, and the 101 answer that makes it one. Pure: the
 * {@link HttpExchange} does the I/O.
 *
 * <p>No subprotocol and no extension is ever agreed: {@code Sec-WebSocket-Protocol} and
 * {@code Sec-WebSocket-Extensions} are ignored and not echoed, so a client that offered
 * permessage-deflate gets plain frames (RSV1 stays 0).
 *
 * <p>The {@code Origin} rule (§4.2.2 item 4, §10.2) is what stops another web site's page,
 * open in a user's browser, from chatting in their name: a request without an Origin comes
 * from no browser (the JDK's client, curl, the bench) and is let in; one with an Origin is let
 * in only if it names this very server, as the Host header does, or one of the origins the
 * operator listed ({@code --http-allowed-origin}, for a reverse proxy under another name).
 */
final class WebSocketHandshake {

    private WebSocketHandshake() {
    }

    /**
     * Null if {@code request} is a valid upgrade that may be accepted, else why not.
     *
     * @param tls whether the listener speaks TLS: the scheme an Origin naming this server has
     * @param allowedOrigins further origins let in, as the operator wrote them
     */
    static Refusal refusal(Request request, boolean tls, List<String> allowedOrigins) {
        if (!request.http11()) {
            return bad("a WebSocket needs HTTP/1.1");
        }
        if (!hasToken(request.field("upgrade"), "websocket")) {
            return bad("no Upgrade: websocket");
        }
        if (!hasToken(request.field("connection"), "upgrade")) {
            return bad("no Connection: Upgrade");
        }
        if (!WebSocketUpgrade.VERSION.equals(request.field("sec-websocket-version"))) {
            return new Refusal(Status.UPGRADE_REQUIRED, "Sec-WebSocket-Version must be " + WebSocketUpgrade.VERSION);
        }
        if (request.count("sec-websocket-key") != 1 || !isKey(request.field("sec-websocket-key"))) {
            return bad("Sec-WebSocket-Key must be 16 bytes in base64");
        }
        if (request.count("origin") > 1) {
            return bad("more than one Origin");
        }
        String origin = request.field("origin");
        if (origin != null && !sameOrigin(origin, request.field("host"), tls) && !listed(origin, allowedOrigins)) {
            return new Refusal(Status.FORBIDDEN, "origin " + origin + " may not open a WebSocket here");
        }
        return null;
    }

    /** The 101 answer to a request {@link #refusal} let through: the bytes that begin the WebSocket. */
    static ByteBuffer accept(Request request) {
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketUpgrade.accept(request.field("sec-websocket-key")) + "\r\n\r\n";
        return ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
    }

    /** §4.2.1 item 5: a base64 value that decodes to exactly 16 bytes. */
    private static boolean isKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True if the comma list {@code value} holds {@code token}, in any case (Firefox: "keep-alive, Upgrade"). */
    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if {@code origin} is this server as the client reached it: the listener's scheme, and
     * the Host's name and port, a missing port being the scheme's default.
     */
    static boolean sameOrigin(String origin, String host, boolean tls) {
        Origin o = Origin.parse(origin);
        Origin h = host == null ? null : Origin.parse((tls ? "https://" : "http://") + host);
        return o != null && h != null && o.equals(h);
    }

    /**
     * True if {@code origin} is one the operator listed, compared as origins: scheme and host in
     * any case, a default port written or not (a browser leaves it out).
     */
    private static boolean listed(String origin, List<String> allowed) {
        Origin o = Origin.parse(origin);
        for (String a : allowed) {
            if (o != null && o.equals(Origin.parse(a))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if {@code value} is an origin as a browser sends it, {@code scheme://host[:port]}
     * and nothing more: what {@code --http-allowed-origin} must look like.
     */
    static boolean isOrigin(String value) {
        return Origin.parse(value) != null && !value.endsWith("/");
    }

    private static Refusal bad(String why) {
        return new Refusal(Status.BAD_REQUEST, why);
    }

    /** An origin reduced to what compares: scheme, host in lower case, port with the default made explicit. */
    private record Origin(String scheme, String host, int port) {

        /**
         * {@code scheme://host[:port]}, with at most a "/" after it; null for anything else. Not
         * java.net.URI: its host grammar (RFC 2396) refuses names a browser opens a page at, an
         * underscore (chat_server, a docker-compose service) or a last label that starts with a
         * digit, and the page served there could never open its own WebSocket.
         */
        static Origin parse(String value) {
            int sep = value.indexOf("://");
            if (sep <= 0) {
                return null;
            }
            String scheme = value.substring(0, sep).toLowerCase(Locale.ROOT);
            int port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
            String authority = value.substring(sep + 3);
            if (authority.endsWith("/")) {
                authority = authority.substring(0, authority.length() - 1);
            }
            String host;
            String portText;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0 || !authority.substring(1, close).chars().allMatch(c -> isHex(c) || c == ':' || c == '.')) {
                    return null;
                }
                host = authority.substring(0, close + 1);
                String rest = authority.substring(close + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    return null;
                }
                portText = rest.isEmpty() ? "" : rest.substring(1);
            } else {
                int colon = authority.indexOf(':');
                host = colon < 0 ? authority : authority.substring(0, colon);
                portText = colon < 0 ? "" : authority.substring(colon + 1);
                if (!host.chars().allMatch(c -> isAlphaNumeric(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                    return null;
                }
            }
            if (!portText.isEmpty()) {
                if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                port = Integer.parseInt(portText);
            }
            if (port < 0 || port > 0xFFFF || host.isEmpty() || host.equals("[]")) {
                return null;
            }
            return new Origin(scheme, host.toLowerCase(Locale.ROOT), port);
        }

        private static boolean isAlphaNumeric(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        private static boolean isHex(int c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }
}
