package chatroom.server.net;

import chatroom.protocol.WebSocketUpgrade;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the HTTP/1.1 responses the server sends, written here once: a status line, the
 * headers every response carries, and a body. Every response ends the exchange
 * ({@code Connection: close}): there is no keep-alive, so a response never has to be matched
 * to a later request, and one page load is two connections ({@code GET /}, {@code GET /ws}),
 * well inside the per-address connect rate.
 */
final class HttpResponse {

    /** The statuses the server answers with; a status that obliges a header carries it. */
    enum Status {
        OK(200, "OK"),
        BAD_REQUEST(400, "Bad Request"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not Found"),
        METHOD_NOT_ALLOWED(405, "Method Not Allowed", "Allow: GET"),
        REQUEST_TIMEOUT(408, "Request Timeout"),
        CONTENT_TOO_LARGE(413, "Content Too Large"),
        URI_TOO_LONG(414, "URI Too Long"),
        /** RFC 6455 §4.4: the versions the server speaks go with it. */
        UPGRADE_REQUIRED(426, "Upgrade Required", "Sec-WebSocket-Version: " + WebSocketUpgrade.VERSION),
        TOO_MANY_REQUESTS(429, "Too Many Requests"),
        HEADERS_TOO_LARGE(431, "Request Header Fields Too Large"),
        SERVICE_UNAVAILABLE(503, "Service Unavailable"),
        VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

        final int code;
        final String reason;
        /** A header line this status must send, without its line end; null if none. */
        final String header;

        Status(int code, String reason) {
            this(code, reason, null);
        }

        Status(int code, String reason, String header) {
            this.code = code;
            this.reason = reason;
            this.header = header;
        }
    }

    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private HttpResponse() {
    }

    /** A short text answer: {@code body} and a line end, for a person reading curl's output. */
    static ByteBuffer text(Status status, String body) {
        return of(status, TEXT, (body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A whole response in a heap buffer: status line, {@code headers} (lines without their line
     * ends), the status's own header, the fixed ones, the length, and {@code body}. Every answer
     * forbids caching and content sniffing: nothing here is meant to be stored or guessed at.
     */
    static ByteBuffer of(Status status, String contentType, byte[] body, String... headers) {
        byte[] head = head(status, contentType, body.length, headers);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    /** The status line and headers, up to and with the empty line. */
    static byte[] head(Status status, String contentType, int contentLength, String... headers) {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status.code).append(' ').append(status.reason).append("\r\n");
        if (status.header != null) {
            head.append(status.header).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n")
                .append("Cache-Control: no-store\r\n")
                .append("X-Content-Type-Options: nosniff\r\n")
                .append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
