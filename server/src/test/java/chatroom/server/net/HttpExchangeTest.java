package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.chat.ChatSettings;
import chatroom.server.net.ConnectionTest.FakeKey;
import chatroom.server.net.ConnectionTest.FakeTransport;
import chatroom.server.net.ConnectionTest.TestContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One {@link HttpExchange} over a transport in memory, with the loop's steps called by the
 * test: what it writes, when it closes, and that it is uncounted once, or not at all when it
 * hands its key over.
 */
class HttpExchangeTest {

    private static final Duration LOGIN = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Object EOF = ConnectionTest.EOF;

    /** The test context, with what an acceptor's context adds, counting what is released. */
    static final class HttpContext extends TestContext implements Acceptor.Context {
        int released;

        HttpContext() {
            super(new ServerConfig(new InetSocketAddress("127.0.0.1", 0), 100, 4096, 1 << 20, 0, 1, GRACE,
                    new ChatSettings(20, 100, LOGIN, List.of())));
        }

        @Override
        public void released(SocketAddress remote) {
            released++;
        }

        @Override
        public long nextConnectionId() {
            return 1;
        }

        @Override
        public int openConnections() {
            return 1;
        }

        @Override
        public void opened() {
        }

        @Override
        public BlockPool tlsPackets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String metricsText() {
            return "chatroom_test 1\n";
        }
    }

    private final HttpContext context = new HttpContext();
    private final FakeTransport transport = new FakeTransport();
    private final FakeKey key = new FakeKey();
    private final WebSite site = WebSite.of(WebSite.CSS_MARKER + WebSite.JS_MARKER + "<meta " + WebSite.PALETTE_MARKER + ">"
            + "<meta " + WebSite.MAX_LINE_MARKER + ">" + "x".repeat(10_000), "", "", List.of());
    private final HttpExchange exchange = new HttpExchange(context, 1, transport, key,
            Listener.http(new InetSocketAddress("127.0.0.1", 0)), site);

    private void arrive(Object... reads) {
        transport.script(reads);
        ready(SelectionKey.OP_READ);
    }

    private void ready(int ops) {
        key.ready = ops;
        exchange.onReady(key);
        context.afterEvents();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String written() {
        return transport.written.toString(StandardCharsets.ISO_8859_1);
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.ISO_8859_1.decode(buffer).toString();
    }

    @Test
    void anAnswerIsWrittenThenOutputShutThenClosedAtTheClientsEof() {
        arrive(bytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
        assertThat(transport.log).endsWith("shutdownOutput");
        assertThat(transport.closes).isZero();

        arrive(bytes("anything after is drained"), EOF);
        ready(SelectionKey.OP_READ);

        assertThat(transport.closes).isEqualTo(1);
        assertThat(context.released).isEqualTo(1);
    }

    @Test
    void anEofWhileTheAnswerIsStillGoingOutWaitsForIt() {
        transport.room = 1000;
        arrive(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), EOF);
        ready(SelectionKey.OP_READ); // the EOF, with 1000 bytes of the page out

        assertThat(transport.closes).isZero();
        assertThat(transport.wantRead).as("an EOF is not asked about again").isFalse();

        transport.room = Long.MAX_VALUE;
        ready(SelectionKey.OP_WRITE);

        assertThat(written()).isEqualTo(text(site.response()));
        assertThat(transport.log).endsWith("shutdownOutput", "close");
        assertThat(context.released).isEqualTo(1);
    }

    @Test
    void theDeadlineFromAcceptIsNotPushedBackByProgressAndEndsIn408() {
        context.advance(LOGIN.minusMillis(1));
        arrive(bytes("GET / HTTP/1.1\r\n"));
        assertThat(written()).isEmpty();

        context.advance(Duration.ofMillis(1));

        assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(transport.closes).isZero();
        context.advance(GRACE);
        assertThat(transport.closes).as("the grace bounds the drain").isEqualTo(1);
        assertThat(context.released).isEqualTo(1);
    }

    @Test
    void theDeadlineIsAtMostTenSecondsWhateverTheLoginTimeout() {
        ServerConfig patient = context.config().withChat(new ChatSettings(20, 100, Duration.ofMinutes(5), List.of()));
        assertThat(HttpExchange.deadline(patient)).isEqualTo(Duration.ofSeconds(HttpExchange.MOST_SECONDS));
        assertThat(HttpExchange.deadline(context.config())).isEqualTo(LOGIN);
    }

    @Test
    void anUpgradeHandsTheKeyToAChatConnectionAndIsNeverClosedHere() {
        arrive(bytes("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));

        assertThat(key.attachment()).isInstanceOf(Connection.class);
        assertThat(written()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        assertThat(written()).as("the greeting follows, as frames").contains("{\"type\":\"welcome\"");

        exchange.shutdown();
        exchange.onReady(key);
        context.advance(LOGIN.plusSeconds(1)); // the HTTP deadline was cancelled; the chat's login timer closes
        assertThat(written()).doesNotContain("HTTP/1.1 408", "HTTP/1.1 503");
        assertThat(context.released).as("draining its goodbye").isZero();

        context.advance(GRACE);
        assertThat(context.released).as("the connection's to release, once").isEqualTo(1);
        assertThat(transport.closes).isEqualTo(1);
    }

    /**
     * A request is read and answered however spent the turn is (a busy room must not starve
     * an upgrade until its deadline); what the client sends after the answer is discarded,
     * and waits in the kernel for a turn with budget left.
     */
    @Test
    void withTheTurnsBudgetSpentARequestIsStillAnsweredButTheDrainWaits() {
        context.turnBudget = new TurnBudget(1);
        context.turnBudget.spend(1);

        arrive(bytes("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(written()).startsWith("HTTP/1.1 200 OK");
        int reads = transport.reads;

        arrive(bytes("discarded"), EOF);
        assertThat(transport.reads).as("nothing read while the budget is spent").isEqualTo(reads);

        context.turnBudget.reset();
        ready(SelectionKey.OP_READ);
        ready(SelectionKey.OP_READ);
        assertThat(transport.closes).isEqualTo(1);
    }

    @Test
    void aRequestStillBeingReadAtShutdownIsAnswered503() {
        arrive(bytes("GET /healthz HTTP/1.1\r\n"));

        exchange.shutdown();

        assertThat(written()).startsWith("HTTP/1.1 503 Service Unavailable\r\n").endsWith("server shutting down\n");
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        arrive(bytes("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertThat(written()).contains("Content-Type: " + MetricsPage.CONTENT_TYPE + "\r\n")
                .endsWith("\r\n\r\nchatroom_test 1\n");
    }
}
