package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSiteTest {

    private static final String HTML = "<html><head><meta name=\"chatroom-palette\" " + WebSite.PALETTE_MARKER + ">"
            + "<meta name=\"chatroom-max-line\" " + WebSite.MAX_LINE_MARKER + ">"
            + WebSite.CSS_MARKER + "</head><body>" + WebSite.JS_MARKER + "</body></html>";

    private static String text(ByteBuffer response) {
        return StandardCharsets.UTF_8.decode(response).toString();
    }

    @Test
    void theCssAndJsAreInlinedAndThePolicyAllowsExactlyThem() {
        WebSite site = WebSite.of(HTML, "p{color:red}", "let s = '\u00e9';", List.of("#0087af", "#d7af00"));

        String response = text(site.response());

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Security-Policy: " + site.policy() + "\r\n")
                .endsWith("<html><head><meta name=\"chatroom-palette\" content=\"#0087af,#d7af00\">"
                        + "<meta name=\"chatroom-max-line\" content=\"" + WebSite.DEFAULT_MAX_LINE + "\">"
                        + "<style>p{color:red}</style></head><body><script>let s = '\u00e9';</script></body></html>");
        assertThat(site.policy()).isEqualTo("default-src 'none'; script-src " + WebSite.hash("let s = '\u00e9';")
                + "; style-src " + WebSite.hash("p{color:red}") + "; connect-src 'self'; img-src data:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    @Test
    void theHashIsCspsSha256OfTheUtf8Text() {
        // echo -n "alert('Hello, world.');" | openssl sha256 -binary | base64 (the CSP3 spec's example)
        assertThat(WebSite.hash("alert('Hello, world.');")).isEqualTo("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    }

    @Test
    void everyRequestGetsItsOwnViewOfOneBuffer() {
        WebSite site = WebSite.of(HTML, "", "", List.of());
        ByteBuffer one = site.response();
        one.position(one.limit());

        assertThat(site.response().position()).isZero();
        assertThat(one.isReadOnly()).isTrue();
    }

    @Test
    void aMissingOrRepeatedMarkerOrAnEndTagInTheCodeFailsAtStart() {
        assertThatThrownBy(() -> WebSite.of(HTML.replace("/*APP_JS*/", ""), "", "", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("<script>/*APP_JS*/</script>");
        assertThatThrownBy(() -> WebSite.of(HTML + "<style>/*APP_CSS*/</style>", "", "", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly once");
        assertThatThrownBy(() -> WebSite.of(HTML, "", "s = '</SCRIPT><script>evil()';", List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRealPageLoads() throws Exception {
        assertThat(text(WebSite.load().response())).contains("<meta name=\"chatroom-palette\" content=\"#");
        assertThat(text(WebSite.load(100).response())).contains("<meta name=\"chatroom-max-line\" content=\"100\">");
    }
}
