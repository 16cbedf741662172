package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Problem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw-socket client for integration tests: what a telnet user would see, line by line.
 * A reader thread splits the server's output on CR LF into a queue; tests wait on that queue
 * with timeouts, never on sleeps.
 */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Marks the end of the server's output in the queue. */
    static final String EOF = "\u0000EOF";

    final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    private TestClient(Socket socket, boolean read) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.reader = new Thread(() -> readLines(in), "test-client-reader");
        this.reader.setDaemon(true);
        if (read) {
            reader.start();
        }
    }

    static TestClient connect(int port) throws IOException {
        return new TestClient(open(null, port, -1), true);
    }

    /**
     * A client whose socket is bound to {@code local} before it connects: another 127.x.y.z is
     * another client address to the server (Linux routes all of 127/8 to the loopback).
     */
    static TestClient connectFrom(String local, int port) throws IOException {
        return new TestClient(open(local, port, -1), true);
    }

    /** A client over a socket already connected and set up: a JDK {@code SSLSocket} after its handshake. */
    static TestClient over(Socket socket) throws IOException {
        return new TestClient(socket, true);
    }

    /** A client that never reads what the server sends: the slow consumer. */
    static TestClient connectNonReading(int port, int receiveBufferBytes) throws IOException {
        return new TestClient(open(null, port, receiveBufferBytes), false);
    }

    private static Socket open(String local, int port, int receiveBufferBytes) throws IOException {
        Socket socket = RawSockets.bound(local);
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Connects, answers the name question, and waits until the user is in the lobby. */
    static TestClient login(int port, String name) throws IOException {
        return login(connect(port), name);
    }

    /** Answers the name question on {@code client}, and waits until the user is in the lobby. */
    static TestClient login(TestClient client, String name) throws IOException {
        client.awaitLine(line -> line.startsWith("*** What is your name?"));
        client.send(name);
        client.awaitLine(line -> line.startsWith("*** You are in lobby."));
        return client;
    }

    /**
     * Connects, sends the {@code before} lines at once (say {@code /format json} on the text port,
     * a {@code /resume}), chooses {@code name} once asked in JSON, and waits until the user is in
     * a room: the {@code entered} event.
     */
    static TestClient loginJson(int port, String name, String... before) throws IOException {
        return loginJson(connect(port), name, before);
    }

    /** The same on {@code client}, connected already (from another address, over TLS). */
    static TestClient loginJson(TestClient client, String name, String... before) throws IOException {
        for (String line : before) {
            client.send(line);
        }
        client.awaitEvent(Event.AskName.class);
        client.send(name);
        client.awaitEvent(Event.Entered.class);
        return client;
    }

    /** Skips lines until one is the JSON form of a {@code type} event, and returns that event. */
    <T extends Event> T awaitEvent(Class<T> type) {
        return awaitEvent(type, event -> true);
    }

    <T extends Event> T awaitEvent(Class<T> type, Predicate<T> wanted) {
        String line = awaitLine(l -> l.startsWith("{") && type.isInstance(JsonCodec.parse(l))
                && wanted.test(type.cast(JsonCodec.parse(l))));
        return type.cast(JsonCodec.parse(line));
    }

    /** Skips lines until the JSON {@code error} of {@code problem}, and returns it. */
    Event.Error awaitError(Problem problem) {
        return awaitEvent(Event.Error.class, error -> error.code().equals(problem.code()));
    }

    /** The same, and its text must be the protocol's for {@code detail}. */
    void awaitError(Problem problem, String detail) {
        assertThat(awaitError(problem).text()).isEqualTo(problem.event(null, detail).text());
    }

    /** The next line, which must be a JSON event. */
    Event nextEvent() throws InterruptedException {
        String line = nextLine();
        assertThat(line).as("a JSON line").startsWith("{");
        return JsonCodec.parse(line);
    }

    private void readLines(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    lines.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
                    received.incrementAndGet();
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // The socket was reset or closed under us: that is an end of output too.
        }
        if (line.size() > 0) {
            lines.add(line.toString(StandardCharsets.UTF_8));
        }
        lines.add(EOF);
    }

    /** Lines the reader thread has taken off the socket so far, whether or not the test looked at them. */
    long received() {
        return received.get();
    }

    void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line, failing the test if none comes within the timeout. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            fail("no line from the server within " + TIMEOUT);
        }
        return line;
    }

    /** Skips lines until one matches, returning it; fails on EOF or timeout. */
    String awaitLine(Predicate<String> wanted) {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    return fail("no matching line within " + TIMEOUT + "; skipped: " + skipped);
                }
                if (line.equals(EOF)) {
                    return fail("connection ended before a matching line; skipped: " + skipped);
                }
                if (wanted.test(line)) {
                    return line;
                }
                skipped.add(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    String awaitLine(String exact) {
        return awaitLine(exact::equals);
    }

    /** Waits for the server to close the connection; returns the lines that came before. */
    List<String> awaitEof() throws InterruptedException {
        List<String> before = new ArrayList<>();
        while (true) {
            String line = nextLine();
            if (line.equals(EOF)) {
                return before;
            }
            before.add(line);
        }
    }

    /** Everything received so far, without waiting. */
    List<String> drain() {
        List<String> all = new ArrayList<>();
        lines.drainTo(all);
        return all;
    }

    /** Waits until no line arrives for {@code quiet}, then asserts none matched. */
    void assertNoLine(Predicate<String> unwanted, Duration quiet) throws InterruptedException {
        String line;
        while ((line = lines.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            assertThat(unwanted.test(line)).as("unexpected line: %s", line).isFalse();
        }
    }

    /** Closes with an RST instead of a FIN, as a crashed client or a pulled cable would. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
