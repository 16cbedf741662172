package chatroom.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A telnet user over a real socket, reading on the test's own thread: every line it reads is
 * parsed back into an event by the protocol module. Reads give up after a while rather than
 * hang a test whose line never came; no test asserts on time.
 */
final class LineClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects and logs in as {@code name}, up to the line that says it is in the room. */
    static LineClient login(int port, String name) throws IOException {
        return login(port, name, 0);
    }

    /** The same with a receive buffer of {@code receiveBufferBytes} (0: the system's): a small one makes a slow reader. */
    static LineClient login(int port, String name, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        LineClient client = new LineClient(socket);
        client.skipUntil(Event.AskName.class);
        client.send(name);
        client.skipUntil(Event.Entered.class);
        return client;
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next event; null at the end of the stream. */
    Event next() throws IOException {
        String line = nextLine();
        return line == null ? null : TextCodec.parse(line);
    }

    /**
     * The next line as it came, without its end; null at the end of the stream, or when the
     * server reset the connection. The last line of a connection the server cut off may be
     * only the start of one.
     */
    String nextLine() throws IOException {
        try {
            return in.readLine();
        } catch (SocketException reset) {
            return null;
        }
    }

    /** The next event, which must be {@code from}'s message. */
    Event.Said nextSaid(String from) throws IOException {
        return said(nextLine(), from);
    }

    /** {@code line}, which must be {@code from}'s message. */
    static Event.Said said(String line, String from) {
        assertThat(line).as("a line from the server").isNotNull();
        Event event = TextCodec.parse(line);
        assertThat(event).isInstanceOf(Event.Said.class);
        Event.Said said = (Event.Said) event;
        assertThat(said.from()).isEqualTo(from);
        return said;
    }

    private void skipUntil(Class<? extends Event> kind) throws IOException {
        Event event;
        do {
            event = next();
            assertThat(event).as("the server's lines before a %s", kind.getSimpleName()).isNotNull();
        } while (!kind.isInstance(event));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
