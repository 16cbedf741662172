package chatroom.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on a loopback port in front of the server, which the test can {@link #cut}: a
 * network outage with the server staying up, so what a reconnect resumes is still there.
 * Two threads per connection copy bytes, one each way.
 */
final class Relay implements AutoCloseable {

    private final int target;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket listening;

    private Relay(int target) throws IOException {
        this.target = target;
        this.port = listen(0);
    }

    /** A relay to the server on {@code port}. */
    static Relay to(int port) throws IOException {
        return new Relay(port);
    }

    int port() {
        return port;
    }

    /** Drops every connection through the relay, both ends, and refuses new ones until {@link #restore}. */
    synchronized void cut() {
        closeQuietly(listening);
        sockets.forEach(Relay::closeQuietly);
        sockets.clear();
    }

    /** Accepts again, on the same port. */
    synchronized void restore() throws IOException {
        listen(port);
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized int listen(int on) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
        listening = server;
        start("relay-accept", () -> accept(server));
        return server.getLocalPort();
    }

    private void accept(ServerSocket server) {
        try {
            while (true) {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                start("relay-up", () -> copy(client, upstream));
                start("relay-down", () -> copy(upstream, client));
            }
        } catch (IOException e) {
            // Cut: the listening socket is closed.
        }
    }

    /** Copies until either side ends, then closes both, as a dropped network path would look from each end. */
    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // Cut, or one side closed: either way this direction is over.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Best effort: it is being thrown away.
        }
    }
}
