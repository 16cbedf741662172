package chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The WebSocket opening handshake as chatroom speaks it (RFC 6455 §4): where, which version,
 * and the {@code Sec-WebSocket-Accept} value (base64 of the SHA-1 of the client's key and the
 * RFC's GUID, the proof that the server read the request). One place, so the server that
 * answers and the bench client that asks cannot disagree; the page asks for {@link #PATH} too.
 */
public final class WebSocketUpgrade {

    /** Where the HTTP listener takes upgrades. */
    public static final String PATH = "/ws";
    /** The one version there is (RFC 6455 §4.1), asked for and answered with. */
    public static final String VERSION = "13";
    /** RFC 6455 §1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketUpgrade() {
    }

    /** The accept value for the client's {@code Sec-WebSocket-Key}, as sent (base64 text). */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
