package chatroom.client;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The other side of the conversation: a bare socket speaking the protocol, as nc would. */
final class RawUser implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private RawUser(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Await.TIMEOUT.toMillis());
        out = socket.getOutputStream();
        Thread reader = new Thread(this::readLines, "raw-user-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects, gives the name, and waits until in the lobby. */
    static RawUser login(int port, String name) throws IOException {
        RawUser user = new RawUser(port);
        user.send(name);
        user.await(line -> line.startsWith("*** You are in lobby."));
        return user;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line (skipping those before it) that matches; fails after {@link Await#TIMEOUT}. */
    String await(Predicate<String> wanted) {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        try {
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    return fail("no matching line within %s; seen: %s", Await.TIMEOUT, seen);
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Every line {@link #await} has gone through so far, in order. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    String awaitEnding(String suffix) {
        return await(line -> line.endsWith(suffix));
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The test closed the socket, or the server went away; the test sees no more lines.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
