package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.net.HttpRequestReader.Outcome;
import chatroom.server.net.HttpRequestReader.Refusal;
import chatroom.server.net.HttpRequestReader.Request;
import chatroom.server.net.HttpResponse.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestReaderTest {

    private static final String UPGRADE = """
            GET /ws HTTP/1.1\r
            Host: 127.0.0.1:8080\r
            Upgrade: websocket\r
            Connection: keep-alive, Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            \r
            """;

    /** Feeds {@code text} in one buffer. */
    private static Outcome read(String text) {
        return new HttpRequestReader().read(bytes(text));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Status status(String text) {
        Outcome outcome = read(text);
        assertThat(outcome).isInstanceOf(Refusal.class);
        return ((Refusal) outcome).status();
    }

    @Nested
    class Accepted {

        @Test
        void aWebSocketUpgradeWithItsFieldsByLowerCaseName() {
            Request request = (Request) read(UPGRADE);

            assertThat(request.route()).isEqualTo(HttpRoute.WEBSOCKET);
            assertThat(request.http11()).isTrue();
            assertThat(request.field("host")).isEqualTo("127.0.0.1:8080");
            assertThat(request.field("connection")).isEqualTo("keep-alive, Upgrade");
            assertThat(request.field("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
            assertThat(request.field("origin")).isNull();
        }

        @Test
        void byteAtATimeGivesTheSameRequestAndNothingBefore() {
            HttpRequestReader reader = new HttpRequestReader();
            byte[] all = UPGRADE.getBytes(StandardCharsets.ISO_8859_1);
            Outcome outcome = null;
            for (int i = 0; i < all.length; i++) {
                assertThat(outcome).as("an outcome before byte %d", i).isNull();
                outcome = reader.read(ByteBuffer.wrap(all, i, 1));
            }
            assertThat(outcome).isEqualTo(read(UPGRADE));
        }

        @Test
        void bytesAfterTheHeadAreLeftInTheBuffer() {
            ByteBuffer in = bytes(UPGRADE + "\u0081\u0085early");

            assertThat(new HttpRequestReader().read(in)).isInstanceOf(Request.class);

            assertThat(StandardCharsets.ISO_8859_1.decode(in).toString()).isEqualTo("\u0081\u0085early");
        }

        @Test
        void bareLineFeedsLeadingEmptyLinesAndRepeatedFieldsAsAList() {
            Request request = (Request) read("\r\n\nGET /healthz?probe=1 HTTP/1.1\nHost: x\nAccept: a\nAccept:  b \n\n");

            assertThat(request.route()).isEqualTo(HttpRoute.HEALTH);
            assertThat(request.target()).isEqualTo("/healthz?probe=1");
            assertThat(request.field("accept")).isEqualTo("a, b");
            assertThat(request.count("accept")).isEqualTo(2);
        }

        @Test
        void http10NeedsNoHostAndAnAbsoluteTargetIsRoutedByItsPath() {
            assertThat(((Request) read("GET / HTTP/1.0\r\n\r\n")).http11()).isFalse();
            assertThat(((Request) read("GET http://h:1/metrics HTTP/1.1\r\nHost: h:1\r\n\r\n")).route())
                    .isEqualTo(HttpRoute.METRICS);
        }

        @Test
        void aZeroContentLengthIsNoBody() {
            assertThat(read("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")).isInstanceOf(Request.class);
        }
    }

    @Nested
    class Refused {

        @Test
        void aRequestLineOverTheLimitIs414WithoutWaitingForItsEnd() {
            HttpRequestReader reader = new HttpRequestReader();
            ByteBuffer chunk = bytes("GET /" + "a".repeat(1000));
            Outcome outcome = reader.read(chunk);
            for (int i = 0; outcome == null && i < 100; i++) {
                outcome = reader.read(bytes("a".repeat(1000)));
            }
            assertThat(outcome).isEqualTo(new Refusal(Status.URI_TOO_LONG,
                    "request line over " + HttpRequestReader.MAX_REQUEST_LINE + " bytes"));
        }

        @Test
        void aRequestLineJustInsideTheLimitIsRead() {
            String head = "GET /?" + "a".repeat(HttpRequestReader.MAX_REQUEST_LINE - 17) + " HTTP/1.1\r\n";
            assertThat(head).hasSize(HttpRequestReader.MAX_REQUEST_LINE);
            assertThat(read(head + "Host: x\r\n\r\n")).isInstanceOf(Request.class);
            assertThat(status("GET /?a" + head.substring(6) + "Host: x\r\n\r\n")).isEqualTo(Status.URI_TOO_LONG);
        }

        @Test
        void endlessEmptyLinesCountAgainstTheRequestLine() {
            assertThat(status("\r\n".repeat(HttpRequestReader.MAX_REQUEST_LINE))).isEqualTo(Status.URI_TOO_LONG);
        }

        @Test
        void headersWithoutEndAre431() {
            HttpRequestReader reader = new HttpRequestReader();
            Outcome outcome = reader.read(bytes("GET / HTTP/1.1\r\nHost: x\r\n"));
            for (int i = 0; outcome == null && i < 1000; i++) {
                outcome = reader.read(bytes("X-" + i + ": " + "v".repeat(30) + "\r\n"));
            }
            assertThat(outcome).isInstanceOf(Refusal.class)
                    .extracting(o -> ((Refusal) o).status()).isEqualTo(Status.HEADERS_TOO_LARGE);
        }

        @Test
        void oneEndlessHeaderLineIs431() {
            assertThat(status("GET / HTTP/1.1\r\nX: " + "v".repeat(HttpRequestReader.MAX_HEADER_BYTES)))
                    .isEqualTo(Status.HEADERS_TOO_LARGE);
        }

        @Test
        void moreThanTheMostFieldsIs431() {
            StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
            for (int i = 1; i < HttpRequestReader.MAX_FIELDS; i++) {
                head.append("A: b\r\n");
            }
            assertThat(read(head + "\r\n")).isInstanceOf(Request.class);
            assertThat(status(head + "A: b\r\n\r\n")).isEqualTo(Status.HEADERS_TOO_LARGE);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "GET / HTTP/1.1\rHost: x\r\n\r\n",                  // bare CR
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n",               // whitespace before the colon
            "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n",  // obs-fold
            "GET / HTTP/1.1\r\n Host: x\r\n\r\n",               // whitespace before the first field
            "GET / HTTP/1.1\r\n\r\n",                           // no Host
            "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",     // two Hosts
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\n: x\r\n\r\n",
            "GET / HTTP/1.1\r\nA: b\u0000c\r\n\r\n",            // a control character
            "GET / HTTP/1.1\r\nHost: \u001fx\r\n\r\n",           // a control character at a value's edge (String.strip took it for space)
            "GET / HTTP/1.1\r\nHost: x\u000b\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",               // two spaces
            "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
            "GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n",
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\n\n", // a TLS ClientHello
            "GET / FTP/1.1\r\nHost: x\r\n\r\n",
        })
        void malformedIs400(String head) {
            assertThat(status(head)).isEqualTo(Status.BAD_REQUEST);
        }

        @Test
        void otherMethodsAre405() {
            assertThat(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
                    .isEqualTo(Status.METHOD_NOT_ALLOWED);
            assertThat(status("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(Status.METHOD_NOT_ALLOWED);
            assertThat(Status.METHOD_NOT_ALLOWED.header).isEqualTo("Allow: GET");
        }

        @Test
        void anUnknownPathIs404() {
            assertThat(status("GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(Status.NOT_FOUND);
            assertThat(status("GET /ws/ HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(Status.NOT_FOUND);
        }

        @Test
        void aBodyIs413() {
            assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"))
                    .isEqualTo(Status.CONTENT_TOO_LARGE);
            assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0, 7\r\n\r\n"))
                    .isEqualTo(Status.CONTENT_TOO_LARGE);
            assertThat(status("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"))
                    .isEqualTo(Status.CONTENT_TOO_LARGE);
        }

        @Test
        void anotherMajorVersionIs505() {
            assertThat(status("GET / HTTP/2.0\r\nHost: x\r\n\r\n")).isEqualTo(Status.VERSION_NOT_SUPPORTED);
        }

        @Test
        void aRefusalLeavesWhatFollowsInTheBuffer() {
            ByteBuffer in = bytes("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            new HttpRequestReader().read(in);
            assertThat(in.remaining()).as("the rest, for the caller to drain").isPositive();
        }
    }

    @Test
    void everyStatusLineIsWellFormed() {
        for (Status status : Status.values()) {
            String text = StandardCharsets.UTF_8.decode(HttpResponse.text(status, "why")).toString();
            assertThat(text).startsWith("HTTP/1.1 " + status.code + " " + status.reason + "\r\n")
                    .contains("\r\nConnection: close\r\n")
                    .endsWith("\r\n\r\nwhy\n");
            assertThat(List.of(text.split("\r\n\r\n", 2)[0].split("\r\n")))
                    .allMatch(line -> line.matches("HTTP/1\\.1 \\d{3} [A-Za-z ]+|[A-Za-z-]+: .+"));
        }
    }
}
