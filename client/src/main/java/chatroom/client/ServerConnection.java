package chatroom.client;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the server, over whichever {@link Transport} (a plain TCP socket, TLS
 * over one, UDP): one thread that reads lines and hands them to the {@link Listener}, and,
 * when the connection drops, reconnects after the {@link Backoff} delays until it succeeds,
 * {@link #hangUp} is called, or the server's certificate is refused (no retry would change
 * that: {@link Listener#refused}).
 *
 * <pre>
 *   open() ──▶ CONNECTED ──(EOF, reset)──▶ WAITING ──(delay over)──▶ connect ──ok──▶ CONNECTED
 *                  │                        ▲   │                       │
 *                  │                        │   └──────(hangUp)─▶ DONE  └─fails─▶ WAITING
 *                  └──(hangUp)──▶ DONE      └───────────────────────────────────────┘
 * </pre>
 *
 * What counts as a drop is the {@link Wire}'s to say: EOF or a reset on TCP; on UDP, which
 * has neither, silence, the server's code line or its shutdown notice ({@link UdpWire}).
 *
 * <p>Blocking I/O on purpose: one connection needs no selector, and a thread blocked in
 * {@code read} works the same on every operating system. Any thread may {@link #send}, and
 * never waits: each connection has a writer thread that writes the lines in order.
 */
final class ServerConnection implements Link {

    /** Called on the connection thread, in order: connected, received..., lost, retrying..., connected, ... */
    interface Listener {

        /** A connection is up: the first one, or a reconnect. */
        void connected();

        /** One line from the server, without its line end. */
        void received(String line);

        /**
         * Nothing came from the server for {@link #TICK}: a chance to act on time passing
         * (a name to try again, lines whose answer is overdue) without a thread of its own.
         */
        void idle();

        /** The connection dropped without {@link #hangUp}; reconnect attempts follow. */
        void lost(String reason);

        /**
         * The next attempt starts after {@code delay}.
         *
         * @param lastFailure why the previous attempt failed; null for the first attempt after a loss
         */
        void retrying(Duration delay, String lastFailure);

        /**
         * A reconnect found the server's certificate refused ({@link TlsConnector.Refused}): no
         * attempt follows, as every one would get the same answer.
         */
        void refused(String reason);
    }

    /** For the TCP connect and the TLS handshake together, or UDP's code exchange. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How often a quiet connection calls {@link Listener#idle}. */
    static final Duration TICK = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

    private final String host;
    private final int port;
    private final Transport transport;
    private final Listener listener;
    private final Backoff backoff;
    private final CountDownLatch hungUp = new CountDownLatch(1);

    private final Object writeLock = new Object();
    private Wire wire;
    /** The current socket's writer; null while there is none. */
    private Outgoing out;

    ServerConnection(String host, int port, Transport transport, Listener listener, Backoff backoff) {
        this.host = host;
        this.port = port;
        this.transport = transport;
        this.listener = listener;
        this.backoff = backoff;
    }

    /**
     * Connects once, on the calling thread, so a wrong host or port is reported at once
     * rather than retried forever; then reads, and reconnects when needed, on a thread of its own.
     */
    void open() throws IOException {
        Wire first = connect();
        // Up before open() returns: a line typed (or piped) at once must find the connection there.
        if (up(first)) {
            Thread thread = new Thread(() -> run(first), "chatroom-connection");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Never blocks: the line is handed to this connection's writer thread. */
    @Override
    public boolean send(String line) {
        synchronized (writeLock) {
            return out != null && out.offer(line);
        }
    }

    /** Called on the connection thread (from {@link Listener#received}), the only one that touches the backoff. */
    @Override
    public void welcomed() {
        backoff.reset();
    }

    @Override
    public void hangUp() {
        hungUp.countDown();
        synchronized (writeLock) {
            closeSocket();
        }
    }

    private boolean isHungUp() {
        return hungUp.getCount() == 0;
    }

    private void run(Wire first) {
        Wire current = first;
        try {
            while (current != null) {
                String reason = current.readLines(listener, this::isHungUp);
                synchronized (writeLock) {
                    closeSocket();
                }
                if (isHungUp()) {
                    break;
                }
                log.info("event=lost server={}:{} reason=\"{}\"", host, port, reason);
                listener.lost(reason);
                current = reconnect();
            }
        } catch (RuntimeException e) {
            // Not rethrown: the default handler would print the stack trace on the user's terminal.
            if (!isHungUp()) {
                log.error("event=connection_thread_failed", e);
            }
        }
    }

    /**
     * Waits and retries until connected and up (returns the connection), or hung up or the
     * server's certificate refused (returns null).
     */
    private Wire reconnect() {
        String failure = null;
        while (true) {
            Duration delay = backoff.next();
            listener.retrying(delay, failure);
            try {
                if (hungUp.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            try {
                Wire w = connect();
                return up(w) ? w : null;
            } catch (TlsConnector.Refused e) {
                if (!isHungUp()) {
                    listener.refused(e.getMessage());
                }
                return null;
            } catch (IOException e) {
                failure = describe(e);
                log.info("event=connect_failed server={}:{} error=\"{}\"", host, port, failure);
            }
        }
    }

    private Wire connect() throws IOException {
        return transport.connect(host, port, CONNECT_TIMEOUT);
    }

    /**
     * Makes {@code w} the connection {@link #send} writes to and tells the listener; false
     * (and closes it) if hung up meanwhile.
     */
    private boolean up(Wire w) {
        synchronized (writeLock) {
            if (isHungUp()) {
                w.close();
                return false;
            }
            wire = w;
            out = new Outgoing(w);
        }
        log.info("event=connected server={}:{}", host, port);
        listener.connected();
        return true;
    }

    private void closeSocket() {
        if (wire != null) {
            wire.close();
            wire = null;
            if (out != null) {
                out.stop();
                out = null;
            }
        }
    }

    /**
     * The lines on their way to one socket, and the thread that writes them. Writing on a
     * thread of its own keeps the caller from blocking when the server stops reading (stopped,
     * flooded, a network path gone quiet): the session sends while holding its lock, and the
     * input thread must stay free to take the user's {@code /quit}. The session paces what it
     * sends, so only a few lines wait here. A write that fails closes the socket: the reading
     * thread sees that and reconnects. What is queued at once goes out at once, in as few
     * packets (or datagrams) as it fits.
     */
    private final class Outgoing {

        private static final String STOP = new String("stop"); // compared by identity, never a real line
        private final Wire wire;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private volatile boolean failed;

        Outgoing(Wire wire) {
            this.wire = wire;
            Thread thread = new Thread(this::writeAll, "chatroom-writer");
            thread.setDaemon(true);
            thread.start();
        }

        /** False once writing has failed: the connection is as good as gone. */
        boolean offer(String line) {
            return !failed && lines.add(line);
        }

        /** The writer ends after what it is writing; the socket is closed by then or soon. */
        void stop() {
            lines.add(STOP);
        }

        private void writeAll() {
            try {
                for (String line = lines.take(); line != STOP; line = lines.take()) {
                    wire.write(line);
                    if (lines.isEmpty()) {
                        wire.flush();
                    }
                }
            } catch (IOException e) {
                failed = true;
                if (!isHungUp()) {
                    log.info("event=send_failed server={}:{} error=\"{}\"", host, port, describe(e));
                }
                wire.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof PortUnreachableException) {
            return "nothing listens on that UDP port (port unreachable)"; // the JDK's own has no message
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
