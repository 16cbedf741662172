package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UdpWire} against a server played by the test on a loopback port ({@link
 * FakeUdpServer}): the code exchange, packing, and the ways a session is found lost. Time in
 * the session is a clock the tests move; only the exchange's resends wait for real.
 */
@Timeout(60)
class UdpWireTest {

    private static final String PING = CommandSpec.PING.word();
    private static final long CODE = 4821_7753L;
    /** What the client sends with the code it was given. */
    private static final String JOIN = Udp.code(CODE) + " " + PING;
    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    /** The greeting's first datagram: the welcome and the name question, as the server sends them. */
    private static final String GREETING = lines(new Event.Welcome(NOW)) + lines(new Event.AskName(NOW));

    private static String lines(Event event) {
        return new String(TEXT.encodeLines(event), StandardCharsets.UTF_8);
    }

    /** The wire's clock, moved by the tests and by the pauses of its pacing (so they take no time). */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FakeUdpServer server() throws Exception {
        FakeUdpServer server = new FakeUdpServer();
        open.add(server);
        return server;
    }

    private FutureTask<UdpWire> connecting(int port) {
        FutureTask<UdpWire> task = new FutureTask<>(
                () -> UdpWire.connect("127.0.0.1", port, ServerConnection.CONNECT_TIMEOUT, now::get, now::addAndGet));
        start(task, "udp-connect");
        return task;
    }

    private UdpWire done(FutureTask<UdpWire> connecting) throws Exception {
        UdpWire wire = connecting.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        open.add(wire::close);
        return wire;
    }

    /** A wire through the exchange, greeted; returns where it sends from. */
    private SocketAddress join(FakeUdpServer server, FutureTask<UdpWire> connecting) throws Exception {
        SocketAddress client = server.receive().from();
        server.send(client, new String(Udp.helloDatagram(CODE), StandardCharsets.US_ASCII));
        expectJoin(server, client);
        server.send(client, GREETING);
        return client;
    }

    /** The code sent back, after any ping a slow machine sent again before the hello reached it. */
    private static void expectJoin(FakeUdpServer server, SocketAddress client) throws Exception {
        FakeUdpServer.Datagram d = server.receive();
        while (d.lines().equals(List.of(PING))) {
            d = server.receive();
        }
        assertThat(d.from()).isEqualTo(client);
        assertThat(d.lines()).containsExactly(JOIN);
    }

    /** Reads on a thread of its own; the task's result is why reading ended. */
    private FutureTask<String> reading(UdpWire wire) {
        FutureTask<String> task = new FutureTask<>(() -> wire.readLines(listener, () -> false));
        start(task, "udp-read");
        return task;
    }

    private static void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static String ended(FutureTask<String> reading) throws Exception {
        return reading.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Nested
    class Joining {

        @Test
        void asksWithPingSendsTheCodeWithAPingAndTheSessionStartsAtTheGreeting() throws Exception {
            FakeUdpServer server = server();
            FutureTask<UdpWire> connecting = connecting(server.port());
            SocketAddress client = server.expect(PING).from();
            // The hello exactly as the server sends it, CR LF and all: the code sent back has no line end in it.
            server.send(client, new String(Udp.helloDatagram(CODE), StandardCharsets.US_ASCII));
            expectJoin(server, client);
            server.send(client, GREETING);
            reading(done(connecting));
            assertThat(listener.next()).isEqualTo(TEXT.encode(new Event.Welcome(NOW)));
            assertThat(listener.next()).isEqualTo(TEXT.encode(new Event.AskName(NOW)));
        }

        @Test
        void aPingOrACodeNotAnsweredIsSentAgainAndRepeatedCodesAreNotLines() throws Exception {
            FakeUdpServer server = server();
            FutureTask<UdpWire> connecting = connecting(server.port());
            SocketAddress client = server.expect(PING).from();
            server.expect(client, PING);
            // Both pings answered: the second answer comes while the code is on its way.
            server.send(client, Udp.hello(CODE) + "\r\n");
            server.send(client, Udp.hello(CODE) + "\r\n");
            expectJoin(server, client);
            server.expect(client, JOIN);
            server.send(client, GREETING);
            reading(done(connecting));
            assertThat(listener.next()).isEqualTo(TEXT.encode(new Event.Welcome(NOW)));
        }

        /** The session was made, but its greeting lost: the repeated code makes no second one, its ping is answered. */
        @Test
        void aGreetingLostIsMadeUpForByThePongOfTheRepeat() throws Exception {
            FakeUdpServer server = server();
            FutureTask<UdpWire> connecting = connecting(server.port());
            SocketAddress client = server.receive().from();
            server.send(client, Udp.hello(CODE) + "\r\n");
            expectJoin(server, client);
            server.expect(client, JOIN);
            String pong = TEXT.encode(new Event.Pong(NOW));
            server.send(client, pong + "\r\n");
            reading(done(connecting));
            assertThat(listener.next()).isEqualTo(pong);
        }

        @Test
        void anyOtherLineStartsTheSessionSoARefusalIsHandedOverToo() throws Exception {
            FakeUdpServer server = server();
            FutureTask<UdpWire> connecting = connecting(server.port());
            SocketAddress client = server.receive().from();
            server.send(client, Udp.hello(CODE) + "\r\n");
            expectJoin(server, client);
            String refusal = TextCodec.ERROR + "Server full";
            server.send(client, refusal + "\r\n");
            reading(done(connecting));
            assertThat(listener.next()).isEqualTo(refusal);
        }

        @Test
        void aPortNothingListensOnIsAFailedConnect() throws Exception {
            int closed;
            try (DatagramSocket gone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                closed = gone.getLocalPort();
            }
            assertThatThrownBy(() -> UdpWire.connect("127.0.0.1", closed, ServerConnection.CONNECT_TIMEOUT, now::get,
                    now::addAndGet))
                    .isInstanceOf(PortUnreachableException.class)
                    .satisfies(e -> assertThat(ServerConnection.describe((PortUnreachableException) e))
                            .contains("port unreachable"));
        }
    }

    @Nested
    class InASession {

        private FakeUdpServer server;
        private SocketAddress client;
        private UdpWire wire;

        private FutureTask<String> joined() throws Exception {
            server = server();
            FutureTask<UdpWire> connecting = connecting(server.port());
            client = join(server, connecting);
            wire = done(connecting);
            FutureTask<String> reading = reading(wire);
            listener.await(TEXT.encode(new Event.AskName(NOW)));
            return reading;
        }

        @Test
        void aBurstOfLinesIsPackedIntoDatagramsOfAtMostTheSafeSizeInOrder() throws Exception {
            joined();
            int perDatagram = 4;
            List<String> lines = IntStream.range(0, UdpWire.LINE_BURST)
                    .mapToObj(i -> "line %03d ".formatted(i) + "x".repeat(Udp.DATAGRAM_BYTES / perDatagram - 10)).toList();
            for (String line : lines) {
                wire.write(line);
            }
            wire.flush();
            List<String> received = new ArrayList<>();
            int datagrams = 0;
            while (received.size() < lines.size()) {
                FakeUdpServer.Datagram d = server.receive();
                assertThat(d.bytes()).isLessThanOrEqualTo(Udp.DATAGRAM_BYTES);
                received.addAll(d.lines());
                datagrams++;
            }
            assertThat(received).isEqualTo(lines);
            assertThat(datagrams).isEqualTo((lines.size() + perDatagram - 1) / perDatagram);
        }

        /** A paste: the server would drop, unanswered, the lines that came faster than its flood limit. */
        @Test
        void linesBeyondABurstArePacedAndAllArrive() throws Exception {
            joined();
            List<String> lines = IntStream.range(0, 3 * UdpWire.LINE_BURST).mapToObj(i -> "pasted " + i).toList();
            long before = now.get();
            for (String line : lines) {
                wire.write(line);
            }
            wire.flush();
            List<String> received = new ArrayList<>();
            while (received.size() < lines.size()) {
                received.addAll(server.receive().lines());
            }
            assertThat(received).isEqualTo(lines);
            assertThat(now.get() - before).as("paused")
                    .isEqualTo(2 * UdpWire.LINE_BURST * (1_000_000_000L / UdpWire.LINES_PER_SECOND));
        }

        @Test
        void aLineLongerThanADatagramGoesAlone() throws Exception {
            joined();
            String longLine = "y".repeat(Udp.DATAGRAM_BYTES + 100);
            wire.write("before");
            wire.write(longLine);
            wire.write("after");
            wire.flush();
            server.expect(client, "before");
            server.expect(client, longLine);
            server.expect(client, "after");
        }

        /**
         * And the socket says exit before it is given up: a forged hello must not leave the real
         * session behind, holding the name, while the client joins again from another port.
         */
        @Test
        void aHelloLineMeansTheServerForgotTheSessionAndTheOldOneIsLeft() throws Exception {
            FutureTask<String> reading = joined();
            server.send(client, "*** someone said something\r\n");
            listener.await("said something");
            server.send(client, Udp.hello(CODE) + "\r\n");
            assertThat(ended(reading)).isEqualTo(UdpWire.FORGOTTEN);
            server.expect(client, Udp.EXIT);
        }

        @Test
        void aRequestForTheSameCodeIsAnsweredOnceASecondAtMostANewOneAtOnce() throws Exception {
            FutureTask<String> reading = joined();
            server.send(client, (Udp.stay(1) + "\r\n").repeat(3) + "*** marker one\r\n");
            listener.await("marker one");
            now.addAndGet(UdpWire.STAY_ANSWER_INTERVAL.toNanos());
            server.send(client, Udp.stay(1) + "\r\n" + Udp.stay(2) + "\r\n");
            server.expect(client, Udp.code(1));
            server.expect(client, Udp.code(1));
            server.expect(client, Udp.code(2));
            assertThat(reading.isDone()).isFalse();
        }

        @Test
        void emptyLinesAreNoLines() throws Exception {
            joined();
            server.send(client, "\r\n".repeat(1_000) + "*** after nothing\r\n");
            assertThat(listener.next()).isEqualTo("*** after nothing");
        }

        /** The server's recheck: answered by the wire with the code alone, and not a line of the conversation. */
        @Test
        void aCodeToStayIsSentBackAloneAndNotHandedOver() throws Exception {
            FutureTask<String> reading = joined();
            long fresh = 1234_5678L;
            server.send(client, Udp.stay(fresh) + "\r\n*** after the code\r\n");
            server.expect(client, Udp.code(fresh));
            assertThat(listener.next()).isEqualTo("*** after the code");
            assertThat(reading.isDone()).isFalse();
        }

        /** In JSON, as the client asks for it: the last datagram a shutting down server sends. */
        @Test
        void theShutdownNoticeIsHandedOverAndEndsTheSession() throws Exception {
            FutureTask<String> reading = joined();
            String notice = new JsonCodec().encode(new Event.ShuttingDown(NOW));
            server.send(client, notice + "\r\n");
            assertThat(ended(reading)).isEqualTo(UdpWire.SHUT_DOWN);
            assertThat(listener.next()).isEqualTo(notice);
        }

        @Test
        void silenceForTheLimitLosesTheSessionAndEachDatagramHeardPutsItOff() throws Exception {
            FutureTask<String> reading = joined();
            now.addAndGet(UdpWire.SILENCE.toNanos() - 1);
            server.send(client, "*** still here\r\n");
            listener.await("still here");
            now.addAndGet(UdpWire.SILENCE.toNanos() - 1);
            listener.awaitIdles(2);
            assertThat(reading.isDone()).as("lost before the limit: %s", reading).isFalse();
            now.addAndGet(1);
            assertThat(ended(reading)).isEqualTo(UdpWire.NO_ANSWER);
        }

        @Test
        void aPingGoesAfterTheKeepaliveWithoutSendingAndOnlyThen() throws Exception {
            joined();
            now.addAndGet(UdpWire.KEEPALIVE.toNanos() - 1);
            listener.awaitIdles(2);
            wire.write("sent before the keepalive was due");
            wire.flush();
            server.expect(client, "sent before the keepalive was due");
            now.addAndGet(UdpWire.KEEPALIVE.toNanos());
            server.expect(client, PING);
            listener.awaitIdles(2); // a keepalive not counted as sending would go again at each of these
            wire.write("next");
            wire.flush();
            server.expect(client, "next");
        }

        @Test
        void aBusyServerDoesNotHoldTheKeepaliveBack() throws Exception {
            joined();
            now.addAndGet(UdpWire.KEEPALIVE.toNanos());
            // Datagrams far more often than a tick, for many ticks: the receive never times out.
            for (int i = 0; i < 200; i++) {
                server.send(client, "*** busy " + i + "\r\n");
                FakeUdpServer.Datagram d = server.receiveWithin(Duration.ofMillis(5));
                if (d != null) {
                    assertThat(d.lines()).containsExactly(PING);
                    return;
                }
            }
            throw new AssertionError("no keepalive while the server kept sending");
        }
    }
}
