package chatroom.server.net;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Format;
import chatroom.protocol.Udp;
import chatroom.server.chat.Outbound;
import chatroom.server.chat.Peer;
import chatroom.server.chat.Scheduler;
import chatroom.server.chat.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One verified UDP user: the {@link Peer} the chat talks to, for a source address and port
 * whose code its {@link UdpEndpoint} has checked. It is not a {@link Connection}: there is no
 * socket of its own to read, pause or drain, no FIN, no back-pressure. So where a connection
 * waits, a UDP user loses: datagrams over its flood limit are dropped, events over its output
 * rate or queue cap are dropped (never a kick: a full send buffer is the server's, not this
 * reader's), and a user who goes away without {@code exit} is only noticed by silence.
 *
 * <pre>
 *   OPEN ──(exit, /quit, login timeout, shutdown)──▶ DRAINING ──(queue out, or grace over)──▶ CLOSING ──▶ CLOSED
 *     └──(idle timeout, a send that failed)──────────────────────────────────────────────────┘
 * </pre>
 *
 * Each datagram is its own set of lines: what a datagram leaves unfinished (a line without its
 * end, a CR, half a telnet command) ends with it. Loop thread only.
 */
final class UdpPeer implements Peer, Deferred {

    private static final Logger log = LoggerFactory.getLogger(UdpPeer.class);

    /** What a peer needs of the socket it shares with every other UDP user of its port. */
    interface Socket {

        /**
         * Sends one datagram of what {@code srcs[offset..offset+length)} hold, whole lines
         * packed up to {@link Udp#DATAGRAM_BYTES}, to {@code to}; returns the bytes taken, 0 if
         * the socket's send buffer is full.
         */
        long send(ByteBuffer[] srcs, int offset, int length, InetSocketAddress to) throws IOException;

        /** {@code peer} has output left: flush it again once the socket is writable. */
        void blocked(UdpPeer peer);

        /** {@code peer} is closed: datagrams from its address are a stranger's again. */
        void closed(UdpPeer peer);
    }

    private final ConnectionContext context;
    private final Socket socket;
    private final long id;
    private final InetSocketAddress remote;
    private final LineFraming framing;
    private final TokenBucket flood;
    /** Bytes a second this user may be sent; null for no limit. */
    private final TokenBucket output;
    private final Duration idleTimeout;
    private final OutboundQueue out;
    private final OutboundQueue.Sink sink = this::sendPacked;

    private Session session;
    private long lastHeard;
    private Scheduler.Timer idleTimer;
    private Scheduler.Timer drainTimer;
    private String drainReason;
    private String closeReason;
    private boolean flushRequested;
    /** Waiting in the socket's list for it to be writable. */
    private boolean blocked;
    private long counted;

    UdpPeer(ConnectionContext context, Socket socket, long id, InetSocketAddress remote,
            ServerConfig.UdpSettings settings, long now) {
        this.context = context;
        this.socket = socket;
        this.id = id;
        this.remote = remote;
        ServerConfig config = context.config();
        this.framing = new LineFraming(config.maxLineBytes(), Format.TEXT);
        this.flood = TokenBucket.floodControl(config, now);
        this.output = settings.outputBytesPerSecond() > 0
                ? new TokenBucket(settings.outputBytesPerSecond(), settings.outputBurstBytes(), now)
                : null;
        this.idleTimeout = settings.idleTimeout();
        this.out = new OutboundQueue(context.blockPool());
        this.lastHeard = now;
        context.metrics().countOpened(ConnectionKind.UDP);
    }

    /** Tells the chat a user is here (it greets them), and starts the idle clock. */
    void start() {
        idleTimer = context.timers().schedule(idleTimeout, this::checkIdle);
        try {
            session = context.chat().connected(this);
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", id, e);
            markClosing("server error");
        }
    }

    InetSocketAddress remote() {
        return remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String address() {
        return String.valueOf(remote);
    }

    // ---------------------------------------------------------------- reading

    /**
     * One datagram from this user, its code already taken off: its lines, as flood control
     * allows. A datagram that finds no token is dropped whole, unread; lines past the last
     * token are dropped. Nothing waits: UDP cannot be told to slow down.
     */
    void received(ByteBuffer in, long now) {
        lastHeard = now;
        if (closeReason != null || drainReason != null) {
            return;
        }
        if (flood != null && !flood.hasToken(now)) {
            context.metrics().udpFloodDrops++;
            return;
        }
        TurnBudget turn = context.turnBudget();
        boolean last = false;
        while (closeReason == null && drainReason == null && !last) {
            Inbound inbound = framing.next(in);
            if (inbound == null) {
                inbound = framing.finish(); // the datagram's last line needs no line end
                last = true;
                if (inbound == null) {
                    break;
                }
            }
            if (flood != null) {
                if (!flood.hasToken(now)) {
                    context.metrics().udpFloodDrops++;
                    break;
                }
                flood.take();
            }
            turn.spend(1);
            deliver(inbound);
            if (flood != null) {
                flood.take(Connection.extraTokens(inbound));
            }
        }
        framing.reset();
    }

    private void deliver(Inbound inbound) {
        try {
            if (inbound instanceof Inbound.Line line) {
                // The seed's UDP chat left on a bare "exit"; here it is /quit by another name.
                context.chat().line(session, Udp.isExit(line.text()) ? CommandSpec.QUIT.word() : line.text());
            } else if (inbound instanceof Inbound.TooLong tooLong) {
                context.chat().lineTooLong(session, tooLong.maxLineBytes());
            }
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", id, e);
            markClosing("server error");
        }
    }

    /** The idle clock: the user has sent nothing for the whole timeout, or it is set again for what is left. */
    private void checkIdle() {
        idleTimer = null;
        if (closeReason != null) {
            return;
        }
        long quiet = context.nanoTime() - lastHeard;
        long left = idleTimeout.toNanos() - quiet;
        if (left > 0) {
            idleTimer = context.timers().schedule(Duration.ofNanos(left), this::checkIdle);
            return;
        }
        log.debug("event=udp_idle id={} addr={} seconds={}", id, remote, idleTimeout.toSeconds());
        context.metrics().udpIdleCloses++;
        markClosing("timed out");
    }

    // ---------------------------------------------------------------- the chat's side

    /**
     * Queues {@code event}, or drops it: over this user's output rate, over its queue cap, or
     * while the server's output budget is spent. A UDP user is never cut off for being slow: its
     * queue only grows while the shared socket's send buffer is full, and that is no single
     * reader's doing.
     */
    @Override
    public void send(Outbound event) {
        if (closeReason != null) {
            return;
        }
        ByteBuffer bytes = framing.encode(event, context.encoder());
        int n = bytes.remaining();
        if (n == 0) {
            return;
        }
        if (out.pendingBytes() + n > context.config().maxOutputBytes() || context.outputBudget().over()
                || (output != null && !output.tryTake(n, context.nanoTime()))) {
            context.metrics().udpOutputDrops++;
            return;
        }
        context.metrics().deliveries++;
        out.add(bytes);
        account();
        context.turnBudget().spend(TurnBudget.deliveryCost(n));
        requestFlush();
    }

    @Override
    public void charge(int lines) {
        if (flood != null) {
            flood.take(lines);
        }
    }

    @Override
    public Format format(Format format) {
        return framing.format(format);
    }

    /** Sends what is queued (the goodbye last), then closes; the grace bounds the wait for a full socket. */
    @Override
    public void close(String reason) {
        if (closeReason != null || drainReason != null) {
            return;
        }
        drainReason = reason;
        drainTimer = context.timers().schedule(context.config().shutdownGrace(), () -> markClosing(reason));
        requestFlush();
    }

    // ---------------------------------------------------------------- writing and closing

    @Override
    public void flushNow() {
        flushRequested = false;
        if (!blocked) {
            flush();
        }
    }

    /** Input is only ever handed over by the endpoint, one datagram at a time. */
    @Override
    public void readNow() {
    }

    /**
     * Sends what is queued, a datagram at a time, up to the turn's write budget. What is left
     * (a full send buffer, the budget spent) waits for the socket to be writable.
     */
    void flush() {
        blocked = false;
        if (closeReason != null) {
            return;
        }
        try {
            context.metrics().sentBytes += out.writeTo(sink, context.writeScratch(), Connection.WRITE_BUDGET_BYTES);
        } catch (IOException e) {
            log.debug("event=udp_send_failed id={} addr={} error=\"{}\"", id, remote, e.getMessage());
            markClosing(Connection.describe(e));
            return;
        }
        account();
        if (out.isEmpty()) {
            if (drainReason != null) {
                markClosing(drainReason);
            }
        } else {
            out.detach(); // waiting: keep copies of our own, not shared chunks
            blocked = true;
            socket.blocked(this);
        }
    }

    private long sendPacked(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket.send(srcs, offset, length, remote);
    }

    private void requestFlush() {
        if (!flushRequested) {
            flushRequested = true;
            context.flushLater(this);
        }
    }

    private void account() {
        long now = out.pendingBytes();
        context.outputBudget().add(now - counted);
        counted = now;
    }

    /** Marks the peer to be closed by the loop once the current event is over. */
    void markClosing(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        context.outputBudget().release(counted);
        counted = 0;
        out.clear();
        context.closeLater(this);
    }

    boolean isClosing() {
        return closeReason != null;
    }

    @Override
    public void finishClose() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        if (drainTimer != null) {
            drainTimer.cancel();
            drainTimer = null;
        }
        socket.closed(this);
        context.released(remote);
        if (session != null) {
            try {
                context.chat().disconnected(session, closeReason);
            } catch (RuntimeException e) {
                log.error("event=handler_failed id={}", id, e);
            }
        }
    }

    @Override
    public String toString() {
        return "UdpPeer[id=" + id + ", addr=" + remote + "]";
    }
}
