package chatroom.client;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;

/**
 * A TCP connection, plain or TLS: {@code socket} is what lines are read from and written to,
 * {@code tcp} itself or TLS over it. The writer thread may write on a TLS socket while the
 * connection thread reads it: the JDK's TLS socket has a lock for each direction.
 */
final class TcpWire implements Wire {

    /** Far above any line the server sends (4 KiB of text plus a prefix); a line beyond this is cut. */
    static final int MAX_LINE_CHARS = 64 * 1024;

    private final Socket socket;
    private final Socket tcp;
    private final Writer writer;

    private TcpWire(Socket socket, Socket tcp) throws IOException {
        this.socket = socket;
        this.tcp = tcp;
        this.writer = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Connects, and with TLS shakes hands, within {@code timeout} in all.
     *
     * @param tls null for plain text
     */
    static TcpWire connect(String host, int port, TlsConnector tls, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true); // chat lines are small and someone is waiting for each
            s.setKeepAlive(true);  // so a silently dead connection is noticed eventually
            s.setSoTimeout((int) ServerConnection.TICK.toMillis()); // a quiet read returns now and then: Listener.idle
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        // The handshake closes s if it fails.
        Socket socket = tls == null ? s : tls.handshake(s, host, port, Duration.ofNanos(deadline - System.nanoTime()));
        try {
            return new TcpWire(socket, s);
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    @Override
    public String readLines(ServerConnection.Listener listener, BooleanSupplier hungUp) {
        try {
            // InputStreamReader replaces invalid UTF-8 with U+FFFD rather than failing.
            Reader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            int c;
            while ((c = readOrIdle(in, listener, hungUp)) >= 0) {
                if (c == '\n') {
                    listener.received(withoutCr(line));
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else if (!cut) {
                    line.append('…');
                    cut = true;
                }
            }
            if (line.length() > 0) {
                listener.received(withoutCr(line));
            }
            return "the server closed the connection";
        } catch (IOException e) {
            return ServerConnection.describe(e);
        }
    }

    /**
     * The next character, telling the listener each time the read times out. A timeout leaves
     * the socket and the readers above it as they were (the JDK's decoder flips its buffer
     * back even when the read throws; its TLS socket keeps a record read halfway and goes on
     * with it at the next read), so reading simply goes on.
     */
    private static int readOrIdle(Reader in, ServerConnection.Listener listener, BooleanSupplier hungUp)
            throws IOException {
        while (true) {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                if (hungUp.getAsBoolean()) {
                    throw e;
                }
                listener.idle();
            }
        }
    }

    private static String withoutCr(StringBuilder line) {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    @Override
    public void write(String line) throws IOException {
        writer.write(line);
        writer.write('\n');
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    /** Never blocks: a TLS socket's close_notify could wait on a server that stopped reading. */
    @Override
    public void close() {
        if (socket instanceof SSLSocket tlsSocket) {
            TlsConnector.close(tlsSocket, tcp);
        } else {
            closeQuietly(tcp);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is being given up either way.
        }
    }
}
