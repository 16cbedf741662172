package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import chatroom.server.mod.Ban;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: a banned address is refused at connect on every transport, before anything is
 * made for it. The server starts with a ban on {@value #BANNED} (as one read from bans.tsv);
 * clients bound to that address are refused, clients from 127.0.0.1 are not. Real sockets,
 * the real loop; expected answers are the protocol's own ({@link Problem}, {@link TextCodec},
 * {@link HttpResponse}).
 */
@Timeout(60)
class BannedTransportsTest {

    /** Another loopback address: another client to the server. */
    static final String BANNED = "127.0.0.2";
    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);
    /** What a banned address is told, for a ban until lifted. */
    private static final Event.Error REFUSAL = Problem.BANNED.event(Instant.EPOCH, "");

    private static final TestTls TLS = TestTls.shared();

    /** Text on port(0), JSON on port(1), TLS on port(2), HTTP on port(3), and UDP; {@value #BANNED} banned. */
    private static TestServer start() throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        Ban ban = new Ban(1, null, BANNED, "alice", Instant.now(), null, "spam");
        return TestServer.start(TestAccounts.withBans(TestServer.config()
                .withListeners(List.of(Listener.text(any), Listener.json(any), Listener.tls(any, TLS.server),
                        Listener.http(any)))
                .withUdp(ServerConfig.UdpSettings.on(List.of(any))), ban));
    }

    @Test
    void theTextAndJsonPortsSayItInOneLineAndClose() throws Exception {
        try (TestServer server = start();
             TestClient text = TestClient.connectFrom(BANNED, server.port(0));
             TestClient json = TestClient.connectFrom(BANNED, server.port(1))) {
            assertThat(text.awaitEof()).containsExactly(TEXT.encode(REFUSAL));
            List<String> lines = json.awaitEof();
            assertThat(lines).hasSize(1);
            Event.Error error = (Event.Error) JsonCodec.parse(lines.get(0));
            assertThat(error.code()).isEqualTo(Problem.BANNED.code());
            assertThat(error.text()).isEqualTo(REFUSAL.text());
        }
    }

    @Test
    void anotherAddressComesIn() throws Exception {
        try (TestServer server = start();
             TestClient bob = TestClient.login(server.port(0), "bob")) {
            assertThat(bob.socket.isConnected()).as("logged in").isTrue();
        }
    }

    @Test
    void theTlsPortClosesWithoutAByteAndNoHandshake() throws Exception {
        try (TestServer server = start()) {
            try (Socket raw = RawSockets.connectFrom(BANNED, server.port(2))) {
                assertThat(RawSockets.awaitEnd(raw)).isEmpty();
            }
            try (SSLSocket socket = (SSLSocket) TLS.client.getSocketFactory()
                    .createSocket("127.0.0.1", server.port(2), InetAddress.getByName(BANNED), 0)) {
                socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
                assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
            }
            try (TestClient fine = TestClient.over(handshake(server.port(2)))) {
                fine.awaitLine(line -> line.startsWith("*** What is your name?"));
            }
        }
    }

    @Test
    void theHttpPortAnswers403WithTheTextAndNeverUpgrades() throws Exception {
        String forbidden = StandardCharsets.UTF_8.decode(
                HttpResponse.text(HttpResponse.Status.FORBIDDEN, REFUSAL.text())).toString();
        try (TestServer server = start()) {
            for (String request : List.of("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", WebSocketHostileTest.upgrade(""))) {
                try (Socket socket = RawSockets.connectFrom(BANNED, server.port(3))) {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(new String(RawSockets.readToEnd(socket), StandardCharsets.UTF_8)).isEqualTo(forbidden);
                }
            }
        }
    }

    /** Nothing may come back; waiting a moment for a datagram that must not come is the only way to see none did. */
    @Test
    void udpGetsNoAnswerAtAllWhileAnotherAddressGetsItsCode() throws Exception {
        try (TestServer server = start();
             UdpTestClient banned = UdpTestClient.from(new InetSocketAddress(BANNED, 0), UdpChatTest.udp(server));
             UdpTestClient other = UdpTestClient.to(UdpChatTest.udp(server))) {
            banned.send("/ping");
            banned.send("bob");
            other.send("/ping");
            assertThat(Udp.parseHello(other.nextLine())).isNotNull();
            assertThat(banned.poll(500)).isNull();
            assertThat(banned.datagrams()).isEmpty();
            assertThat(samples(server)).containsEntry("chatroom_udp_banned_drops_total", 2.0)
                    .containsEntry("chatroom_udp_hellos_total", 1.0);
        }
    }

    @Test
    void refusalsAreCountedAndNothingWasOpened() throws Exception {
        try (TestServer server = start()) {
            Map<String, Double> before = samples(server);
            assertThat(before).containsEntry("chatroom_bans", 1.0);
            for (int port = 0; port < 4; port++) {
                try (Socket socket = RawSockets.connectFrom(BANNED, server.port(port))) {
                    RawSockets.awaitEnd(socket);
                }
            }
            Map<String, Double> after = samples(server);
            assertThat(after.get("chatroom_banned_refused_total"))
                    .isEqualTo(before.get("chatroom_banned_refused_total") + 4);
            for (ConnectionKind kind : ConnectionKind.values()) {
                String opened = "chatroom_connections_opened_total{transport=\"" + kind.label() + "\"}";
                String open = "chatroom_connections{transport=\"" + kind.label() + "\"}";
                assertThat(after.get(opened)).as(opened).isEqualTo(before.get(opened));
                assertThat(after.get(open)).as(open).isEqualTo(before.get(open));
            }
        }
    }

    @Test
    void aBanThatRunsOutLetsTheAddressInAgain() throws Exception {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        SettableClock clock = new SettableClock(now);
        Ban ban = new Ban(1, null, BANNED, "alice", now, now.plus(Duration.ofMinutes(10)), "");
        try (TestServer server = TestServer.start(TestAccounts.withBans(TestServer.config(), ban), clock)) {
            try (TestClient early = TestClient.connectFrom(BANNED, server.port(0))) {
                assertThat(early.awaitEof())
                        .containsExactly(TEXT.encode(Problem.BANNED.event(now, " until 2026-12-02 08:10 UTC")));
            }
            clock.advance(Duration.ofMinutes(10));
            try (TestClient late = TestClient.login(TestClient.connectFrom(BANNED, server.port(0)), "bob")) {
                assertThat(late.socket.getLocalAddress().getHostAddress()).as("logged in from").isEqualTo(BANNED);
            }
        }
    }

    private static Map<String, Double> samples(TestServer server) throws Exception {
        return MetricsPageTest.parse(server.metricsText());
    }

    private static Socket handshake(int port) throws IOException {
        SSLSocket socket = (SSLSocket) TLS.client.getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return socket;
    }
}
