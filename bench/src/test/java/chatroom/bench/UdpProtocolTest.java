package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The udp target against a scripted datagram server: the code exchange, packed lines, a lost session, exit. */
class UdpProtocolTest {

    private static final Instant TS = Instant.parse("2026-12-02T12:00:00Z");
    private static final long CODE = 48_217_753;

    private final TextCodec codec = new TextCodec(ZoneOffset.UTC);
    private final DatagramSocket server;
    private final Reactor reactor;
    private final List<String> messages = new ArrayList<>();

    UdpProtocolTest() throws IOException {
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
        reactor = new Reactor();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        reactor.close();
    }

    @Test
    void getsInByTheCodeExchangeReadsPackedLinesAndSeesALostSession() throws Exception {
        CompletableFuture<List<String>> heard = serve(
                lines(new Event.Welcome(TS), new Event.AskName(TS), new Event.Hello(TS, "b00001"),
                        new Event.Entered(TS, "lobby", 2, List.of("x", "b00001"))),
                lines(new Event.Joined(TS, "lobby", "y"), new Event.Said(TS, 1, "lobby", "x", "0 1 7...", false),
                        new Event.Pong(TS), new Event.Said(TS, 2, "lobby", "x", "0 2 9", false)),
                Udp.hello(CODE + 1));
        Fleet fleet = fleet();

        assertThat(fleet.connectAll(TimeUnit.SECONDS.toNanos(10))).as("%s", fleet.problems()).isTrue();
        reactor.runUntil(() -> fleet.disconnects() == 1, System.nanoTime() + TimeUnit.SECONDS.toNanos(10),
                Reactor.NOTHING);

        assertThat(heard.get(10, TimeUnit.SECONDS))
                .containsExactly(CommandSpec.PING.word() + "\n", Udp.code(CODE) + " b00001\n");
        assertThat(messages).containsExactly("0 1 7...", "0 2 9");
        assertThat(fleet.problems()).singleElement().asString().contains("it no longer knows this user");
    }

    /** As the server does when its answer rate is spent: a join dropped without a word. */
    @Test
    void aJoinTheServerDroppedIsRepeatedAsTheCodeAloneAndTheNameGoesWhenAsked() throws Exception {
        CompletableFuture<List<String>> heard = CompletableFuture.supplyAsync(() -> {
            try {
                Received ask = receive();
                send(new String(Udp.helloDatagram(CODE), StandardCharsets.US_ASCII), ask.from());
                Received dropped = receive();
                Received again = receive();
                send(lines(new Event.Welcome(TS), new Event.AskName(TS)), again.from());
                Received name = receive();
                send(lines(new Event.Hello(TS, "b00001"), new Event.Entered(TS, "lobby", 1, List.of("b00001"))),
                        name.from());
                return List.of(ask.text(), dropped.text(), again.text(), name.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Fleet fleet = fleet();

        assertThat(fleet.connectAll(TimeUnit.SECONDS.toNanos(10))).as("%s", fleet.problems()).isTrue();

        assertThat(heard.get(10, TimeUnit.SECONDS)).containsExactly(CommandSpec.PING.word() + "\n",
                Udp.code(CODE) + " b00001\n", Udp.code(CODE) + "\n", "b00001\n");
    }

    /** Every 10 minutes and 4 MiB the server asks again: the code goes back alone, past a sender's queued messages. */
    @Test
    void aStayLineIsAnsweredWithItsCodeInADatagramOfItsOwn() throws Exception {
        CompletableFuture<List<String>> heard = serve(lines(new Event.AskName(TS), new Event.Hello(TS, "b00001"),
                new Event.Entered(TS, "lobby", 1, List.of("b00001"))));
        Fleet fleet = fleet();
        assertThat(fleet.connectAll(TimeUnit.SECONDS.toNanos(10))).as("%s", fleet.problems()).isTrue();
        heard.get(10, TimeUnit.SECONDS);
        SocketAddress client = lastSource;
        fleet.member(0).outbox().put("queued but not flushed\n".getBytes(StandardCharsets.US_ASCII));

        send(lines(new Event.Said(TS, 1, "lobby", "x", "0 1 7...", false)) + Udp.stay(CODE + 5) + "\r\n", client);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return receive().text();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reactor.runUntil(answer::isDone, System.nanoTime() + TimeUnit.SECONDS.toNanos(10), Reactor.NOTHING);

        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(Udp.code(CODE + 5) + "\n");
        assertThat(messages).containsExactly("0 1 7...");
        assertThat(fleet.disconnects()).isZero();
    }

    @Test
    void aClosedUserSaysExitSoTheServerDropsItsSession() throws Exception {
        CompletableFuture<List<String>> heard = serve(lines(new Event.AskName(TS), new Event.Hello(TS, "b00001"),
                new Event.Entered(TS, "lobby", 1, List.of("b00001"))));
        Fleet fleet = fleet();
        assertThat(fleet.connectAll(TimeUnit.SECONDS.toNanos(10))).as("%s", fleet.problems()).isTrue();
        heard.get(10, TimeUnit.SECONDS);

        fleet.closeAll();

        assertThat(receive().text()).isEqualTo(Udp.EXIT + "\n");
    }

    @Test
    void usersComeFromLoopbackAddressesFourEach() {
        assertThat(Fleet.udpSource(0).getHostAddress()).isEqualTo("127.1.0.1");
        assertThat(Fleet.udpSource(Fleet.USERS_PER_ADDRESS - 1).getHostAddress()).isEqualTo("127.1.0.1");
        assertThat(Fleet.udpSource(Fleet.USERS_PER_ADDRESS).getHostAddress()).isEqualTo("127.1.0.2");
        assertThat(Fleet.udpSource(Fleet.USERS_PER_ADDRESS * 300).getHostAddress()).isEqualTo("127.1.1.45");
    }

    private Fleet fleet() {
        Fleet fleet = new Fleet(reactor, new UdpProtocol(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 1, 0, 0, 1024, "b", 1000);
        fleet.setSink((receiver, text, offset, length, receivedNanos) ->
                messages.add(new String(text, offset, length, StandardCharsets.UTF_8)));
        return fleet;
    }

    /**
     * In the background: answers the first datagram with the hello line for {@link #CODE}, then the
     * second with {@code datagrams}, each one datagram, as the server packs them.
     *
     * @return the two datagrams the client sent
     */
    private CompletableFuture<List<String>> serve(String... datagrams) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Received ask = receive();
                send(new String(Udp.helloDatagram(CODE), StandardCharsets.US_ASCII), ask.from());
                Received join = receive();
                for (String datagram : datagrams) {
                    send(datagram, join.from());
                }
                return List.of(ask.text(), join.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private record Received(String text, SocketAddress from) {}

    /** Where the last datagram came from. */
    private volatile SocketAddress lastSource;

    private Received receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[Udp.DATAGRAM_BYTES], Udp.DATAGRAM_BYTES);
        server.receive(packet);
        lastSource = packet.getSocketAddress();
        return new Received(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII),
                packet.getSocketAddress());
    }

    private void send(String datagram, SocketAddress to) throws IOException {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        server.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** The events as the server sends them to a text user: CR LF each, packed in one datagram. */
    private String lines(Event... events) {
        return Stream.of(events).map(e -> codec.encode(e) + "\r\n").collect(Collectors.joining());
    }
}
