package chatroom.server.net;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket's handler: accepts, decides whether a new client may come in, and
 * builds its {@link Connection} from the {@link Listener}'s choices (transport, framing,
 * starting format). A TLS listener's connections get a {@link TlsTransport} with an engine of
 * their own and network buffers from the loop's pool of record-sized blocks; everything above
 * the transport is the same as on the plain port. An HTTP listener's sockets get an
 * {@link HttpExchange} instead, which hands its key to a connection if the request is a
 * WebSocket upgrade; until then they are counted and limited as connections are.
 * Per-listener policy belongs here: the client cap, and the limits per address
 * ({@link AddressLimiter}, one for every acceptor of the loop), checked before a connection
 * is registered, so a refused one costs an accept, one line (an HTTP answer on the HTTP port)
 * and a close. A banned address is refused there too, before anything else: no transport, no
 * TLS engine, no exchange, no session is made for it, and past its connect rate it is not even
 * told.
 */
final class Acceptor implements Handler {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

    /** The most connections accepted per turn, so a connect storm cannot starve the clients already in. */
    static final int ACCEPTS_PER_TURN = 256;
    /** How long accepting stops after accept itself failed (out of file descriptors). */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(250);
    private static final int BACKLOG = 1024;
    /** "Server full" is logged at most this often. */
    private static final long FULL_LOG_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    /*
     * TCP keepalive on every client socket, so that a client whose network went away without
     * a FIN or an RST (a closed laptop, a NAT that forgot the mapping, a pulled cable) is found
     * dead by the kernel and its name and slot are freed: after 60 s of silence the kernel
     * probes every 10 s and gives up after 6 unanswered probes, 60 + 6 x 10 = 120 s in all.
     * The system defaults (2 h idle, 75 s, 9 probes on Linux) would keep such a ghost for more
     * than two hours. A probe a minute per idle connection costs nothing (10,000 idle clients:
     * about 170 empty segments a second) and keeps NAT mappings alive as a bonus; a minute of
     * unanswered probes rides out a Wi-Fi roam or a short outage. Probes are answered by the
     * peer's kernel, so telnet users see nothing. While output is unacknowledged the kernel
     * retransmits instead of probing; a peer gone with output stuck is the output-stall
     * timeout's to find.
     */
    static final int KEEPALIVE_IDLE_SECONDS = 60;
    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_PROBES = 6;

    /** What an acceptor needs of the loop besides what its connections need. */
    interface Context extends ConnectionContext {
        long nextConnectionId();

        int openConnections();

        /** A connection is registered: count it; the loop uncounts it when it closes. */
        void opened();

        /** Spare TLS record buffers ({@link TlsTransport#PACKET_BYTES}), shared by every TLS connection. */
        BlockPool tlsPackets();

        /** The {@code /metrics} page ({@link MetricsPage}), as it is now; loop thread only. */
        String metricsText();
    }

    private final Context context;
    private final AddressLimiter perAddress;
    private final Listener listener;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey key;
    /** The address actually bound (with the real port when the configured one was 0). */
    private final InetSocketAddress bound;
    /** The page an HTTP listener serves, read once at start; null for a chat listener. */
    private final WebSite site;
    private boolean stopped;
    /** Connections refused as "server full" since the last such log line, and when that was. */
    private long refusedFull;
    private long lastFullLog;

    /** Binds at once, so the port is known (and taken) before the loop starts. */
    Acceptor(Context context, AddressLimiter perAddress, Listener listener, Selector selector) throws IOException {
        this.context = context;
        this.perAddress = perAddress;
        this.listener = listener;
        this.selector = selector;
        this.site = listener.isHttp() ? WebSite.load(context.config().maxLineBytes()) : null;
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(listener.address(), BACKLOG);
            server.configureBlocking(false);
            this.key = server.register(selector, SelectionKey.OP_ACCEPT, this);
            this.bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return bound;
    }

    Listener listener() {
        return listener;
    }

    /**
     * Accepts what is waiting, up to {@link #ACCEPTS_PER_TURN}, and while the turn has budget
     * left after the first: each accepted connection costs {@link TurnBudget#ACCEPT}. Those not
     * accepted wait in the kernel's backlog for the next turn.
     */
    @Override
    public void onReady(SelectionKey ready) {
        for (int i = 0; i < ACCEPTS_PER_TURN && !stopped; i++) {
            if (i > 0 && context.turnBudget().exhausted()) {
                return; // the selector reports the listener again next turn
            }
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                pauseAccepting(e);
                return;
            }
            if (channel == null) {
                return;
            }
            context.turnBudget().spend(TurnBudget.ACCEPT);
            try {
                register(channel);
            } catch (IOException e) {
                log.debug("event=accept_setup_failed error=\"{}\"", e.getMessage());
                closeQuietly(channel);
            } catch (RuntimeException e) {
                log.error("event=accept_failed", e);
                closeQuietly(channel);
            }
        }
    }

    /**
     * Out of file descriptors (EMFILE) and the like: the pending connection stays in the
     * backlog, so the selector would report it again at once and the loop would spin. Stop
     * asking for a moment; the clients already in are served meanwhile.
     */
    private void pauseAccepting(IOException e) {
        log.warn("event=accept_failed addr={} error=\"{}\" pause_ms={}", listener.address(), e.getMessage(),
                ACCEPT_PAUSE.toMillis());
        key.interestOps(0);
        context.timers().schedule(ACCEPT_PAUSE, () -> {
            if (!stopped && key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void register(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        SocketAddress remote = channel.getRemoteAddress();
        ServerConfig config = context.config();
        // The address first: a full server must still hold each address to its connect rate,
        // or one address could make it refuse (and log) forty thousand connections in 15 s.
        AddressLimiter.Verdict verdict = perAddress.admit(remote, context.nanoTime());
        if (verdict != AddressLimiter.Verdict.ADMITTED) {
            refuse(channel, verdict, remote);
            return;
        }
        if (context.openConnections() >= config.maxClients()) {
            perAddress.released(remote, context.nanoTime());
            rejectFull(channel, remote);
            return;
        }
        SelectionKey clientKey;
        Transport transport;
        try {
            keepAlive(channel);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            clientKey = channel.register(selector, SelectionKey.OP_READ);
            transport = listener.isTls()
                    ? new TlsTransport(channel, clientKey, remote, listener.tls().newServerEngine(), context.tlsPackets())
                    : new PlainTransport(channel, clientKey, remote);
        } catch (IOException | RuntimeException e) {
            perAddress.released(remote, context.nanoTime());
            throw e;
        }
        long id = context.nextConnectionId();
        if (listener.isHttp()) {
            // Not a chat peer until it asks for a WebSocket: the exchange hands the key over then.
            clientKey.attach(new HttpExchange(context, id, transport, clientKey, listener, site));
            context.opened();
            log.info("event=connect id={} addr={} port={} http=true clients={}", id, remote, bound.getPort(),
                    context.openConnections());
            return;
        }
        Connection connection = new Connection(context, id, transport,
                new LineFraming(config.maxLineBytes(), listener.format()),
                config.floodControl(context.nanoTime()));
        clientKey.attach(connection);
        context.opened();
        log.info("event=connect id={} addr={} port={} tls={} clients={}", id, remote, bound.getPort(),
                listener.isTls(), context.openConnections());
        connection.start();
    }

    /** Turns on TCP keepalive with the short timers above, those the platform lets us set. */
    static void keepAlive(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        Set<SocketOption<?>> supported = channel.supportedOptions();
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
        }
    }

    /** Logs at most one line a second (with how many were refused since), however many come from however many addresses. */
    private void rejectFull(SocketChannel channel, SocketAddress remote) {
        int max = context.config().maxClients();
        refusedFull++;
        long now = context.nanoTime();
        if (lastFullLog == 0 || now - lastFullLog >= FULL_LOG_INTERVAL_NANOS) {
            log.info("event=reject_full addr={} clients={} refused={}", remote, context.openConnections(), refusedFull);
            lastFullLog = now;
            refusedFull = 0;
        }
        reject(channel, Problem.SERVER_FULL.event(Instant.now(), Integer.toString(max)),
                HttpResponse.Status.SERVICE_UNAVAILABLE);
    }

    /**
     * An address the limiter refused: told why (a banned one on the HTTP port as 403 Forbidden,
     * over its limits as 429), or, banned and past its connect rate, closed without a word.
     */
    private void refuse(SocketChannel channel, AddressLimiter.Verdict verdict, SocketAddress remote) {
        boolean banned = verdict.banned();
        if (banned) {
            context.metrics().bannedRefused++;
        }
        Event.Error refusal = perAddress.refusal(verdict, remote);
        if (refusal == null) {
            closeQuietly(channel);
            return;
        }
        reject(channel, refusal, banned ? HttpResponse.Status.FORBIDDEN : HttpResponse.Status.TOO_MANY_REQUESTS);
    }

    /**
     * Sends one error line in the listener's format, then closes; on the HTTP port the same
     * text as an HTTP answer with {@code status}, which a browser or curl shows. One line on a
     * fresh socket always fits its send buffer, so this write does not block or split. A TLS
     * client could not read a plaintext line (it expects a ServerHello), and a handshake just to
     * say "no" would be the expensive part of an attack: it is closed without a word.
     */
    private void reject(SocketChannel channel, Event.Error error, HttpResponse.Status status) {
        if (listener.isTls()) {
            closeQuietly(channel);
            return;
        }
        ByteBuffer line = listener.isHttp()
                ? HttpResponse.text(status, error.text())
                : context.encoder().encode(error, Wire.lines(listener.format())).duplicate();
        try {
            // What the client sent already (an HTTP request usually has, by accept) is read and
            // dropped: a close with unread input makes the kernel answer with a reset, which can
            // destroy the refusal in flight. What comes later than this still can; one read is
            // what a refusal may cost.
            ByteBuffer scratch = context.readBuffer();
            scratch.clear();
            channel.read(scratch);
            scratch.clear();
            channel.write(line);
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // The client is gone already; nothing to tell it.
        }
        closeQuietly(channel);
    }

    @Override
    public void shutdown() {
        abort();
    }

    @Override
    public void abort() {
        stopped = true;
        key.cancel();
        closeQuietly(server);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing on the way out; there is no one left to tell.
        }
    }
}
