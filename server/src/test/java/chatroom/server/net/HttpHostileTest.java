package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.NameColors;
import chatroom.protocol.Problem;
import chatroom.protocol.WebSocketUpgrade;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP listener under bad and hostile requests, over real sockets against the real
 * {@link EventLoop}: each gets its RFC answer, whole (a draining close, never a reset), and a
 * canary pair on the text port keeps talking meanwhile.
 */
@Timeout(60)
class HttpHostileTest {

    /** The HTTP deadline follows the login timeout when it is under 10 s. */
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(2);
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** Text on port(0), HTTP on port(1), a short login timeout, {@code limits} per address. */
    private static ServerConfig config(int maxClients, ServerConfig.AddressLimits limits) {
        ServerConfig c = TestServer.withLimits(TestServer.config(), maxClients, 4096, 1024 * 1024);
        c = TestServer.withChat(c, 20, 100, LOGIN_TIMEOUT, List.of()).withPerAddress(limits);
        return c.withListeners(List.of(Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.http(new InetSocketAddress("127.0.0.1", 0))));
    }

    private static TestServer start() throws IOException {
        return TestServer.start(config(100, TestServer.NO_ADDRESS_LIMITS));
    }

    /** An HTTP answer as read off the socket. */
    private record Answer(int status, String head, String body) {

        static Answer parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole head in: %s", text).isPositive();
            String head = text.substring(0, end);
            Matcher status = Pattern.compile("HTTP/1\\.1 (\\d{3}) .*").matcher(head.lines().findFirst().orElseThrow());
            assertThat(status.matches()).as("a status line: %s", head).isTrue();
            String body = text.substring(end + 4);
            assertThat(body.getBytes(StandardCharsets.UTF_8).length).as("the whole body")
                    .isEqualTo(Integer.parseInt(header(head, "Content-Length")));
            return new Answer(Integer.parseInt(status.group(1)), head, body);
        }

        String header(String name) {
            return header(head, name);
        }

        private static String header(String head, String name) {
            return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    /** Sends {@code request}, half-closes, and reads the answer. */
    private static Answer exchange(int port, String request) throws IOException {
        try (Socket socket = RawSockets.connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            return Answer.parse(RawSockets.readToEnd(socket));
        }
    }

    private static String upgrade(String... extra) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                + String.join("", Arrays.stream(extra).map(e -> e + "\r\n").toList()) + "\r\n";
    }

    @Test
    void aMegabyteRequestLineGets414WholeNotAReset() throws Exception {
        try (TestServer server = start();
             Canary canary = Canary.in(server);
             Socket socket = RawSockets.connect(server.port(1))) {
            byte[] line = ("GET /" + "a".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(line);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            Answer answer = Answer.parse(RawSockets.readToEnd(socket));

            sending.join(); // all of it was read and discarded, none refused
            assertThat(answer.status()).isEqualTo(414);
            assertThat(answer.header("Connection")).isEqualTo("close");
            assertThat(answer.body()).isEqualTo("request line over " + HttpRequestReader.MAX_REQUEST_LINE + " bytes\n");
            canary.chirp("still here");
        }
    }

    @Test
    void headersWithoutEndGet431() throws Exception {
        try (TestServer server = start();
             Canary canary = Canary.in(server);
             Socket socket = RawSockets.connect(server.port(1))) {
            AtomicBoolean answered = new AtomicBoolean();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    for (int i = 0; !answered.get(); i++) {
                        out.write(("X-Endless-" + i + ": " + "v".repeat(100) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            byte[] got = RawSockets.readToEnd(socket);
            answered.set(true);

            assertThat(Answer.parse(got).status()).isEqualTo(431);
            sending.join();
            canary.chirp("still here");
        }
    }

    /**
     * A byte a fifth of a second, never a whole request: answered 408 and closed at the
     * deadline from accept, which its progress did not push back, while the canary talks.
     */
    @Test
    void aSlowlorisIsClosedAtTheDeadlineWhileTheCanaryTalks() throws Exception {
        try (TestServer server = start();
             Canary canary = Canary.in(server);
             Socket socket = RawSockets.connect(server.port(1))) {
            long start = System.nanoTime();
            AtomicBoolean answered = new AtomicBoolean();
            AtomicBoolean sentAll = new AtomicBoolean();
            CompletableFuture<Void> dripping = CompletableFuture.runAsync(() -> {
                byte[] drip = upgrade("X-Padding: " + "p".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
                try {
                    OutputStream out = socket.getOutputStream();
                    int i = 0;
                    for (; i < drip.length - 1 && !answered.get(); i++) {
                        out.write(drip[i]);
                        out.flush();
                        Thread.sleep(200);
                    }
                    sentAll.set(i == drip.length - 1);
                } catch (IOException | InterruptedException e) {
                    // The server closed first: what the test waits for.
                }
            });
            for (int i = 0; i < 5; i++) {
                canary.chirp("line " + i);
            }

            Answer answer = Answer.parse(RawSockets.readToEnd(socket));
            answered.set(true);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the deadline")
                    .isGreaterThanOrEqualTo(LOGIN_TIMEOUT);
            dripping.join();
            assertThat(sentAll).as("the request was still arriving when it was cut off").isFalse();
            canary.chirp("after");
        }
    }

    /**
     * Ten connections per address: the canary holds two, eight half-open requests hold the
     * rest, and the other 192 are refused at once with a 429 saying why; once the deadline has
     * closed the eight, the address may connect again.
     */
    @Test
    void halfOpenRequestsFromOneAddressAreLimitedLikeTelnetOnes() throws Exception {
        int max = 10;
        try (TestServer server = TestServer.start(config(1000, new ServerConfig.AddressLimits(max, 1e9, 100_000)));
             Canary canary = Canary.in(server)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket socket = RawSockets.connect(server.port(1));
                    socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sockets.add(socket);
                }
                canary.chirp("held up by no one");

                List<Integer> statuses = new ArrayList<>();
                for (Socket socket : sockets) {
                    Answer answer = Answer.parse(RawSockets.readToEnd(socket));
                    socket.close(); // the server lingers for this EOF (or its grace) before it frees the slot
                    statuses.add(answer.status());
                    if (answer.status() == 429) {
                        assertThat(answer.body()).isEqualTo(Problem.TOO_MANY_CONNECTIONS
                                .event(null, "127.0.0.1").text() + "\n");
                    }
                }

                assertThat(statuses.stream().filter(s -> s == 408).count()).isEqualTo(max - 2);
                assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(200 - (max - 2));
                awaitHealthy(server.port(1));
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /**
     * A client that sends its first frames in the same write as the upgrade request, before the
     * 101 could have arrived: the frames are the new connection's first input, after the 101
     * and the greeting, and nothing is lost or read twice.
     */
    @Test
    void framesSentWithTheUpgradeRequestAreTheConnectionsFirstLines() throws Exception {
        try (TestServer server = start();
             TestClient tel = TestClient.login(server.port(0), "tel");
             Socket socket = RawSockets.connect(server.port(1))) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(upgrade().getBytes(StandardCharsets.ISO_8859_1));
            request.write(maskedText("eager"));
            request.write(maskedText("hello from before the 101"));
            socket.getOutputStream().write(request.toByteArray());

            InputStream in = socket.getInputStream();
            String head = new String(readHead(in), StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("Sec-WebSocket-Accept: " + WebSocketUpgrade.accept(KEY) + "\r\n");
            List<String> types = new ArrayList<>();
            String event;
            do {
                event = new String(readFrame(in), StandardCharsets.UTF_8);
                types.add(event.substring(0, event.indexOf(',')));
            } while (!event.contains("\"type\":\"said\""));

            assertThat(types).startsWith("{\"type\":\"welcome\"").contains("{\"type\":\"hello\"");
            assertThat(event).contains("\"from\":\"eager\"", "\"text\":\"hello from before the 101\"");
            assertThat(tel.awaitLine(l -> l.contains("<eager>"))).endsWith("<eager> hello from before the 101");
        }
    }

    /** A client's text frame: FIN, opcode 1, masked with a key of its own. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isLessThan(126);
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(key, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ key[i % 4]);
        }
        return frame;
    }

    /** The HTTP head, up to and with its empty line, read a byte at a time so no frame byte is taken. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the head ends before the stream").isNotNegative();
            head.write(b);
        }
        return head.toByteArray();
    }

    /** One unmasked text frame from the server: its payload. */
    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] start = in.readNBytes(2);
        assertThat(start).hasSize(2);
        assertThat(start[0]).as("FIN and text").isEqualTo((byte) 0x81);
        long length = start[1] & 0x7f;
        assertThat(start[1] & 0x80).as("server frames are not masked").isZero();
        if (length == 126) {
            length = new DataInputStream(in).readUnsignedShort();
        } else if (length == 127) {
            length = new DataInputStream(in).readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        assertThat(payload).hasSize((int) length);
        return payload;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Sec-WebSocket-Version: 8 instead of 13 | 426",
        "Origin: http://evil.example            | 403",
        "Origin: null                           | 403",
        "no Sec-WebSocket-Key                   | 400",
        "no Upgrade                             | 400",
    })
    void aBadUpgradeGetsItsStatusAndNoWebSocket(String what, int status) throws Exception {
        String request = upgrade();
        if (what.startsWith("Sec-WebSocket-Version")) {
            request = request.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        } else if (what.startsWith("Origin")) {
            request = upgrade(what);
        } else if (what.equals("no Sec-WebSocket-Key")) {
            request = request.replace("Sec-WebSocket-Key: " + KEY + "\r\n", "");
        } else {
            request = request.replace("Upgrade: websocket\r\n", "");
        }
        try (TestServer server = start()) {
            Answer answer = exchange(server.port(1), request);

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.header("Sec-WebSocket-Accept")).isNull();
            if (status == 426) {
                assertThat(answer.header("Sec-WebSocket-Version")).isEqualTo(WebSocketUpgrade.VERSION);
            }
        }
    }

    @Test
    void otherRequestsGetTheirStatus() throws Exception {
        try (TestServer server = start()) {
            int port = server.port(1);
            Answer post = exchange(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET");
            assertThat(exchange(port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                    .status()).isEqualTo(413);
            assertThat(exchange(port, "GET / HTTP/1.1\r\nHost : x\r\n\r\n").status()).isEqualTo(400);
            assertThat(exchange(port, "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003").status())
                    .as("a TLS ClientHello on the plain port").isEqualTo(400);
        }
    }

    @Test
    void thePageHealthAndMetrics() throws Exception {
        try (TestServer server = start()) {
            int port = server.port(1);
            Answer page = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
            String policy = page.header("Content-Security-Policy");
            String script = between(page.body(), "<script>", "</script>");
            String style = between(page.body(), "<style>", "</style>");
            assertThat(policy).startsWith("default-src 'none'; ")
                    .contains("script-src " + WebSite.hash(script) + ";")
                    .contains("style-src " + WebSite.hash(style) + ";")
                    .contains("connect-src 'self'");
            assertThat(page.body()).doesNotContain("APP_PALETTE", "/*APP_CSS*/", "/*APP_JS*/")
                    .contains("content=\"" + String.join(",", NameColors.cssPalette()) + "\"");

            Answer health = exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");

            Answer metrics = exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).isEqualTo(MetricsPage.CONTENT_TYPE);
            assertThat(metrics.body()).contains("chatroom_connections{transport=\"http\"} 1");
        }
    }

    private static String between(String text, String open, String close) {
        int from = text.indexOf(open) + open.length();
        return text.substring(from, text.indexOf(close, from));
    }

    /** A full server answers an HTTP client in HTTP, with the chat's own words. */
    @Test
    void aFullServerAnswers503() throws Exception {
        try (TestServer server = TestServer.start(config(1, TestServer.NO_ADDRESS_LIMITS));
             Socket holder = RawSockets.connect(server.port(1))) {
            holder.getOutputStream().write("GET".getBytes(StandardCharsets.ISO_8859_1));
            Answer answer = exchange(server.port(1), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo(Problem.SERVER_FULL.event(null, "1").text() + "\n");
        }
    }

    /**
     * Three client slots, forty exchanges one after another, answered, refused or upgraded and
     * closed: each is uncounted exactly once, so the last still finds a slot.
     */
    @Test
    void everyExchangeIsCountedOnceWhicheverWayItEnds() throws Exception {
        try (TestServer server = TestServer.start(config(3, TestServer.NO_ADDRESS_LIMITS))) {
            int port = server.port(1);
            for (int i = 0; i < 10; i++) {
                assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
                assertThat(exchange(port, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
                assertThat(exchange(port, upgrade("Origin: http://evil.example")).status()).isEqualTo(403);
                try (Socket socket = RawSockets.connect(port)) {
                    socket.getOutputStream().write(upgrade().getBytes(StandardCharsets.ISO_8859_1));
                    byte[] head = new byte[12];
                    assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
                    assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 101");
                }
            }
            awaitHealthy(port);
        }
    }

    /**
     * Asks {@code /healthz} until it is answered 200, not refused for want of a slot: a closed
     * socket frees its slot once the loop has read its EOF, a moment after the client closed it.
     */
    private static void awaitHealthy(int port) throws IOException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        int status;
        do {
            status = exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("a slot free again").isEqualTo(200);
    }

    @Test
    void aRequestInFlightAtShutdownIsAnswered503() throws Exception {
        TestServer server = start();
        try (Socket socket = RawSockets.connect(server.port(1))) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(exchange(server.port(1), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status())
                    .as("the loop has the first one too").isEqualTo(200);

            server.loop.stop();

            Answer answer = Answer.parse(RawSockets.readToEnd(socket));
            assertThat(answer.status()).isEqualTo(503);
        } finally {
            server.close();
        }
    }
}
