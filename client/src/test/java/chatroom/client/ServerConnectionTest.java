package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ServerConnectionTest {

    /**
     * Adversarial review, finding 1: a server that stopped reading (stopped, flooded) made a
     * send block in the socket's write while the session held its lock, and the whole client
     * froze. Far more than the socket buffers hold goes to the writer thread without waiting.
     */
    @Test
    void sendNeverWaitsForAServerThatStoppedReading() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConnection connection = new ServerConnection("127.0.0.1", server.getLocalPort(), Transport.tcp(null), new RecordingListener(),
                    ClientRun.quickBackoff());
            connection.open();
            try (Socket accepted = server.accept()) { // and never read from
                String line = "x".repeat(4_000);
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    for (int i = 0; i < 4_000; i++) { // 16 MB: many times what loopback buffers hold
                        assertThat(connection.send(line)).isTrue();
                    }
                });
            } finally {
                connection.hangUp();
            }
        }
    }

    /**
     * A UDP session the server forgot, or that went silent, is a lost connection like any
     * other: the reconnect makes a new socket (a new source port) and goes through the code
     * exchange again.
     */
    @Test
    @Timeout(60)
    void aLostUdpSessionReconnectsThroughANewCodeExchange() throws Exception {
        AtomicLong now = new AtomicLong();
        TextCodec text = new TextCodec(ZoneOffset.UTC);
        String welcome = text.encode(new Event.Welcome(Instant.EPOCH));
        try (FakeUdpServer server = new FakeUdpServer()) {
            RecordingListener listener = new RecordingListener();
            ServerConnection connection = new ServerConnection("127.0.0.1", server.port(),
                    new Transport.OverUdp(now::get, now::addAndGet), listener, ClientRun.quickBackoff());
            FutureTask<Void> opening = new FutureTask<>(() -> {
                connection.open();
                return null;
            });
            Thread thread = new Thread(opening, "open");
            thread.setDaemon(true);
            thread.start();
            try {
                SocketAddress first = exchange(server, 1, welcome);
                opening.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                listener.await(welcome);
                server.send(first, Udp.hello(1) + "\r\n");
                assertThat(listener.awaitLost()).isEqualTo(UdpWire.FORGOTTEN);
                server.expect(first, Udp.EXIT); // the old session is left, in case the hello was forged

                SocketAddress second = exchange(server, 2, welcome);
                assertThat(second).isNotEqualTo(first);
                listener.await(welcome);
                now.addAndGet(UdpWire.SILENCE.toNanos());
                assertThat(listener.awaitLost()).isEqualTo(UdpWire.NO_ANSWER);
                assertThat(listener.connects()).isEqualTo(2);
            } finally {
                connection.hangUp();
            }
        }
    }

    /** Plays the server's side of the code exchange for the next client to ask; returns where it asks from. */
    private static SocketAddress exchange(FakeUdpServer server, long code, String welcome) throws Exception {
        SocketAddress client = server.expect(CommandSpec.PING.word()).from();
        server.send(client, Udp.hello(code) + "\r\n");
        // A ping sent again before the hello arrived is skipped.
        while (!server.receive().lines().contains(Udp.code(code) + " " + CommandSpec.PING.word())) {
            continue;
        }
        server.send(client, welcome + "\r\n");
        return client;
    }
}
