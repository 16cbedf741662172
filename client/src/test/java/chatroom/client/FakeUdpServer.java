package chatroom.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The server's side of UDP, played by a test one datagram at a time: a loopback {@link
 * DatagramChannel} that waits for what the client sends and answers what the test says.
 */
final class FakeUdpServer implements AutoCloseable {

    /** One datagram received: who sent it, and its lines as the server cuts them (at LF, CR LF or CR). */
    record Datagram(SocketAddress from, int bytes, List<String> lines) {}

    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(65_536);

    FakeUdpServer() throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    /** The next datagram from anyone; fails after {@link Await#TIMEOUT}. */
    Datagram receive() throws IOException {
        Datagram d = receiveWithin(Await.TIMEOUT);
        return d != null ? d : fail("no datagram within %s", Await.TIMEOUT);
    }

    /** The next datagram from anyone, or null if none comes within {@code wait}. */
    Datagram receiveWithin(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from != null) {
                in.flip();
                byte[] bytes = new byte[in.remaining()];
                in.get(bytes);
                return new Datagram(from, bytes.length, new String(bytes, StandardCharsets.UTF_8).lines().toList());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    /** The next datagram, from anyone, which must hold {@code lines} exactly. */
    Datagram expect(String... lines) throws IOException {
        Datagram d = receive();
        if (!d.lines().equals(List.of(lines))) {
            return fail("expected %s, got %s", List.of(lines), d);
        }
        return d;
    }

    /** The next datagram, which must be from {@code from} and hold {@code lines} exactly. */
    Datagram expect(SocketAddress from, String... lines) throws IOException {
        Datagram d = receive();
        if (!d.from().equals(from) || !d.lines().equals(List.of(lines))) {
            return fail("expected %s from %s, got %s", List.of(lines), from, d);
        }
        return d;
    }

    /** One datagram of {@code text}, as the server sends it (its lines ending in CR LF). */
    void send(SocketAddress to, String text) throws IOException {
        channel.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), to);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
