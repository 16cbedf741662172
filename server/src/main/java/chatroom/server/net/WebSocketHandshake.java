package chatroom.server.net;

import chatroom.server.net.HttpRequestReader.Refusal;
import chatroom.server.net.HttpRequestReader.Request;
import chatroom.server.net.HttpResponse.Status;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /** The only protocol version there is (RFC 6455 §4.1). */
    static final String VERSION = "13";
    /** RFC 6455 §1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

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
        if (!VERSION.equals(request.field("sec-websocket-version"))) {
            return new Refusal(Status.UPGRADE_REQUIRED, "Sec-WebSocket-Version must be " + VERSION);
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
                + "Sec-WebSocket-Accept: " + acceptKey(request.field("sec-websocket-key")) + "\r\n\r\n";
        return ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the key and the GUID, proof the server read the request. */
    static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
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

    /** True if {@code origin} is one the operator listed (a browser serialises it in lower case). */
    private static boolean listed(String origin, List<String> allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(origin)) {
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

        static Origin parse(String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
                int port = uri.getPort();
                if (port < 0) {
                    port = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
                }
                boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (port < 0 || uri.getHost() == null || !bare) {
                    return null;
                }
                return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }
}
