package chatroom.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port in front of the server, which the test can {@link #cut}: a
 * network outage with the server staying up, so what a reconnect resumes is still there.
 * Two threads per connection copy bytes, one each way. It can also stand for a slow path
 * ({@link #dribble}), a server that stopped reading ({@link #stall}), and shows what clients
 * sent ({@link #sentUp}).
 */
final class Relay implements AutoCloseable {

    /** Longer than the client's read timeout ({@link ServerConnection#TICK}). */
    static final Duration DRIBBLE_PAUSE = ServerConnection.TICK.multipliedBy(2);

    private final int target;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    /** Server-side sockets kept open, silent, after their client side was cut. */
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private ServerSocket listening;
    /** Every byte the clients sent, in order. */
    private final ByteArrayOutputStream up = new ByteArrayOutputStream();
    private volatile boolean dribble;
    private volatile boolean stalled;
    /** Connections whose client side has ended (closed, or cut). */
    private final AtomicInteger clientEnds = new AtomicInteger();

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

    /**
     * Drops the client's side of every connection and refuses new ones until {@link #restore},
     * but keeps the server's side open and silent, as when a laptop's network goes away: the
     * server holds the connection, and the user's name, until it notices or {@link #release}.
     */
    synchronized void cutClientSide() {
        closeQuietly(listening);
        for (int i = 0; i < sockets.size(); i += 2) {
            held.add(sockets.get(i + 1));
            closeQuietly(sockets.get(i));
        }
        sockets.clear();
    }

    /** Closes the server's sides {@link #cutClientSide} held open: now the server sees them go. */
    void release() {
        held.forEach(Relay::closeQuietly);
        held.clear();
    }

    /**
     * Accepts again, on the same port. The port can stay taken for a moment after a cut: the
     * JDK defers closing a socket that another thread is blocked accepting on until that
     * thread has woken up.
     */
    synchronized void restore() throws IOException {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        while (true) {
            try {
                listen(port);
                return;
            } catch (BindException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * From now on each piece of what the server sends arrives in two halves,
     * {@link #DRIBBLE_PAUSE} apart: a TLS record is read halfway, and then the reader waits.
     */
    void dribble() {
        dribble = true;
    }

    /** Stops reading what the clients send, as a server that stopped reading: their writes soon block. */
    void stall() {
        stalled = true;
    }

    /** How many connections' client sides have ended so far. */
    int clientEnds() {
        return clientEnds.get();
    }

    /** Every byte the clients have sent so far. */
    byte[] sentUp() {
        synchronized (up) {
            return up.toByteArray();
        }
    }

    @Override
    public void close() {
        stalled = false;
        cut();
        release();
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
                start("relay-up", () -> copy(client, upstream, true));
                start("relay-down", () -> copy(upstream, client, false));
            }
        } catch (IOException e) {
            // Cut: the listening socket is closed.
        }
    }

    /** Copies until either side ends, then closes both, as a dropped network path would look from each end. */
    private void copy(Socket from, Socket to, boolean clientToServer) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                while (clientToServer && stalled) {
                    Thread.sleep(10);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (clientToServer) {
                    synchronized (up) {
                        up.write(buffer, 0, n);
                    }
                }
                if (!clientToServer && dribble && n > 1) {
                    out.write(buffer, 0, n / 2);
                    out.flush();
                    Thread.sleep(DRIBBLE_PAUSE.toMillis());
                    out.write(buffer, n / 2, n - n / 2);
                } else {
                    out.write(buffer, 0, n);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Cut, or one side closed: either way this direction is over.
        } finally {
            if (clientToServer) {
                clientEnds.incrementAndGet();
            }
            closeUnlessHeld(from);
            closeUnlessHeld(to);
        }
    }

    private void closeUnlessHeld(Socket socket) {
        if (!held.contains(socket)) {
            closeQuietly(socket);
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
