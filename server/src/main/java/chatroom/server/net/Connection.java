package chatroom.server.net;

import chatroom.protocol.Format;
import chatroom.protocol.Text;
import chatroom.server.chat.Outbound;
import chatroom.server.chat.Peer;
import chatroom.server.chat.Scheduler;
import chatroom.server.chat.Session;
import chatroom.server.limit.TokenBucket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client, whatever carries its bytes: a {@link Transport} for the bytes, a {@link Framing}
 * for lines in and events out, the queue of what goes out, and flood control. It is the
 * {@link Peer} the chat talks to and the {@link Handler} on the client's key. Loop thread
 * only, like everything it touches.
 *
 * <pre>
 *   OPEN ──(EOF, reset, over output cap)───────────────────────────▶ CLOSING ──▶ CLOSED
 *     │                                                                 ▲
 *     ├──(close(reason): /quit, login timeout, shutdown)──▶ DRAINING ──(queue empty or grace over)
 *     └──(Hangup: a WebSocket Close, a protocol error)─────────┘
 * </pre>
 *
 * On the way to DRAINING the framing's goodbye, if it has one (a WebSocket Close frame), is
 * queued last; after it nothing more is sent.
 *
 * CLOSING is the close-asap mark: the transport is closed by the loop after the current event,
 * never in the middle of a broadcast that is still walking a room's members.
 */
final class Connection implements Peer, Handler, Deferred {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** Above this much pending output, try to write at once instead of waiting for the loop's flush. */
    static final long WRITE_THROUGH_BYTES = 64 * 1024;
    /** The most bytes one connection may write in one turn, so one fast reader cannot hold the loop. */
    static final long WRITE_BUDGET_BYTES = 256 * 1024;
    /** Flood control counts a longer line as one line for every this many bytes it has begun. */
    static final int BYTES_PER_TOKEN = 512;
    /** {@link #overSoftSince} while the output is under the soft limit. */
    private static final long NOT_OVER = Long.MIN_VALUE;
    /** How long reading pauses while the server's total output is over its budget, before looking again. */
    static final Duration OVER_BUDGET_PAUSE = Duration.ofMillis(20);

    private final ConnectionContext context;
    private final long id;
    private final Transport transport;
    private final Framing framing;
    private final OutboundQueue out;
    private final TokenBucket flood;

    private Session session;
    /** Bytes read but held back by flood control; null when there are none. */
    private ByteBuffer heldBack;
    private Scheduler.Timer resumeTimer;
    private Scheduler.Timer drainTimer;
    /**
     * Set while output waits and nothing moves, neither our writes nor the client's input:
     * when it fires, the client is taken for gone (vanished without FIN or RST, or stopped
     * everything) and closed. Keepalive does not probe while output is unacknowledged, so this
     * is what frees a ghost's name in minutes rather than the kernel's quarter of an hour.
     */
    private Scheduler.Timer stallTimer;
    /** Set by {@link #close}: no more reading, close once the queue is out. */
    private boolean draining;
    /** The framing's last bytes (a WebSocket Close) are queued: nothing may follow them. */
    private boolean ended;
    private String drainReason;
    /** The goodbye is out and FIN sent; reads now only wait for the client's EOF. */
    private boolean outputShut;
    /** Set once the connection is marked for closing; nothing more is read or written. */
    private String closeReason;
    private boolean closed;
    private boolean flushRequested;
    /** The last write left output the transport would not take; cleared when it says writable. */
    private boolean writeBlocked;
    /**
     * The work this connection may still cause this turn and later ({@link TurnBudget}'s
     * deficit round robin): earned each turn it wants to read, spent by each line; below zero
     * after an expensive line, until later turns' shares have paid for it.
     */
    private int share;
    /**
     * What this connection has added to the server's {@link OutputBudget}: its queue and the
     * transport's own pending output (TLS ciphertext), brought up to date by {@link #account}.
     */
    private long counted;
    /** When the pending output went over the soft limit and stayed; {@link #NOT_OVER} while under it. */
    private long overSoftSince = NOT_OVER;

    Connection(ConnectionContext context, long id, Transport transport, Framing framing, TokenBucket flood) {
        this.context = context;
        this.id = id;
        this.transport = transport;
        this.framing = framing;
        this.flood = flood;
        this.out = new OutboundQueue(context.outputPools());
        context.metrics().countOpened(kind());
    }

    /** Tells the chat a client is here; it greets it. */
    void start() {
        start(null, null);
    }

    /**
     * Starts a connection handed over by another protocol (an HTTP upgrade to WebSocket):
     * {@code preamble} (the 101 response) is queued first, through the ordinary queue so it
     * meets the same cap and partial writes, then the chat greets the client, then
     * {@code leftover}, bytes the client sent after what the other protocol read, is taken
     * as if just read. Either may be null.
     */
    void start(ByteBuffer preamble, ByteBuffer leftover) {
        if (preamble != null) {
            enqueue(preamble);
        }
        try {
            session = context.chat().connected(this);
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", id, e);
            markClosing("server error");
        }
        if (leftover != null && leftover.hasRemaining() && closeReason == null && !draining) {
            try {
                if (earnTurn()) {
                    consume(leftover);
                } else {
                    holdBack(leftover, 0);
                }
            } catch (RuntimeException e) {
                failed(e); // the exchange that called this has handed the key over: the failure is ours
            }
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String address() {
        return String.valueOf(transport.remoteAddress());
    }

    @Override
    public InetAddress inetAddress() {
        return transport.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    @Override
    public boolean encrypted() {
        return transport.kind() == ConnectionKind.TLS;
    }

    @Override
    public ConnectionKind kind() {
        return framing.kind(transport);
    }

    // ---------------------------------------------------------------- the chat's side (Peer)

    @Override
    public void send(Outbound event) {
        if (closeReason != null || outputShut || ended) {
            return; // closing, or the goodbye is queued or out
        }
        ByteBuffer bytes = framing.encode(event, context.encoder());
        if (!bytes.hasRemaining()) {
            return; // no form in this wire: a text user's own message coming back
        }
        context.metrics().deliveries++;
        enqueue(bytes);
    }

    /** Queues {@code bytes} for the client, and kicks it if that puts it over the output cap. */
    private void enqueue(ByteBuffer bytes) {
        out.add(bytes);
        account();
        context.turnBudget().spend(TurnBudget.deliveryCost(bytes.remaining()));
        if (out.pendingBytes() >= WRITE_THROUGH_BYTES && !writeBlocked) {
            flush();
            if (closeReason != null) {
                return;
            }
        }
        long pending = heldBytes();
        long cap = context.config().maxOutputBytes();
        if (pending > cap) {
            kick("too slow: over " + cap + " bytes of output not read", "cap=" + cap);
            return;
        }
        ServerConfig.SoftOutputLimit soft = context.config().softOutput();
        if (soft.on() && pending > soft.bytes() && overSoftLimitTooLong(soft)) {
            kick("too slow: over " + soft.bytes() + " bytes of output not read for " + soft.grace().toSeconds() + " s",
                    "soft=" + soft.bytes() + " seconds=" + soft.grace().toSeconds());
            return;
        }
        requestFlush();
    }

    /**
     * Notes when the queue first went over the soft limit; true once it has been over longer
     * than the grace. Only a queue over the limit reads the clock: the common case costs nothing.
     */
    private boolean overSoftLimitTooLong(ServerConfig.SoftOutputLimit soft) {
        long now = context.nanoTime();
        if (overSoftSince == NOT_OVER) {
            overSoftSince = now;
            return false;
        }
        return now - overSoftSince > soft.grace().toNanos();
    }

    @Override
    public Format format(Format format) {
        return framing.format(format);
    }

    /** The chat's price for an expensive answer: more flood tokens, so reading pauses longer. */
    @Override
    public void charge(int lines) {
        if (flood != null) {
            flood.take(lines);
        }
    }

    /**
     * A goodbye close (Redis's CLOSE_AFTER_REPLY): stop taking lines, send what is queued and
     * the framing's goodbye (a WebSocket Close), then half-close and wait for the client's EOF
     * before closing. Closing a socket with unread input makes the kernel send a reset, which
     * can destroy the goodbye still in flight; the lingering read avoids that. The grace timer
     * bounds the whole drain. A transport that cannot deliver yet (a TLS handshake not done) is
     * closed at once.
     */
    @Override
    public void close(String reason) {
        close(reason, false);
    }

    /** @param goingAway the server is shutting down: the framing's goodbye says so (WebSocket 1001) */
    private void close(String reason, boolean goingAway) {
        if (closeReason != null || draining) {
            return;
        }
        if (!transport.established()) {
            // Mid-handshake (a login timeout, a shutdown): the goodbye could never reach the
            // client, and draining would only hold the socket for the grace period.
            markClosing(reason);
            return;
        }
        if (!ended) {
            ByteBuffer goodbye = framing.goodbye(reason, goingAway);
            if (goodbye != null) {
                ended = true;
                enqueue(goodbye);
                if (closeReason != null) {
                    return; // that was too much for the output cap
                }
            }
        }
        draining = true;
        drainReason = reason;
        cancelResume();
        heldBack = null;
        transport.wantRead(false);
        drainTimer = context.timers().schedule(context.config().shutdownGrace(), () -> markClosing(reason));
        requestFlush();
    }

    // ---------------------------------------------------------------- the loop's side (Handler)

    @Override
    public void onReady(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            // A handshake is the transport's work but this connection's cost: it waits for a
            // turn with budget left and a share, like a line would (the selector reports the
            // key again next turn), and pays for what the steps did.
            boolean earned = false;
            if (!transport.established() && closeReason == null) {
                earned = earnTurn();
                if (!earned || context.turnBudget().exhausted()) {
                    return;
                }
            }
            // The transport's own work first (a TLS handshake, ciphertext to flush); what it
            // leaves is the connection's.
            int ops = transport.ready(key.readyOps());
            long work = transport.takeWork();
            context.turnBudget().spend(work);
            pay(work);
            if (!transport.established()) {
                readAgainIfHeld(); // a handshake read stops at its share: the rest of the flight waits
            }
            if ((ops & SelectionKey.OP_READ) != 0 && closeReason == null) {
                onReadable(earned);
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && closeReason == null) {
                writeBlocked = false;
                flush();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Input the transport held when reading stopped, which the selector would not have reported. */
    @Override
    public void readNow() {
        if (closeReason != null || heldBack != null || (draining && !outputShut)) {
            return; // closing, or reading is paused: resume() asks again
        }
        try {
            onReadable(false);
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** What an event handler threw: an I/O error ends the connection quietly, a bug is logged. */
    private void failed(Exception e) {
        if (e instanceof IOException io) {
            log.debug("event=io_error id={} error=\"{}\"", id, io.getMessage());
            markClosing(describe(io));
        } else {
            log.error("event=handler_failed id={}", id, e);
            markClosing("server error");
        }
    }

    @Override
    public void shutdown() {
        close("server shutting down", true);
    }

    @Override
    public void abort() {
        closeTransport();
    }

    @Override
    public void flushNow() {
        flushRequested = false;
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", id, e);
            markClosing("server error");
        }
    }

    @Override
    public void finishClose() {
        closeTransport();
        context.released(transport.remoteAddress());
        if (session != null) {
            try {
                context.chat().disconnected(session, closeReason);
            } catch (RuntimeException e) {
                log.error("event=handler_failed id={}", id, e);
            }
        }
    }

    boolean isClosing() {
        return closeReason != null;
    }

    /** Cuts off a reader that is too far behind, as a slow consumer: logged, and the room is told {@code reason}. */
    void kick(String reason, String limit) {
        String name = session == null ? null : session.name();
        log.info("event=slow_consumer_kick id={} addr={} name={} pending={} {}", id, address(), name,
                heldBytes(), limit);
        context.metrics().slowConsumerKicks++;
        markClosing(reason);
    }

    String closeReason() {
        return closeReason;
    }

    /**
     * The memory held for output not yet handed to the socket: the queue's blocks and views,
     * and what the transport holds (TLS ciphertext). What the output limits count.
     */
    long heldBytes() {
        return out.heldBytes() + transport.pendingOutput();
    }

    /** The bytes not yet handed to the socket: what has moved when this goes down. */
    long unsentBytes() {
        return out.pendingBytes() + transport.pendingOutput();
    }

    // ---------------------------------------------------------------- reading

    /** @param earned this turn's share is already earned (the handshake ended in this event) */
    private void onReadable(boolean earned) throws IOException {
        if (!outputShut && !(earned ? share > 0 : earnTurn())) {
            readAgainIfHeld(); // left in the kernel: the selector reports it again next turn
            return;
        }
        ByteBuffer buffer = context.readBuffer();
        buffer.clear();
        int n = transport.read(buffer);
        if (outputShut) {
            if (n < 0) {
                markClosing(drainReason);
            }
            return;
        }
        if (n > 0) {
            context.metrics().receivedBytes += n;
            if (stallTimer != null) {
                watchStall(); // the client is there: it sent something
            }
        }
        if (n < 0) {
            Inbound last = framing.finish();
            if (last != null) {
                deliver(last);
            }
            markClosing(Inbound.PEER_CLOSED);
            return;
        }
        buffer.flip();
        // Bytes that never make a line (an endless over-long line, telnet negotiation) cost
        // no flood token, but reading them is work: it is paid from the share like a line. So
        // is what the transport did to get them (TLS records decrypted, KeyUpdates answered).
        long work = n / TurnBudget.BYTES_PER_UNIT + transport.takeWork();
        context.turnBudget().spend(work);
        pay(work);
        consume(buffer);
        if (heldBack == null) {
            readAgainIfHeld(); // the read buffer filled up before the transport's input ran out
        }
    }

    /**
     * A TLS transport may hold input (whole records) when reading stops, which the selector
     * will not report since the kernel has handed it over already: ask the loop to read again.
     */
    private void readAgainIfHeld() {
        if (closeReason == null && (!draining || outputShut) && transport.hasBufferedInput()) {
            context.readLater(this);
        }
    }

    /**
     * Decodes and hands over lines while flood control allows; the rest of {@code in} is
     * kept, reading stops, and a timer resumes once the bucket has a token again. The
     * client's further lines wait in TCP, so a flooder is slowed by TCP and loses nothing.
     */
    private void consume(ByteBuffer in) {
        TurnBudget turn = context.turnBudget();
        boolean pastBudget = false;
        while (closeReason == null && !draining && in.hasRemaining()) {
            if (context.outputBudget().over()) {
                holdBack(in, OVER_BUDGET_PAUSE.toNanos());
                return;
            }
            boolean spent = turn.exhausted(); // reads the clock: once a line
            if (share <= 0 || (spent && (pastBudget || !cheap()))) {
                holdBack(in, 0); // the rest in a later turn, in order
                return;
            }
            pastBudget = spent;
            long now = context.nanoTime();
            if (flood != null && !flood.hasToken(now)) {
                context.metrics().floodPauses++;
                holdBack(in, flood.nanosUntilToken(now));
                return;
            }
            Inbound inbound = framing.next(in);
            if (inbound == null) {
                break;
            }
            if (flood != null) {
                flood.take();
            }
            long before = turn.left();
            turn.spend(1);
            deliver(inbound);
            long bytes = lineBytes(inbound);
            if (flood != null) {
                flood.take(extraTokens(bytes));
            }
            long cost = before - turn.left();
            turn.lineRead(cost, bytes);
            pay(cost);
        }
        framing.releaseIfIdle();
    }

    /** Takes {@code work} units off this connection's share, which may go into debt. */
    private void pay(long work) {
        share = (int) Math.max(Integer.MIN_VALUE, share - work);
    }

    /** Earns this turn's share; true if this connection may act now. */
    private boolean earnTurn() {
        TurnBudget turn = context.turnBudget();
        long most = Math.min(turn.perConnection(), Integer.MAX_VALUE);
        share = (int) Math.min((long) share + turn.share(), most);
        return share > 0 && (!turn.exhausted() || cheap());
    }

    /**
     * True if a line from this client costs little whatever it says: its room is small (or it
     * has none yet). Such a line is still read, one a turn, once the turn's budget is spent, so
     * a pair talking in a room of their own is not held up behind the senders of a big room,
     * whose lines can only be priced once read.
     */
    private boolean cheap() {
        return session == null || session.audience() <= TurnBudget.CHEAP_AUDIENCE;
    }

    /**
     * A line is one token per {@value #BYTES_PER_TOKEN} bytes started: ten clients sending
     * 4 KiB private messages at ten lines a second each could push 410 KB/s at one user and
     * have them cut off as too slow on an ordinary connection.
     */
    static int extraTokens(long lineBytes) {
        return lineBytes <= BYTES_PER_TOKEN ? 0 : (int) ((lineBytes - 1) / BYTES_PER_TOKEN);
    }

    /** The bytes of a line as the client sent it (a refused one's at the cap), 0 for what is not a line. */
    static long lineBytes(Inbound inbound) {
        return inbound instanceof Inbound.Line line ? Text.utf8Length(line.text())
                : inbound instanceof Inbound.TooLong tooLong ? tooLong.maxLineBytes() : 0;
    }

    private void deliver(Inbound inbound) {
        if (inbound instanceof Inbound.Line line) {
            context.chat().line(session, line.text());
        } else if (inbound instanceof Inbound.TooLong tooLong) {
            context.chat().lineTooLong(session, tooLong.maxLineBytes());
        } else if (inbound instanceof Inbound.Answer answer) {
            enqueue(answer.bytes());
        } else if (inbound instanceof Inbound.Hangup hangup) {
            log.debug("event=hangup id={} reason=\"{}\"", id, hangup.reason());
            ended = true;
            enqueue(hangup.closeFrame());
            close(hangup.reason());
        }
    }

    private void holdBack(ByteBuffer in, long waitNanos) {
        if (in != heldBack) {
            ByteBuffer copy = ByteBuffer.allocate(in.remaining());
            copy.put(in).flip();
            heldBack = copy;
        }
        transport.wantRead(false);
        resumeTimer = context.timers().schedule(Duration.ofNanos(Math.max(waitNanos, 1)), this::resume);
    }

    private void resume() {
        resumeTimer = null;
        if (closeReason != null || draining) {
            return;
        }
        ByteBuffer in = heldBack;
        if (!earnTurn()) {
            holdBack(in, 0);
            return;
        }
        consume(in);
        if (!in.hasRemaining() && resumeTimer == null) {
            heldBack = null;
            if (closeReason == null && !draining) {
                transport.wantRead(true);
                readAgainIfHeld();
            }
        }
    }

    // ---------------------------------------------------------------- writing and closing

    /**
     * Writes what is queued, up to the per-turn budget. Asks for write readiness only while
     * output is still pending, and completes a draining close once all is out.
     */
    private void flush() {
        if (closeReason != null) {
            return;
        }
        long before = unsentBytes();
        try {
            context.metrics().sentBytes += out.writeTo(transport, context.writeScratch(), WRITE_BUDGET_BYTES);
        } catch (IOException e) {
            markClosing(describe(e));
            return;
        }
        boolean moved = unsentBytes() != before;
        account();
        if (heldBytes() <= context.config().softOutput().bytes()) {
            overSoftSince = NOT_OVER;
        }
        if (out.isEmpty() && transport.pendingOutput() == 0) {
            cancelStall();
            writeBlocked = false;
            transport.wantWrite(false);
            if (draining && !outputShut) {
                shutOutput();
            }
        } else {
            writeBlocked = true;
            transport.wantWrite(true);
            if (stallTimer == null || moved) {
                watchStall();
            }
        }
    }

    private void requestFlush() {
        if (!flushRequested) {
            flushRequested = true;
            context.flushLater(this);
        }
    }

    private void shutOutput() {
        outputShut = true;
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            markClosing(drainReason);
            return;
        }
        transport.wantRead(true);
    }

    /**
     * Brings what this connection counts in the server's output budget up to date: its queue
     * and the transport's pending output, which also changes when the transport writes on its
     * own (a handshake, a TLS key update).
     */
    private void account() {
        long now = heldBytes();
        context.outputBudget().add(now - counted);
        counted = now;
    }

    /** Marks the connection to be closed by the loop once the current event is over. */
    void markClosing(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        context.outputBudget().release(counted);
        counted = 0;
        out.clear();
        transport.quiet();
        context.closeLater(this);
    }

    /** Releases the transport and every timer. Safe to call twice. */
    private void closeTransport() {
        if (closed) {
            return;
        }
        closed = true;
        cancelResume();
        if (drainTimer != null) {
            drainTimer.cancel();
            drainTimer = null;
        }
        cancelStall();
        heldBack = null;
        transport.close();
    }

    /** (Re)starts the stall clock: output is waiting, and this is the last time anything moved. */
    private void watchStall() {
        cancelStall();
        Duration timeout = context.config().outputStallTimeout();
        stallTimer = context.timers().schedule(timeout, () -> {
            stallTimer = null;
            log.info("event=output_stall id={} addr={} pending={} seconds={}", id, address(), out.pendingBytes(),
                    timeout.toSeconds());
            context.metrics().outputStallCloses++;
            markClosing("timed out: nothing read or sent for " + timeout.toSeconds() + " s");
        });
    }

    private void cancelStall() {
        if (stallTimer != null) {
            stallTimer.cancel();
            stallTimer = null;
        }
    }

    private void cancelResume() {
        if (resumeTimer != null) {
            resumeTimer.cancel();
            resumeTimer = null;
        }
    }

    /** The reason the room is told when the socket fails: "connection reset" rather than a stack trace. */
    static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("reset")) {
            return "connection reset";
        }
        if (message.contains("broken pipe")) {
            return "connection closed";
        }
        return "connection error";
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", addr=" + transport.remoteAddress() + "]";
    }
}
