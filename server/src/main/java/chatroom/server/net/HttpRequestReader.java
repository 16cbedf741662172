package chatroom.server.net;

import chatroom.server.net.HttpResponse.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 request head (RFC 9112), incrementally and within fixed bounds: bytes may
 * come a few at a time, and {@link #read} answers null until the head is complete or refused.
 * Only {@code GET} is served, and no body is ever read: a request that announces one is
 * refused, which also closes the door on request smuggling.
 *
 * <p>A line is parsed straight out of the caller's buffer when it is all there; only a line
 * cut by the end of a read is copied, and never more than its section's limit allows, so a
 * request line of a megabyte costs 8 KiB and a 414, and headers without end 16 KiB and a 431.
 * The refusals, each the first one its RFC names:
 * <ul>
 *   <li>request line over {@value #MAX_REQUEST_LINE} bytes: 414 (RFC 9110 §15.5.15);
 *   <li>header section over {@value #MAX_HEADER_BYTES} bytes or {@value #MAX_FIELDS} fields: 431 (RFC 6585 §5);
 *   <li>a bare CR, whitespace before a colon, obs-fold, a control character, HTTP/1.1 without
 *       exactly one Host, or anything that is not a request: 400;
 *   <li>an HTTP version other than 1.x: 505;
 *   <li>a method other than GET: 405; a path the server does not serve: 404;
 *   <li>a body ({@code Content-Length} above 0, any {@code Transfer-Encoding}): 413.
 * </ul>
 * Empty lines before the request line are skipped (RFC 9112 §2.2), counted in its limit; a
 * bare LF ends a line as CR LF does.
 */
final class HttpRequestReader {

    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_FIELDS = 64;

    /** What a request head came to. */
    sealed interface Outcome permits Request, Refusal {}

    /**
     * A complete GET request head.
     *
     * @param route what it asks for
     * @param target the request target as sent (for the log)
     * @param http11 HTTP/1.1 or later, rather than 1.0
     * @param fields the header fields, by lower-case name, each value in the order sent
     */
    record Request(HttpRoute route, String target, boolean http11, Map<String, List<String>> fields)
            implements Outcome {

        /** The values of {@code name} (lower case) joined by commas, as RFC 9110 §5.3 lets a list be; null if absent. */
        String field(String name) {
            List<String> values = fields.get(name);
            return values == null ? null : String.join(", ", values);
        }

        /** How many times {@code name} (lower case) was sent. */
        int count(String name) {
            List<String> values = fields.get(name);
            return values == null ? 0 : values.size();
        }
    }

    /** The request is refused with {@code status}; {@code detail} is the text answer's body, for a person. */
    record Refusal(Status status, String detail) implements Outcome {}

    /** A line cut by the end of a read, kept for the next; null while there is none. */
    private byte[] partial;
    private int partialLength;
    /** Bytes of the current section (empty lines and request line, then header section) seen so far. */
    private int used;
    private boolean requestLineSeen;
    private HttpRoute route;
    private String target;
    private boolean http11;
    private final Map<String, List<String>> fields = new HashMap<>();
    private int fieldCount;

    /**
     * Takes bytes from {@code in} up to the end of the head, or all of them; returns null while
     * the head is incomplete. Once an outcome is returned, {@code in}'s position is just past
     * the head (what follows is the caller's: WebSocket frames sent early) and the reader is done.
     */
    Outcome read(ByteBuffer in) {
        while (in.hasRemaining()) {
            int limit = requestLineSeen ? MAX_HEADER_BYTES : MAX_REQUEST_LINE;
            int room = limit - used;
            int start = in.position();
            int scanEnd = start + Math.min(in.remaining(), room);
            int lf = indexOf(in, (byte) '\n', start, scanEnd);
            if (lf < 0) {
                if (scanEnd - start >= room) {
                    return tooLong();
                }
                keep(in, start, in.limit());
                used += in.limit() - start;
                in.position(in.limit());
                return null;
            }
            used += lf + 1 - start;
            in.position(lf + 1);
            Outcome outcome = line(text(in, start, lf));
            if (outcome != null) {
                partial = null;
                return outcome;
            }
        }
        return null;
    }

    private Refusal tooLong() {
        partial = null;
        return requestLineSeen
                ? new Refusal(Status.HEADERS_TOO_LARGE, "header section over " + MAX_HEADER_BYTES + " bytes")
                : new Refusal(Status.URI_TOO_LONG, "request line over " + MAX_REQUEST_LINE + " bytes");
    }

    /** The line ending at {@code lf}, with what was kept of it, without its line end; bytes as chars (ISO-8859-1). */
    private String text(ByteBuffer in, int start, int lf) {
        byte[] bytes;
        int length;
        if (partialLength == 0) {
            bytes = new byte[lf - start];
            in.get(start, bytes);
            length = bytes.length;
        } else {
            keep(in, start, lf);
            bytes = partial;
            length = partialLength;
            partialLength = 0;
        }
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void keep(ByteBuffer in, int from, int to) {
        int n = to - from;
        if (partial == null) {
            partial = new byte[Math.max(256, n)];
        } else if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
        }
        in.get(from, partial, partialLength, n);
        partialLength += n;
    }

    /** One whole line: null to go on, or the outcome. */
    private Outcome line(String line) {
        if (line.indexOf('\r') >= 0) {
            return bad("bare CR");
        }
        if (!requestLineSeen) {
            return line.isEmpty() ? null : requestLine(line);
        }
        if (line.isEmpty()) {
            return end();
        }
        return field(line);
    }

    private Outcome requestLine(String line) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            return bad("not a request line");
        }
        String method = line.substring(0, sp1);
        String requestTarget = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method) || requestTarget.isEmpty() || !isVisible(requestTarget)
                || !version.matches("HTTP/[0-9]\\.[0-9]")) {
            return bad("not a request line");
        }
        if (version.charAt(5) != '1') {
            return new Refusal(Status.VERSION_NOT_SUPPORTED, "only HTTP/1.x is spoken here");
        }
        if (!method.equals("GET")) {
            return new Refusal(Status.METHOD_NOT_ALLOWED, "only GET is served");
        }
        String path = path(requestTarget);
        if (path == null) {
            return bad("not a request target");
        }
        route = HttpRoute.of(path);
        if (route == null) {
            return new Refusal(Status.NOT_FOUND, "nothing at " + path);
        }
        target = requestTarget;
        http11 = version.charAt(7) != '0';
        requestLineSeen = true;
        used = 0;
        return null;
    }

    /**
     * The path of an origin-form target ({@code /ws?x}) or an absolute-form one
     * ({@code http://host/ws}, which a server must accept: RFC 9112 §3.2.2); null for others.
     */
    private static String path(String target) {
        String path = target;
        if (!target.startsWith("/")) {
            String lower = target.toLowerCase(Locale.ROOT);
            int scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            if (scheme < 0) {
                return null;
            }
            int slash = target.indexOf('/', scheme);
            path = slash < 0 ? "/" : target.substring(slash);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private Outcome field(String line) {
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            return bad("obs-fold (a header line starting with whitespace)");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return bad("a header line without a name and a colon");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            return bad("not a header name: whitespace before the colon?");
        }
        String value = trimSpaceAndTab(line.substring(colon + 1));
        if (!isFieldValue(value)) {
            return bad("a control character in " + name);
        }
        if (++fieldCount > MAX_FIELDS) {
            partial = null;
            return new Refusal(Status.HEADERS_TOO_LARGE, "over " + MAX_FIELDS + " header fields");
        }
        fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
        return null;
    }

    /** The empty line: the head is complete; what it says of Host and a body decides. */
    private Outcome end() {
        List<String> hosts = fields.getOrDefault("host", List.of());
        if (hosts.size() > 1 || (http11 && hosts.isEmpty())) {
            return bad("HTTP/1.1 needs exactly one Host");
        }
        if (fields.containsKey("transfer-encoding")) {
            return new Refusal(Status.CONTENT_TOO_LARGE, "no request body is read here");
        }
        for (String value : fields.getOrDefault("content-length", List.of())) {
            for (String length : value.split(",", -1)) {
                String digits = length.strip();
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return bad("not a Content-Length");
                }
                if (!digits.chars().allMatch(c -> c == '0')) {
                    return new Refusal(Status.CONTENT_TOO_LARGE, "no request body is read here");
                }
            }
        }
        return new Request(route, target, http11, Map.copyOf(fields));
    }

    /** RFC 9110 §5.5: only SP and HTAB surround a value (String.strip would also take FS..US, VT and FF, control characters). */
    private static String trimSpaceAndTab(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static Refusal bad(String why) {
        return new Refusal(Status.BAD_REQUEST, why);
    }

    private static int indexOf(ByteBuffer in, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 9110 §5.6.2: a token is one or more tchars. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII only, as a request target must be (RFC 3986 characters). */
    private static boolean isVisible(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** RFC 9110 §5.5: visible characters, obs-text, spaces and tabs; no other control character. */
    private static boolean isFieldValue(String s) {
        return s.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f));
    }
}
