package chatroom.server.net;

import chatroom.protocol.NameColors;
import chatroom.server.net.HttpResponse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The chat page, {@code GET /}: {@code index.html} with {@code app.css} and {@code app.js}
 * inlined, read from the jar once at start and kept as one whole HTTP response in one
 * read-only direct buffer, which every request gets a view of. One file means one request per
 * page load besides the WebSocket, and inline code is what lets the Content-Security-Policy
 * allow exactly this script and this style by their SHA-256 hashes and nothing else: no other
 * script, no other origin, no plugin, no frame, no form target. So even a bug that let user
 * text into the markup could not run code. The name palette is filled in from
 * {@link NameColors}, so the page colours a name as the terminal client does.
 */
final class WebSite {

    /** Where the page's resources live in the jar. */
    static final String RESOURCES = "/chatroom/web/";
    static final String CSS_MARKER = "<style>/*APP_CSS*/</style>";
    static final String JS_MARKER = "<script>/*APP_JS*/</script>";
    static final String PALETTE_MARKER = "content=\"APP_PALETTE\"";
    /** Where the page learns the server's line limit, to refuse a longer line itself (optional in a test page). */
    static final String MAX_LINE_MARKER = "content=\"APP_MAX_LINE\"";

    private final ByteBuffer response;
    private final String policy;

    private WebSite(byte[] html, String policy) {
        this.policy = policy;
        byte[] head = HttpResponse.head(Status.OK, HttpResponse.HTML, html.length,
                "Content-Security-Policy: " + policy, "Referrer-Policy: no-referrer");
        ByteBuffer whole = ByteBuffer.allocateDirect(head.length + html.length).put(head).put(html).flip();
        this.response = whole.asReadOnlyBuffer();
    }

    /** Reads the resources from the class path; fails at start if one is missing or has no place in the page. */
    static WebSite load() throws IOException {
        return load(DEFAULT_MAX_LINE);
    }

    /**
     * As {@link #load()}, telling the page the server's {@code --max-line-bytes}: the server ends
     * a WebSocket whose message is longer (1009), so the page keeps such a line and says why.
     */
    static WebSite load(int maxLineBytes) throws IOException {
        return of(resource("index.html"), resource("app.css"), resource("app.js"), NameColors.cssPalette(), maxLineBytes);
    }

    /** The line limit a page is told when none is given: the server's default. */
    static final int DEFAULT_MAX_LINE = ServerConfig.defaults().maxLineBytes();

    /** The page made of these parts. */
    static WebSite of(String html, String css, String js, List<String> palette) {
        return of(html, css, js, palette, DEFAULT_MAX_LINE);
    }

    /** The page made of these parts, told the server's line limit. */
    static WebSite of(String html, String css, String js, List<String> palette, int maxLineBytes) {
        for (String marker : List.of(CSS_MARKER, JS_MARKER, PALETTE_MARKER, MAX_LINE_MARKER)) {
            if (html.indexOf(marker) < 0 || html.indexOf(marker) != html.lastIndexOf(marker)) {
                throw new IllegalStateException("index.html must hold " + marker + " exactly once");
            }
        }
        // Inlined code that closed its own element would end it early and leave the rest as markup.
        if (css.toLowerCase(Locale.ROOT).contains("</style") || js.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("app.css or app.js contains the end tag of its own element");
        }
        String page = html
                .replace(CSS_MARKER, "<style>" + css + "</style>")
                .replace(JS_MARKER, "<script>" + js + "</script>")
                .replace(PALETTE_MARKER, "content=\"" + String.join(",", palette) + "\"")
                .replace(MAX_LINE_MARKER, "content=\"" + maxLineBytes + "\"");
        String policy = "default-src 'none'; script-src " + hash(js) + "; style-src " + hash(css)
                + "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new WebSite(page.getBytes(StandardCharsets.UTF_8), policy);
    }

    /** The whole response: a view of its own for one exchange to write out. */
    ByteBuffer response() {
        return response.duplicate();
    }

    /** The Content-Security-Policy the page is sent with. */
    String policy() {
        return policy;
    }

    /** CSP's source expression for an inline element whose content is {@code text} (CSP3 §8.4, UTF-8). */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebSite.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the page's " + RESOURCES + name + " is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
