package chatroom.server.net;

import chatroom.server.chat.Scheduler;
import chatroom.server.log.LogValues;
import chatroom.server.net.HttpRequestReader.Outcome;
import chatroom.server.net.HttpRequestReader.Refusal;
import chatroom.server.net.HttpRequestReader.Request;
import chatroom.server.net.HttpResponse.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the HTTP listener, from accept until it is answered and closed, or
 * upgraded: then the key is handed to a {@link Connection} with {@link WebSocketFraming} and
 * this object is garbage. It is not a chat peer, so a page load or a {@code /metrics} scrape
 * is never greeted, never counted as waiting for a name, and never in a room.
 *
 * <pre>
 *   READING ──(GET /ws, valid)──▶ handed over to a Connection (101, then the chat greets)
 *      │
 *      └──(any other request, a refusal, the deadline, shutdown)──▶ ANSWERING ──(written)──▶
 *          DRAINING (FIN sent; read and discard until EOF) ──(EOF, or shutdownGrace)──▶ CLOSED
 * </pre>
 *
 * <p>Limits. The whole request must be in within one absolute deadline from accept, the
 * login timeout or {@value #MOST_SECONDS} s if that is shorter, never extended by progress:
 * a slowloris sending a byte a second holds a slot for that long and then gets a 408. The
 * head is bounded by {@link HttpRequestReader}; the per-address limits and the client cap
 * hold these sockets as they hold chat connections, since the {@link Acceptor} counts them
 * alike. Every answer closes the connection (no keep-alive): after it, reading goes on and
 * what comes is discarded until the client's EOF, so the kernel never meets unread input at
 * close and answers it with a reset that could destroy the answer in flight (a 414 after a
 * megabyte of request line); the config's shutdown grace bounds that wait.
 *
 * <p>Accounting: the acceptor counted this socket as opened. It is uncounted exactly once,
 * by whoever holds the key when it closes: this exchange ({@link #finishClose}), or after the
 * hand-over the connection. The hand-over happens only in {@link #onReady}, and never once a
 * close is queued, so the two can never both close it.
 */
final class HttpExchange implements Handler, Deferred {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

    /** The longest an HTTP request may take to arrive, whatever the login timeout. */
    static final int MOST_SECONDS = 10;

    private final Acceptor.Context context;
    private final long id;
    private final Transport transport;
    private final SelectionKey key;
    private final Listener listener;
    private final WebSite site;
    private final HttpRequestReader reader = new HttpRequestReader();
    /** The request deadline while reading; the drain's grace once answered. */
    private Scheduler.Timer timer;
    /** What is left of the answer to write; null before it and once it is out. */
    private ByteBuffer response;
    /** An answer is queued: what the client sends now is only drained. */
    private boolean answered;
    /** Some of a request has come. */
    private boolean begun;
    /** The client's EOF has come: close once the answer is out. */
    private boolean ended;
    private boolean closing;
    private boolean handedOver;

    HttpExchange(Acceptor.Context context, long id, Transport transport, SelectionKey key, Listener listener,
                 WebSite site) {
        this.context = context;
        this.id = id;
        this.transport = transport;
        this.key = key;
        this.listener = listener;
        this.site = site;
        context.metrics().countOpened(ConnectionKind.HTTP);
        this.timer = context.timers().schedule(deadline(context.config()), this::timedOut);
    }

    /** How long a request may take to arrive, from accept. */
    static Duration deadline(ServerConfig config) {
        Duration most = Duration.ofSeconds(MOST_SECONDS);
        Duration login = config.chat().loginTimeout();
        return login.compareTo(most) < 0 ? login : most;
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.HTTP;
    }

    // ---------------------------------------------------------------- the loop's side

    @Override
    public void onReady(SelectionKey ready) {
        if (!ready.isValid() || closing || handedOver) {
            return;
        }
        try {
            int ops = transport.ready(ready.readyOps());
            context.turnBudget().spend(transport.takeWork());
            if ((ops & SelectionKey.OP_READ) != 0) {
                onReadable();
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && response != null && !closing) {
                write();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Input a TLS transport holds; a plain socket never asks. */
    @Override
    public void readNow() {
        if (closing || handedOver) {
            return;
        }
        try {
            onReadable();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** What an event handler threw: an I/O error ends the exchange quietly, a bug is logged. */
    private void failed(Exception e) {
        if (e instanceof IOException) {
            log.debug("event=io_error id={} error=\"{}\"", id, e.getMessage());
        } else {
            log.error("event=handler_failed id={}", id, e);
        }
        markClosing();
    }

    /** Nothing: an answer is written as soon as it is made, and the rest on write readiness. */
    @Override
    public void flushNow() {
    }

    @Override
    public void finishClose() {
        cancelTimer();
        transport.close();
        context.released(transport.remoteAddress());
    }

    /** The server is stopping: a request still being read is answered 503 (a health check sees it so). */
    @Override
    public void shutdown() {
        if (!answered && !closing && !handedOver) {
            answer(Status.SERVICE_UNAVAILABLE, "server shutting down");
        }
    }

    @Override
    public void abort() {
        transport.close();
    }

    // ---------------------------------------------------------------- reading the request

    /**
     * Reads into the loop's shared buffer; the reader copies only a line cut by the end of the
     * read. Bytes cost what a chat connection's bytes cost, and a whole request a fixed price
     * ({@link TurnBudget#HTTP_REQUEST}). A request is read even once the turn's budget is
     * spent, as a small room's line is: its head is bounded, and the acceptor paid for the
     * connection; waiting for a turn with budget left starved upgrades behind a busy room's
     * traffic until their deadline (602 of 10,000 WebSocket clients got a 408 on a loaded
     * machine). What comes after the answer is only discarded, and waits in the kernel then.
     */
    private void onReadable() throws IOException {
        if (answered && context.turnBudget().exhausted()) {
            return; // the selector reports the key again next turn
        }
        ByteBuffer buffer = context.readBuffer();
        buffer.clear();
        int n = transport.read(buffer);
        if (n > 0) {
            context.metrics().receivedBytes += n;
            context.turnBudget().spend(n / TurnBudget.BYTES_PER_UNIT + transport.takeWork());
        }
        if (n < 0) {
            // A client may half-close once it has sent its request and read the answer after:
            // an answer still being written is finished first.
            ended = true;
            transport.wantRead(false);
            if (begun && !answered) {
                answer(Status.BAD_REQUEST, "the request ended before its head did");
            } else if (response == null) {
                markClosing(); // the answer is out, or the client left without a word
            }
            return;
        }
        if (n == 0 || answered) {
            return; // nothing, or draining: discarded
        }
        begun = true;
        buffer.flip();
        Outcome outcome = reader.read(buffer);
        if (outcome == null) {
            return;
        }
        context.turnBudget().spend(TurnBudget.HTTP_REQUEST);
        if (outcome instanceof Refusal refusal) {
            answer(refusal.status(), refusal.detail());
            return;
        }
        Request request = (Request) outcome;
        switch (request.route()) {
            case PAGE -> send(Status.OK, request.target(), site.response());
            case HEALTH -> send(Status.OK, request.target(), HttpResponse.text(Status.OK, "ok"));
            case METRICS -> send(Status.OK, request.target(), HttpResponse.of(Status.OK, MetricsPage.CONTENT_TYPE,
                    context.metricsText().getBytes(StandardCharsets.UTF_8)));
            case WEBSOCKET -> upgrade(request, buffer);
        }
    }

    /**
     * A valid upgrade becomes a chat connection on the same key: it queues the 101 first, then
     * the chat greets it, then it takes the bytes the client sent after the head (frames sent
     * before the 101 arrived), which it consumes or copies before this returns.
     */
    private void upgrade(Request request, ByteBuffer leftover) {
        Refusal refusal = WebSocketHandshake.refusal(request, listener.isTls(), listener.http().allowedOrigins());
        if (refusal != null) {
            send(refusal.status(), request.target(), HttpResponse.text(refusal.status(), refusal.detail()));
            return;
        }
        cancelTimer();
        handedOver = true;
        ServerConfig config = context.config();
        Connection connection = new Connection(context, id, transport, new WebSocketFraming(config.maxLineBytes()),
                config.floodControl(context.nanoTime()));
        key.attach(connection);
        log.info("event=websocket_open id={} addr={}", id, transport.remoteAddress());
        connection.start(WebSocketHandshake.accept(request), leftover);
    }

    private void timedOut() {
        timer = null;
        if (!answered && !closing) {
            answer(Status.REQUEST_TIMEOUT, "no complete request within " + deadline(context.config()).toSeconds() + " s");
        }
    }

    // ---------------------------------------------------------------- answering and closing

    /** A text answer to no request, or one the reader refused: the detail says why, to a person. */
    private void answer(Status status, String detail) {
        send(status, null, HttpResponse.text(status, detail));
    }

    /**
     * Writes {@code bytes} now, the rest on write readiness, then half-closes; the grace bounds
     * it all. Logged with the target, which the reader let through only as printable ASCII
     * without spaces, quoted and cut as any value from a client ({@link LogValues}): a target
     * may be 8 KiB, and one address could log one a second; a refusal's detail may quote a
     * header and is not logged.
     */
    private void send(Status status, String target, ByteBuffer bytes) {
        log.info("event=http id={} addr={} status={} target={}", id, transport.remoteAddress(), status.code,
                target == null ? null : LogValues.quoted(target));
        answered = true;
        cancelTimer();
        timer = context.timers().schedule(context.config().shutdownGrace(), this::markClosing);
        response = bytes;
        try {
            write();
        } catch (IOException | RuntimeException e) {
            failed(e); // from a timer or shutdown too, which must not see it
        }
    }

    private void write() throws IOException {
        ByteBuffer[] scratch = context.writeScratch();
        scratch[0] = response;
        try {
            context.metrics().sentBytes += transport.write(scratch, 0, 1);
        } finally {
            scratch[0] = null;
        }
        if (response.hasRemaining() || transport.pendingOutput() > 0) {
            transport.wantWrite(true);
            return;
        }
        response = null;
        transport.wantWrite(false);
        transport.shutdownOutput();
        if (ended) {
            markClosing(); // nothing left to drain: the client's EOF came while writing
        }
    }

    /** Marks the exchange to be closed by the loop once the current event is over. */
    private void markClosing() {
        if (closing || handedOver) {
            return;
        }
        closing = true;
        cancelTimer();
        transport.quiet();
        context.closeLater(this);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public String toString() {
        return "HttpExchange[id=" + id + ", addr=" + transport.remoteAddress() + "]";
    }
}
