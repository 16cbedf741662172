package chatroom.server.net;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Format;
import chatroom.protocol.Problem;
import chatroom.protocol.Udp;
import chatroom.server.chat.Outbound;
import chatroom.server.chat.Peer;
import chatroom.server.chat.Scheduler;
import chatroom.server.chat.Session;
import chatroom.server.limit.TokenBucket;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
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
 * <p>Its address showed once that it receives (it sent back a code); it must show it again
 * every {@code --udp-recheck} and after every {@value #RECHECK_BYTES} bytes sent, by sending
 * back a fresh code ({@link Udp#stay}). A source address can be forged: without this, anyone
 * could keep a departed user's session, and the room's traffic to that address, going with a
 * forged datagram a minute. The code is asked for {@value #ASKS} times in {@link #ANSWER_TIME}
 * (or the recheck interval if that is shorter); unanswered, the session ends; past twice
 * the bytes, nothing more is sent to it meanwhile.
 *
 * <pre>
 *   OPEN ──(exit, /quit, login timeout, shutdown)──▶ DRAINING ──(queue out, or grace over)──▶ CLOSING ──▶ CLOSED
 *     └──(idle timeout, no answer to its code, a send that failed)──────────────────────────┘
 * </pre>
 *
 * Each datagram is its own set of lines: what a datagram leaves unfinished (a line without its
 * end, a CR, half a telnet command) ends with it. Loop thread only.
 */
final class UdpPeer implements Peer, Deferred {

    private static final Logger log = LoggerFactory.getLogger(UdpPeer.class);

    /** Bytes sent to a session after which its address must show again that it receives. */
    static final long RECHECK_BYTES = 4L * 1024 * 1024;
    /** How long a session has to send back a fresh code, at most (less if rechecks are more often). */
    static final Duration ANSWER_TIME = Duration.ofSeconds(60);
    /** How many times the code is asked for within that time: a lost datagram must not end a session. */
    static final int ASKS = 4;
    /** The most output that waits for one UDP user: a datagram that waits is only later, and UDP may lose it anyway. */
    static final long MAX_QUEUED_BYTES = 64 * 1024;
    /** How often a user whose lines flood control drops is told so, at most. */
    static final Duration DROP_NOTICE_INTERVAL = Duration.ofSeconds(1);
    /** What the room is told when a session did not send back its code in time. */
    static final String NO_ANSWER = "no answer to its code";

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

        /** A code for {@code peer} to send back, its {@code ask}th: never one it was handed before. */
        long stayCode(UdpPeer peer, long ask);

        /** What every UDP user of the socket holds queued together, against its own limit. */
        OutputBudget queued();
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
    private final Duration recheck;
    private final long answerNanos;
    private final long askAgainNanos;
    private final OutboundQueue out;
    private final OutboundQueue.Sink sink = this::sendPacked;

    private Session session;
    private long lastHeard;
    /** The code this session was let in with: a client repeats it until it hears the welcome. */
    private final long joinCode;
    /** The fresh code asked for, while a {@link Udp#stay} is unanswered; -1 when none is. */
    private long askedCode = -1;
    private long askedAt;
    private long askedLast;
    /** How many codes this session has been asked for. */
    private long asks;
    /** When the address last showed it receives, and what has been queued for it since. */
    private long provenAt;
    private long sentSinceProof;
    /** When the user was last told that flood control dropped its lines. */
    private long droppedNoticeAt;
    /** Runs at the next of: the idle timeout, the next recheck, the end of the answer time. */
    private Scheduler.Timer checkTimer;
    private Scheduler.Timer drainTimer;
    private String drainReason;
    private String closeReason;
    private boolean flushRequested;
    /** Waiting in the socket's list for it to be writable. */
    private boolean blocked;
    private long counted;

    UdpPeer(ConnectionContext context, Socket socket, long id, InetSocketAddress remote, long joinCode,
            ServerConfig.UdpSettings settings, long now) {
        this.context = context;
        this.socket = socket;
        this.id = id;
        this.remote = remote;
        ServerConfig config = context.config();
        this.framing = new LineFraming(config.maxLineBytes(), Format.TEXT);
        this.flood = config.floodControl(now);
        this.output = settings.outputBytesPerSecond() > 0
                ? new TokenBucket(settings.outputBytesPerSecond(), settings.outputBurstBytes(), now)
                : null;
        this.idleTimeout = settings.idleTimeout();
        this.recheck = settings.recheck();
        this.answerNanos = Math.min(ANSWER_TIME.toNanos(), recheck.toNanos());
        this.askAgainNanos = Math.max(1, answerNanos / ASKS);
        this.joinCode = joinCode;
        this.out = new OutboundQueue(context.outputPools());
        this.lastHeard = now;
        this.provenAt = now;
        this.droppedNoticeAt = now - DROP_NOTICE_INTERVAL.toNanos();
        context.metrics().countOpened(ConnectionKind.UDP);
    }

    /** Tells the chat a user is here (it greets them), and starts the session's clock. */
    void start() {
        scheduleCheck(lastHeard);
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

    @Override
    public InetAddress inetAddress() {
        return remote.getAddress();
    }

    /** Datagrams are not encrypted (there is no DTLS here). */
    @Override
    public boolean encrypted() {
        return false;
    }

    // ---------------------------------------------------------------- reading

    /**
     * True if {@code code} (at the start of a datagram from this source) is this session's: the
     * one it joined with, which a client repeats until it is in, or the fresh one it was asked
     * for, which shows its address still receives. Compared, not hashed: the session knows both.
     * The endpoint asks only at the rate its code checks allow, so a forger cannot guess.
     */
    boolean answers(long code, long now) {
        if (code == askedCode) {
            askedCode = -1;
            provenAt = now;
            sentSinceProof = 0;
            return true;
        }
        return code == joinCode;
    }

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
            dropped(now);
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
                    dropped(now);
                    break;
                }
                flood.take();
            }
            long before = turn.left();
            turn.spend(1);
            deliver(inbound);
            long bytes = Connection.lineBytes(inbound);
            if (flood != null) {
                flood.take(Connection.extraTokens(bytes));
            }
            turn.lineRead(before - turn.left(), bytes);
        }
        framing.reset();
    }

    /**
     * Flood control dropped a datagram or lines of one: counted, and the user told, once a
     * second at most, since over UDP nothing else would show it (over TCP the lines only wait).
     */
    private void dropped(long now) {
        context.metrics().udpFloodDrops++;
        if (session != null && now - droppedNoticeAt >= DROP_NOTICE_INTERVAL.toNanos()) {
            droppedNoticeAt = now;
            String rate = BigDecimal.valueOf(context.config().floodRate()).stripTrailingZeros().toPlainString();
            send(new Outbound(Problem.LINES_DROPPED.event(Instant.now(), rate)));
        }
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

    private void scheduleCheck(long now) {
        long next = lastHeard + idleTimeout.toNanos();
        next = earlier(next, askedCode >= 0 ? earlier(askedAt + answerNanos, askedLast + askAgainNanos)
                : provenAt + recheck.toNanos());
        checkTimer = context.timers().schedule(Duration.ofNanos(Math.max(1, next - now)), this::check);
    }

    private static long earlier(long a, long b) {
        return a - b < 0 ? a : b;
    }

    /** The session's clock: silence ends it, so does a fresh code not sent back in time; a recheck asks for one. */
    private void check() {
        checkTimer = null;
        if (closeReason != null) {
            return;
        }
        long now = context.nanoTime();
        if (now - lastHeard >= idleTimeout.toNanos()) {
            log.debug("event=udp_idle id={} addr={} seconds={}", id, remote, idleTimeout.toSeconds());
            context.metrics().udpIdleCloses++;
            markClosing("timed out");
            return;
        }
        if (askedCode >= 0 && now - askedAt >= answerNanos) {
            log.debug("event=udp_no_answer id={} addr={}", id, remote);
            context.metrics().udpRecheckCloses++;
            markClosing(NO_ANSWER);
            return;
        }
        if (askedCode < 0 && now - provenAt >= recheck.toNanos()) {
            ask(now);
        } else if (askedCode >= 0 && now - askedLast >= askAgainNanos) {
            askAgain(now);
        }
        scheduleCheck(now);
    }

    /**
     * Asks the address to show it still receives: a fresh code, in a text line whatever the
     * session's format (it is the UDP layer's, not the chat's), past every output limit.
     */
    private void ask(long now) {
        askedCode = socket.stayCode(this, ++asks);
        askedAt = now;
        context.metrics().udpRechecks++;
        askAgain(now);
    }

    /** The same code again: the line, or its answer, may have been lost. */
    private void askAgain(long now) {
        askedLast = now;
        queue(ByteBuffer.wrap(Udp.stayDatagram(askedCode)));
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
        long now = context.nanoTime();
        if (askedCode < 0 && sentSinceProof >= RECHECK_BYTES) {
            ask(now);
            if (checkTimer != null) {
                checkTimer.cancel();
            }
            scheduleCheck(now);
        }
        if (n > UdpEndpoint.MAX_PAYLOAD || sentSinceProof >= 2 * RECHECK_BYTES
                || out.heldBytes() + n > Math.min(MAX_QUEUED_BYTES, context.config().maxOutputBytes())
                || context.outputBudget().over() || socket.queued().over()
                || (output != null && !output.tryTake(n, now))) {
            context.metrics().udpOutputDrops++;
            return;
        }
        context.metrics().deliveries++;
        queue(bytes);
    }

    private void queue(ByteBuffer bytes) {
        out.add(bytes);
        sentSinceProof += bytes.remaining();
        account();
        context.turnBudget().spend(TurnBudget.deliveryCost(bytes.remaining()));
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
        long now = out.heldBytes();
        context.outputBudget().add(now - counted);
        socket.queued().add(now - counted);
        counted = now;
    }

    /** Marks the peer to be closed by the loop once the current event is over. */
    void markClosing(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        context.outputBudget().release(counted);
        socket.queued().release(counted);
        counted = 0;
        out.clear();
        context.closeLater(this);
    }

    boolean isClosing() {
        return closeReason != null;
    }

    @Override
    public void finishClose() {
        if (checkTimer != null) {
            checkTimer.cancel();
            checkTimer = null;
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
