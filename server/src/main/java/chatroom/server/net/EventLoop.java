package chatroom.server.net;

import chatroom.server.chat.Chat;
import chatroom.server.chat.LineEncoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: one thread, one {@link Selector}, the listening socket and every client on it.
 *
 * <p>Each turn of the loop runs, in order: tasks handed over by other threads, due timers,
 * the {@linkplain #afterEvents() after-events step} (close what was marked for closing, then
 * flush every connection that got output), and one {@code select} that waits no longer than
 * the next timer. Ready keys are then handled: accept, read (decode lines, run the chat),
 * write. A line read from one client is broadcast by the chat into every recipient's queue,
 * and all those queues are flushed together at the end of the turn, so a burst of lines costs
 * one gathering write per recipient, not one per line.
 *
 * <p>Single-threaded by design: the chat, the rooms and every connection are touched only
 * from this thread, so nothing on the hot path takes a lock. Other threads talk to the loop
 * only through {@link #execute} (a queue plus {@code selector.wakeup()}) and {@link #stop}.
 *
 * <p>Nothing is closed in the middle of a handler: a connection that fails, hits EOF or
 * overflows its output cap is only marked, and closed in the after-events step, so the chat
 * never sees a room change while it is walking that room's members.
 */
public final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** One direct buffer serves every read; lines are decoded out of it before the next read. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** The most bytes one connection may write in one turn, so one fast reader cannot hold the loop. */
    static final long WRITE_BUDGET_BYTES = 256 * 1024;
    /** The most buffers handed to one gathering write. */
    private static final int GATHER_BUFFERS = 64;
    /** The most connections accepted per turn, so a connect storm cannot starve the clients already in. */
    private static final int ACCEPTS_PER_TURN = 256;
    /** How long accepting stops after accept itself failed (out of file descriptors). */
    private static final Duration ACCEPT_PAUSE = Duration.ofMillis(250);

    private final ServerConfig config;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey serverKey;
    private final Timers timers = new Timers(System::nanoTime);
    private final LineEncoder encoder = new LineEncoder();
    private final Chat chat;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final ByteBuffer[] writeScratch = new ByteBuffer[GATHER_BUFFERS];
    private final ArrayDeque<Connection> toFlush = new ArrayDeque<>();
    private final ArrayDeque<Connection> toClose = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread thread;

    private volatile Throwable failure;
    private long nextId;
    private int connections;
    private boolean shuttingDown;
    private long shutdownDeadline;

    /** Binds the listening socket at once, so the port is known (and taken) before {@link #start}. */
    public EventLoop(ServerConfig config) throws IOException {
        this(config, Clock.systemDefaultZone());
    }

    public EventLoop(ServerConfig config, Clock clock) throws IOException {
        warmUpNativeIo();
        this.config = config;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(config.address(), 1024);
            server.configureBlocking(false);
            this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.chat = new Chat(config.chat(), timers, encoder, clock);
        this.thread = new Thread(this::run, "chatroom-loop");
    }

    /**
     * Loads the JDK's native I/O classes before the first client. The static initialiser of
     * {@code sun.nio.ch.FileDispatcherImpl}, reached on the first gathering write, opens a file
     * descriptor; run lazily while the process is out of descriptors, it fails for good
     * (NoClassDefFoundError on every later write) and takes the loop down. A pipe round trip
     * now runs it while descriptors are certainly free.
     */
    private static void warmUpNativeIo() throws IOException {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            sink.write(new ByteBuffer[] {ByteBuffer.allocateDirect(1)});
            source.read(new ByteBuffer[] {ByteBuffer.allocateDirect(1)});
        }
    }

    /** The address actually bound (with the real port when the configured one was 0). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listening socket is closed", e);
        }
    }

    public int port() {
        return address().getPort();
    }

    public void start() {
        thread.start();
        log.info("event=listening addr={} max_clients={}", address(), config.maxClients());
    }

    /** Runs {@code task} on the loop thread, soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /**
     * Begins a graceful shutdown: stop accepting, tell everyone, flush for up to the
     * configured grace, close. Returns at once; see {@link #awaitTermination}.
     */
    public void stop() {
        if (stopRequested.compareAndSet(false, true)) {
            if (thread.isAlive()) {
                execute(this::beginShutdown);
            } else {
                closeQuietly();
                terminated.countDown();
            }
        }
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True if the loop stopped because of an error rather than {@link #stop}. */
    public boolean failed() {
        return failure != null;
    }

    private void run() {
        try {
            while (true) {
                runTasks();
                long now = System.nanoTime();
                timers.runDue(now);
                afterEvents();
                if (shuttingDown && (connections == 0 || now - shutdownDeadline >= 0)) {
                    break;
                }
                long wait = timers.nanosUntilNext(System.nanoTime());
                if (!tasks.isEmpty() || wait == 0) {
                    selector.selectNow(this::onReady);
                } else if (wait < 0) {
                    selector.select(this::onReady);
                } else {
                    selector.select(this::onReady, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            log.error("event=loop_failed", e);
        } finally {
            closeQuietly();
            log.info("event=stopped");
            terminated.countDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("event=task_failed", e);
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (key == serverKey) {
            accept();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isValid() && key.isReadable()) {
                connection.onReadable(readBuffer);
            }
            if (key.isValid() && key.isWritable() && !connection.isClosing()) {
                connection.onWritable();
            }
        } catch (IOException e) {
            log.debug("event=io_error id={} error=\"{}\"", connection.id(), e.getMessage());
            connection.markClosing(Connection.describe(e));
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", connection.id(), e);
            connection.markClosing("server error");
        }
    }

    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
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
            try {
                register(channel);
            } catch (IOException e) {
                log.debug("event=accept_setup_failed error=\"{}\"", e.getMessage());
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
        log.warn("event=accept_failed error=\"{}\" pause_ms={}", e.getMessage(), ACCEPT_PAUSE.toMillis());
        serverKey.interestOps(0);
        timers.schedule(ACCEPT_PAUSE, () -> {
            if (!shuttingDown && serverKey.isValid()) {
                serverKey.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private void register(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        SocketAddress remote = channel.getRemoteAddress();
        if (connections >= config.maxClients()) {
            rejectFull(channel, remote);
            return;
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        long id = ++nextId;
        TokenBucket flood = config.floodRate() > 0
                ? new TokenBucket(config.floodRate(), config.floodBurst(), System.nanoTime())
                : null;
        Connection connection = new Connection(this, id, channel, key, remote,
                new LineDecoder(config.maxLineBytes()), flood);
        key.attach(connection);
        connections++;
        log.info("event=connect id={} addr={} clients={}", id, remote, connections);
        try {
            connection.session = chat.connected(connection);
        } catch (RuntimeException e) {
            log.error("event=handler_failed id={}", id, e);
            connection.markClosing("server error");
        }
    }

    /** One line on a fresh socket always fits its send buffer, so this write does not block or split. */
    private void rejectFull(SocketChannel channel, SocketAddress remote) {
        log.info("event=reject_full addr={} clients={}", remote, connections);
        String line = "!!! Server full (" + config.maxClients() + " users), try again later\r\n";
        try {
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // The client is gone already; nothing to tell it.
        }
        closeQuietly(channel);
    }

    /**
     * Closes what was marked for closing, then writes every queue that got output this turn.
     * Closing tells the chat, whose leave notices may queue more output; a failed write marks
     * more closes. Repeat until both lists are empty: each connection closes only once, so it ends.
     */
    private void afterEvents() {
        do {
            Connection connection;
            while ((connection = toClose.poll()) != null) {
                finishClose(connection);
            }
            while ((connection = toFlush.poll()) != null) {
                connection.queuedForFlush = false;
                try {
                    connection.flush();
                } catch (RuntimeException e) {
                    log.error("event=handler_failed id={}", connection.id(), e);
                    connection.markClosing("server error");
                }
            }
        } while (!toClose.isEmpty());
    }

    private void finishClose(Connection connection) {
        connection.closeChannel();
        connections--;
        String reason = connection.closeReason();
        if (connection.session != null) {
            try {
                chat.disconnected(connection.session, reason);
            } catch (RuntimeException e) {
                log.error("event=handler_failed id={}", connection.id(), e);
            }
        }
    }

    private void beginShutdown() {
        log.info("event=shutdown_begin clients={} grace_ms={}", connections, config.shutdownGrace().toMillis());
        shuttingDown = true;
        shutdownDeadline = System.nanoTime() + config.shutdownGrace().toNanos();
        serverKey.cancel();
        closeQuietly(server);
        chat.shutdown();
        List<Connection> all = new ArrayList<>(connections);
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection) {
                all.add(connection);
            }
        }
        for (Connection connection : all) {
            connection.close("server shutting down");
        }
    }

    private void closeQuietly() {
        for (SelectionKey key : selector.isOpen() ? selector.keys() : List.<SelectionKey>of()) {
            if (key.attachment() instanceof Connection connection) {
                connection.closeChannel();
            }
        }
        closeQuietly(server);
        closeQuietly(selector);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing on the way out; there is no one left to tell.
        }
    }

    // ---- what connections ask of the loop ----

    ServerConfig config() {
        return config;
    }

    Chat chat() {
        return chat;
    }

    Timers timers() {
        return timers;
    }

    ByteBuffer[] writeScratch() {
        return writeScratch;
    }

    long nanoTime() {
        return System.nanoTime();
    }

    void queueFlush(Connection connection) {
        if (!connection.queuedForFlush) {
            connection.queuedForFlush = true;
            toFlush.add(connection);
        }
    }

    void queueClose(Connection connection) {
        toClose.add(connection);
    }

    void slowConsumer(Connection connection, long pendingBytes) {
        String name = connection.session == null ? null : connection.session.name();
        log.info("event=slow_consumer_kick id={} addr={} name={} pending={} cap={}",
                connection.id(), connection.address(), name, pendingBytes, config.maxOutputBytes());
        connection.markClosing("too slow: over " + config.maxOutputBytes() + " bytes of output not read");
    }
}
