package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chatroom.protocol.Udp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A UDP user over a real loopback socket: sends datagrams, and keeps every datagram the server
 * sends back, and the lines in them, for the test to wait on. Connected to the server's port,
 * as nc connects, so it hears only the server.
 */
final class UdpTestClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<byte[]> datagrams = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private UdpTestClient(DatagramSocket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "udp-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** A client on a fresh port of 127.0.0.1, sending to {@code server}. */
    static UdpTestClient to(InetSocketAddress server) throws SocketException {
        return from(new InetSocketAddress("127.0.0.1", 0), server);
    }

    /** A client bound to {@code local} (another 127.x address is another source address). */
    static UdpTestClient from(InetSocketAddress local, InetSocketAddress server) throws SocketException {
        DatagramSocket socket = new DatagramSocket(local);
        socket.connect(server);
        return new UdpTestClient(socket);
    }

    /** Joins as {@code name}: asks for the code, sends it back with the name, waits until in the lobby. */
    static UdpTestClient login(InetSocketAddress server, String name) throws IOException {
        UdpTestClient client = to(server);
        client.send("/ping");
        String code = Udp.parseHello(client.nextLine());
        assertThat(code).as("the first answer is a code").isNotNull();
        client.send(code + " " + name);
        client.awaitLine(line -> line.startsWith("*** You are in "));
        return client;
    }

    private void read() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (true) {
                socket.receive(packet);
                byte[] datagram = Arrays.copyOf(buffer, packet.getLength());
                datagrams.add(datagram);
                String text = new String(datagram, StandardCharsets.UTF_8);
                for (String line : text.split("\r\n", -1)) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // Closed by the test, or the port was unreachable: nothing more will come.
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    /** Every datagram received so far, in order. */
    List<byte[]> datagrams() {
        synchronized (datagrams) {
            return List.copyOf(datagrams);
        }
    }

    String nextLine() {
        String line = poll(TestClient.TIMEOUT.toMillis());
        if (line == null) {
            fail("no line from the server within " + TestClient.TIMEOUT);
        }
        return line;
    }

    /** The next line within {@code millis}, or null. */
    String poll(long millis) {
        try {
            return lines.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Skips lines until one matches, returning it; fails on timeout. */
    String awaitLine(Predicate<String> wanted) {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            String line = left <= 0 ? null : poll(left);
            if (line == null) {
                return fail("no matching line within " + TestClient.TIMEOUT + "; skipped: " + skipped);
            }
            if (wanted.test(line)) {
                return line;
            }
            skipped.add(line);
        }
    }

    String awaitLine(String exact) {
        return awaitLine(exact::equals);
    }

    @Override
    public void close() {
        socket.close();
    }
}
