package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.net.HttpRequestReader.Refusal;
import chatroom.server.net.HttpRequestReader.Request;
import chatroom.server.net.HttpResponse.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSocketHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** An upgrade request with {@code fields} (whole header lines) replacing or adding to the valid ones. */
    private static Request upgrade(String... fields) {
        StringBuilder head = new StringBuilder("GET /ws HTTP/1.1\r\n");
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("host", "Host: chat.example:8080");
        valid.put("upgrade", "Upgrade: websocket");
        valid.put("connection", "Connection: Upgrade");
        valid.put("sec-websocket-key", "Sec-WebSocket-Key: " + KEY);
        valid.put("sec-websocket-version", "Sec-WebSocket-Version: 13");
        StringBuilder extra = new StringBuilder();
        for (String field : fields) {
            String name = field.substring(0, field.indexOf(':')).toLowerCase(Locale.ROOT);
            if (field.endsWith(":")) {
                valid.remove(name); // "Name:" alone: leave the field out
            } else if (valid.containsKey(name)) {
                valid.put(name, field);
            } else {
                extra.append(field).append("\r\n");
            }
        }
        valid.values().forEach(f -> head.append(f).append("\r\n"));
        head.append(extra).append("\r\n");
        return (Request) new HttpRequestReader().read(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static Status refused(Request request, String... allowed) {
        Refusal refusal = WebSocketHandshake.refusal(request, false, List.of(allowed));
        return refusal == null ? null : refusal.status();
    }

    @Test
    void theAnswerIs101WithTheAcceptKeyAndNothingElseAgreed() {
        Request request = upgrade("Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Extensions: permessage-deflate");
        assertThat(WebSocketHandshake.refusal(request, false, List.of())).isNull();

        String answer = StandardCharsets.ISO_8859_1.decode(WebSocketHandshake.accept(request)).toString();

        assertThat(answer).isEqualTo("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
    }

    @Test
    void tokensAreFoundInListsInAnyCase() {
        assertThat(refused(upgrade("Upgrade: WebSocket", "Connection: keep-alive, upgrade"))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Upgrade:                          | BAD_REQUEST",
        "Upgrade: h2c                      | BAD_REQUEST",
        "Connection:                       | BAD_REQUEST",
        "Connection: keep-alive            | BAD_REQUEST",
        "Sec-WebSocket-Key:                | BAD_REQUEST",
        "Sec-WebSocket-Key: not base64!    | BAD_REQUEST",
        "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAA | BAD_REQUEST", // 18 bytes
        "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA | BAD_REQUEST",     // 15 bytes
        "Sec-WebSocket-Version:            | UPGRADE_REQUIRED",
        "Sec-WebSocket-Version: 8          | UPGRADE_REQUIRED",
        "Origin: http://evil.example       | FORBIDDEN",
        "Origin: null                      | FORBIDDEN",
        "Origin: https://chat.example:8080 | FORBIDDEN",          // another scheme
        "Origin: http://chat.example       | FORBIDDEN",          // port 80, not 8080
        "Origin: http://chat.example:8081  | FORBIDDEN",
    })
    void aBadUpgradeGetsItsStatus(String field, Status status) {
        assertThat(refused(upgrade(field.strip()))).isEqualTo(status);
    }

    @Test
    void twoKeysOrTwoOriginsAreRefused() {
        assertThat(refused(upgrade("Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY)))
                .isEqualTo(Status.BAD_REQUEST);
        assertThat(refused(upgrade("Origin: http://chat.example:8080\r\nOrigin: http://chat.example:8080")))
                .isEqualTo(Status.BAD_REQUEST);
    }

    @Test
    void http10CannotUpgrade() {
        Request request = (Request) new HttpRequestReader().read(ByteBuffer.wrap(("GET /ws HTTP/1.0\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(refused(request)).isEqualTo(Status.BAD_REQUEST);
    }

    @Test
    void anOriginNamingTheHostIsAllowedWithDefaultPortsAndAnyCase() {
        assertThat(refused(upgrade("Origin: http://chat.example:8080"))).isNull();
        assertThat(refused(upgrade("Origin: http://CHAT.example:8080"))).isNull();
        assertThat(refused(upgrade("Host: chat.example", "Origin: http://chat.example"))).isNull();
        assertThat(refused(upgrade("Host: chat.example:80", "Origin: http://chat.example"))).isNull();
        assertThat(refused(upgrade("Host: [::1]:8080", "Origin: http://[::1]:8080"))).isNull();
        assertThat(WebSocketHandshake.refusal(upgrade("Host: chat.example", "Origin: https://chat.example:443"),
                true, List.of())).isNull();
    }

    /**
     * Names a browser opens a page at but java.net.URI's host grammar refuses (its getHost is
     * null): an underscore (a docker-compose service, chat_server), a last label starting with a
     * digit. The page served there could never open its own WebSocket (403).
     */
    @Test
    void anOriginNamingTheHostIsAllowedWhateverNameTheBrowserTook() {
        assertThat(refused(upgrade("Host: chat_server:8080", "Origin: http://chat_server:8080"))).isNull();
        assertThat(refused(upgrade("Host: chat.1a:8080", "Origin: http://chat.1a:8080"))).isNull();
        assertThat(refused(upgrade("Host: chat_server:8080", "Origin: http://other_server:8080"))).isEqualTo(Status.FORBIDDEN);
        assertThat(refused(upgrade("Host: chat_server:8080", "Origin: http://x@chat_server:8080"))).isEqualTo(Status.FORBIDDEN);
        assertThat(refused(upgrade("Host: chat_server:8080", "Origin: http://chat_server:8080/x"))).isEqualTo(Status.FORBIDDEN);
    }

    @Test
    void noOriginIsNoBrowserAndAllowed() {
        assertThat(refused(upgrade())).isNull();
    }

    @Test
    void aListedOriginIsAllowedAndOnlyThat() {
        assertThat(refused(upgrade("Origin: https://chat.example.org"), "https://chat.example.org")).isNull();
        assertThat(refused(upgrade("Origin: https://chat.example.org:444"), "https://chat.example.org"))
                .isEqualTo(Status.FORBIDDEN);
    }

    /** A listed origin written with its default port is the origin a browser sends without one. */
    @Test
    void aListedOriginWithItsDefaultPortIsTheSameOrigin() {
        assertThat(refused(upgrade("Origin: https://chat.example.org"), "https://chat.example.org:443")).isNull();
        assertThat(refused(upgrade("Origin: http://chat.example.org"), "HTTP://Chat.Example.org:80")).isNull();
        assertThat(refused(upgrade("Origin: http://chat.example.org"), "https://chat.example.org")).isEqualTo(Status.FORBIDDEN);
    }

    @Test
    void anAllowedOriginMustBeJustSchemeHostAndPort() {
        assertThat(WebSocketHandshake.isOrigin("https://chat.example.org")).isTrue();
        assertThat(WebSocketHandshake.isOrigin("http://10.0.0.5:8080")).isTrue();
        assertThat(WebSocketHandshake.isOrigin("chat.example.org")).isFalse();
        assertThat(WebSocketHandshake.isOrigin("https://chat.example.org/")).isFalse();
        assertThat(WebSocketHandshake.isOrigin("https://chat.example.org/chat")).isFalse();
        assertThat(WebSocketHandshake.isOrigin("ftp://chat.example.org")).isFalse();
    }
}
