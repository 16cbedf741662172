package chatroom.server.net;

import chatroom.server.auth.Hasher;
import chatroom.server.auth.Hashing;
import chatroom.server.history.HistoryLog;
import chatroom.server.auth.OperTable;
import chatroom.server.chat.AccountRules;
import chatroom.server.chat.Chat;
import chatroom.server.chat.ChatServices;
import chatroom.server.chat.Scheduler;
import chatroom.server.mod.Ban;
import chatroom.server.mod.BanList;
import chatroom.server.store.Persistence;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: one thread, one {@link Selector}, every listening socket and every client on it.
 *
 * <p>Every key carries its {@link Handler}: an {@link Acceptor} per listener, a
 * {@link Connection} per client, a {@link UdpEndpoint} per UDP port (whose users share its
 * socket). The loop knows nothing else about them. Each turn runs, in
 * order: tasks handed over by other threads, due timers, the {@linkplain AfterEvents
 * after-events step} (close what was marked for closing, then flush every connection that
 * got output), and one {@code select} that waits no longer than the next timer; then each
 * ready key's handler, then the connections whose transport holds input the selector cannot
 * report (TLS records already read from the kernel: {@link ConnectionContext#readLater}; while
 * any wait, the select does not sleep). A line read from one client is broadcast by the chat into every
 * recipient's queue, and all those queues are flushed together at the end of the turn, so a
 * burst of lines costs one gathering write per recipient, not one per line.
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
    /** The most ready keys one select hands over on Linux (EPollSelectorImpl's NUM_EPOLLEVENTS). */
    static final int SELECT_BATCH = 1024;
    /**
     * The most buffers handed to one gathering write: Linux's IOV_MAX. With small lines copied
     * into blocks a pass rarely needs more than a few, but a reader behind on long lines (each a
     * view of its own) is written in as few calls as the kernel allows.
     */
    static final int GATHER_BUFFERS = 1024;
    /**
     * How often the pools let go of the spares no queue took since the last time. A second: a
     * join storm of 10,000 left 10,000 small blocks and rings spare (1.2 KB of RSS and 150 B of
     * heap a connection, measured as idle connections' cost); a room that busy keeps its blocks
     * as long as it gets a message a second, and one quieter pays 10,000 allocations a message.
     */
    static final Duration POOL_TRIM_INTERVAL = Duration.ofSeconds(1);
    /** Spare TLS record buffers kept for the next handshake or record. */
    static final int TLS_SPARE_PACKETS = 256;
    /** Turns in a row that may end in OutOfMemoryError, each followed by shedding, before the loop gives up. */
    private static final int MAX_OUT_OF_MEMORY_TURNS = 10;

    private final ServerConfig config;
    private final Selector selector;
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final List<UdpEndpoint> udpEndpoints = new ArrayList<>();
    private final Timers timers = new Timers(System::nanoTime);
    private final EventEncoder encoder;
    /** The per-address limits, one table for every listener. */
    private final AddressLimiter perAddress;
    private final OutputBudget outputBudget;
    private final TurnBudget turnBudget =
            new TurnBudget(TurnBudget.DEFAULT, TurnBudget.DEFAULT_NANOS, System::nanoTime);
    private final Chat chat;
    /** The wall clock bans and the chat's events read. */
    private final Clock clock;
    /** The bans in force: the chat's, read by the per-address limits at every entry point. */
    private final BanList bans;
    /** Password hashing off the loop; closed after the drain. */
    private final Hashing hashing;
    private final HistoryLog history;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final ByteBuffer[] writeScratch = new ByteBuffer[GATHER_BUFFERS];
    private final OutputPools outputPools = new OutputPools();
    /**
     * The TLS connections' network buffers, a record each ({@link TlsTransport#PACKET_BYTES}):
     * two per connection during its handshake, none once it is idle. Blocks are made on demand;
     * at most {@value #TLS_SPARE_PACKETS} spare ones (4.25 MiB) are kept.
     */
    private final BlockPool tlsPackets = new BlockPool(TLS_SPARE_PACKETS, TlsTransport.PACKET_BYTES);
    private final AfterEvents afterEvents = new AfterEvents();
    private final Metrics metrics = new Metrics();
    /** Each ready key's handler: one method reference made once, not one per select. */
    private final Consumer<SelectionKey> dispatch = this::onReady;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Thread thread;

    private volatile Throwable failure;
    private long nextId;
    private int connections;
    private boolean shuttingDown;
    private long shutdownDeadline;
    /** When the last select returned (its first ready key, for a select that hands keys to {@link #dispatch}). */
    private long woke;
    /** The current select has returned and {@link #woke} says when. */
    private boolean awake;

    /** Binds every listening socket at once, so the ports are known (and taken) before {@link #start}. */
    public EventLoop(ServerConfig config) throws IOException {
        this(config, Clock.systemDefaultZone());
    }

    /** Without persistence: bans last until a restart, and names cannot be registered. */
    public EventLoop(ServerConfig config, Clock clock) throws IOException {
        this(config, clock, Persistence.NONE);
    }

    /**
     * @param persistence where the chat saves bans and registered names; the caller made it and
     *     closes it once the loop has ended (so the loop's last saves are written), and reloads
     *     files through it on SIGHUP
     */
    public EventLoop(ServerConfig config, Clock clock, Persistence persistence) throws IOException {
        this(config, clock, persistence, HistoryLog.NONE);
    }

    /**
     * @param history the rooms' logs; like {@code persistence}, the caller made it and closes it
     *     once the loop has ended, so the loop's last messages are written
     */
    public EventLoop(ServerConfig config, Clock clock, Persistence persistence, HistoryLog history)
            throws IOException {
        this(config, clock, persistence, history, toLoop -> hasher(config.accounts(), toLoop));
    }

    /**
     * The real helper threads. Warmed up only where passwords are expected (operators, or names
     * registered): the warm-up is a full hash, and a server nobody logs in to should not pay for
     * it (every server keeps a data dir now, so that alone says nothing).
     */
    private static Hasher hasher(ServerConfig.Accounts accounts, Executor toLoop) {
        Hasher hasher = new Hasher(accounts.hashThreads(), accounts.hashQueue(), toLoop);
        if (accounts.opers().size() > 0 || !accounts.names().isEmpty()) {
            hasher.warmUp();
        }
        return hasher;
    }

    /**
     * As above, with password hashing made by {@code hashing} from this loop's {@link #execute}
     * (where its answers must come back) once the ports are bound; tests give their own. The
     * loop closes it after its drain.
     */
    EventLoop(ServerConfig config, Clock clock, Persistence persistence, HistoryLog history,
            Function<Executor, Hashing> hashing) throws IOException {
        warmUpNativeIo();
        this.config = config;
        this.selector = Selector.open();
        this.encoder = new EventEncoder(clock.getZone());
        ServerConfig.Accounts accounts = config.accounts();
        this.clock = clock;
        this.bans = new BanList(accounts.bans());
        this.perAddress = new AddressLimiter(config.perAddress(), bans, clock);
        this.outputBudget = new OutputBudget(OutputBudget.limitFor(config.maxTotalOutputBytes()));
        Context context = new Context();
        try {
            for (Listener listener : config.listeners()) {
                acceptors.add(new Acceptor(context, perAddress, listener, selector));
            }
            for (InetSocketAddress address : config.udp().addresses()) {
                udpEndpoints.add(new UdpEndpoint(context, perAddress, address, selector));
            }
        } catch (IOException e) {
            acceptors.forEach(Acceptor::abort);
            udpEndpoints.forEach(UdpEndpoint::abort);
            selector.close();
            throw e;
        }
        this.hashing = hashing.apply(this::execute);
        history.attach(this::execute);
        this.history = history;
        this.chat = new Chat(config.chat(), timers, clock, new ChatServices(rulesFor(accounts.rules()), this.hashing,
                persistence, bans, accounts.opers(), accounts.names(), history));
        this.thread = new Thread(this::run, "chatroom-loop");
        trimPoolsLater();
    }

    /** Every {@link #POOL_TRIM_INTERVAL}, the pools let go of what a burst left and no one took since. */
    private void trimPoolsLater() {
        timers.schedule(POOL_TRIM_INTERVAL, () -> {
            outputPools.trim();
            tlsPackets.trim();
            trimPoolsLater();
        });
    }

    /** {@code rules} naming the TLS port really bound (the configured one may be 0), if there is one. */
    private AccountRules rulesFor(AccountRules rules) {
        for (Acceptor acceptor : acceptors) {
            if (acceptor.listener().isTls()) {
                return rules.withTlsPort(acceptor.address().getPort());
            }
        }
        return rules;
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

    /** The first listener's address (with the real port when the configured one was 0). */
    public InetSocketAddress address() {
        return acceptors.get(0).address();
    }

    public int port() {
        return address().getPort();
    }

    /** Every listener's bound address, in the order of {@link ServerConfig#listeners()}. */
    public List<InetSocketAddress> addresses() {
        return acceptors.stream().map(Acceptor::address).toList();
    }

    /** Every UDP port's bound address, in the order of {@link ServerConfig.UdpSettings#addresses()}. */
    public List<InetSocketAddress> udpAddresses() {
        return udpEndpoints.stream().map(UdpEndpoint::address).toList();
    }

    public void start() {
        thread.start();
        for (Acceptor acceptor : acceptors) {
            log.info("event=listening addr={} format={} tls={} http={} max_clients={} max_total_output={}",
                    acceptor.address(), acceptor.listener().format().word(), acceptor.listener().isTls(),
                    acceptor.listener().isHttp(), config.maxClients(), outputBudget.limit());
            if (acceptor.listener().isTls()) {
                // The fingerprint lets a client pin a self-signed certificate, or a person compare it by eye.
                log.info("event=tls_listening port={} fingerprint={}", acceptor.address().getPort(),
                        acceptor.listener().tls().identity().fingerprint());
            }
        }
        // After the TCP listeners: scripts take the first listening line for the text port.
        for (UdpEndpoint endpoint : udpEndpoints) {
            log.info("event=listening addr={} udp=true max_udp_users={} udp_idle_timeout_s={}", endpoint.address(),
                    config.udp().maxUsers(), config.udp().idleTimeout().toSeconds());
        }
    }

    /** Runs {@code task} on the loop thread, soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** New connections are greeted with {@code motd} from now on. Safe from any thread. */
    public void reloadMotd(List<String> motd) {
        List<String> lines = List.copyOf(motd);
        execute(() -> {
            chat.motd(lines);
            // Logged once it holds: a connection accepted after this line gets the new one.
            log.info("event=motd_reloaded lines={}", lines.size());
        });
    }

    /**
     * A SIGHUP re-read the operator and bans files: {@code opers} and {@code bans} replace what
     * the chat has (each null if its file could not be read: that one stays as it was), the
     * bans only if {@code current} still says, on the loop, that none were saved since the file
     * was read (else the read would undo an operator's newer ban or unban). Safe from any thread.
     */
    public void reloadAccounts(OperTable opers, List<Ban> bans, BooleanSupplier current) {
        List<Ban> copy = bans == null ? null : List.copyOf(bans);
        execute(() -> {
            boolean stale = copy != null && !current.getAsBoolean();
            if (stale) {
                log.info("event=bans_reload_skipped reason=\"bans changed while the file was read\"");
            }
            chat.reloaded(opers, stale ? null : copy);
        });
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
            int outOfMemory = 0;
            woke = System.nanoTime();
            awake = true;
            while (true) {
                try {
                    if (!turn()) {
                        break;
                    }
                    outOfMemory = 0;
                } catch (OutOfMemoryError e) {
                    // The last line of defence: whatever was being done is lost, the heaviest
                    // readers are cut off, and everyone else is served on. Only a JVM that
                    // cannot recover even so (no memory freed, turn after turn) ends the loop.
                    if (++outOfMemory > MAX_OUT_OF_MEMORY_TURNS) {
                        throw e;
                    }
                    shed(outputBudget.total() / 2, "out of memory");
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            log.error("event=loop_failed", e);
        } finally {
            closeQuietly();
            closeHashing();
            log.info("event=stopped");
            terminated.countDown();
        }
    }

    /** One turn of the loop; false when a shutdown has finished. */
    private boolean turn() throws IOException {
        turnBudget.reset();
        runTasks();
        long now = System.nanoTime();
        timers.runDue(now);
        long writing = System.nanoTime();
        connections -= afterEvents.run();
        if (outputBudget.over()) {
            shed(outputBudget.target(), "output budget");
            connections -= afterEvents.run();
        }
        turnBudget.wrote(System.nanoTime() - writing);
        if (shuttingDown && (connections == 0 || now - shutdownDeadline >= 0)) {
            return false;
        }
        long beforeSelect = System.nanoTime();
        long wait = timers.nanosUntilNext(beforeSelect);
        metrics.loopIterations++;
        metrics.loopBusyNanos += beforeSelect - woke; // the work since the last select returned
        awake = false;
        int ready;
        if (!tasks.isEmpty() || wait == 0 || afterEvents.hasReads()) {
            ready = selector.selectNow(dispatch);
        } else if (wait < 0) {
            ready = selector.select(dispatch);
        } else {
            ready = selector.select(dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        }
        wake(); // if no key was ready: the select returned just now
        selectTheRest(ready);
        afterEvents.runReads();
        return true;
    }

    /**
     * The JDK's epoll selector hands over at most {@value #SELECT_BATCH} ready keys a select. With
     * ten thousand connections ready at once, a key then waited its turn for ten selects, and
     * under attack ten turns were seconds: a canary pair in a room of its own, whose lines are
     * always read, saw p99 1.7 to 3.5 s. So while batches come full, the loop selects again in
     * the same turn, until it has been handed as many keys as are registered. A key still ready
     * comes back at the end of the kernel's list, behind those not yet seen; the fair shares of
     * {@link TurnBudget} bound what a connection seen twice in a turn can do.
     */
    private void selectTheRest(int ready) throws IOException {
        int handed = ready;
        int registered = selector.keys().size();
        while (ready >= SELECT_BATCH && handed < registered) {
            ready = selector.selectNow(dispatch);
            handed += ready;
        }
    }

    /**
     * Cuts off the connections holding the most unread output, heaviest first, until what all
     * hold together is at most {@code target}. Rare (the budget is far above normal use), so a
     * sort of every connection is fine.
     */
    private void shed(long target, String why) {
        List<Connection> heavy = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && !c.isClosing() && c.heldBytes() > 0) {
                heavy.add(c);
            }
        }
        heavy.sort(Comparator.comparingLong(Connection::heldBytes).reversed());
        long before = outputBudget.total();
        int kicked = 0;
        for (Connection c : heavy) {
            if (outputBudget.total() <= target) {
                break;
            }
            c.kick("too slow: the server's output limit was reached", "total=" + outputBudget.total());
            kicked++;
        }
        log.warn("event=output_shed why=\"{}\" kicked={} total_before={} total_after={} limit={}", why, kicked,
                before, outputBudget.total(), outputBudget.limit());
    }

    private void onReady(SelectionKey key) {
        wake();
        ((Handler) key.attachment()).onReady(key);
    }

    /**
     * Notes when the select returned, once a select: {@code select(Consumer)} runs the handlers
     * inside the call, so that moment is the first ready key, or the call's return if none was.
     * The loop's busy time runs from there to the next select.
     */
    private void wake() {
        if (!awake) {
            woke = System.nanoTime();
            awake = true;
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

    private void beginShutdown() {
        log.info("event=shutdown_begin clients={} grace_ms={}", connections, config.shutdownGrace().toMillis());
        shuttingDown = true;
        acceptors.forEach(Acceptor::shutdown);
        chat.shutdown();
        List<Handler> handlers = new ArrayList<>(selector.keys().size());
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Handler handler) {
                handlers.add(handler);
            }
        }
        handlers.forEach(Handler::shutdown);
        // After the handlers: each scheduled its own drain for the same grace, and the turn
        // that reaches this deadline must find those timers due and run them, so that every
        // connection still open is closed as one (its disconnect logged), not aborted.
        shutdownDeadline = System.nanoTime() + config.shutdownGrace().toNanos();
    }

    private void closeQuietly() {
        if (selector.isOpen()) {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Handler handler) {
                    handler.abort();
                }
            }
        }
        acceptors.forEach(Acceptor::abort);
        udpEndpoints.forEach(UdpEndpoint::abort);
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing on the way out; there is no one left to tell.
        }
    }

    /**
     * After the drain: hashing stops, and checks still waiting are dropped (their sessions are
     * gone). What is kept on disk is the caller's to close, after this.
     */
    private void closeHashing() {
        if (hashing instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("event=hashing_close_failed error=\"{}\"", e.getMessage());
            }
        }
    }

    /** The {@code /metrics} page now. Loop thread only. */
    String metricsText() {
        int[] open = new int[ConnectionKind.values().length];
        for (SelectionKey key : selector.keys()) {
            ConnectionKind kind = key.isValid() && key.attachment() instanceof Handler h ? h.kind() : null;
            if (kind != null) {
                open[kind.ordinal()]++;
            }
        }
        for (UdpEndpoint endpoint : udpEndpoints) {
            open[ConnectionKind.UDP.ordinal()] += endpoint.users(); // users, not keys: one socket serves them all
        }
        return MetricsPage.render(metrics, open, chat, outputBudget.total(), outputPools.spareBytes(),
                bans.active(clock.instant()).size(), history.counts());
    }

    /** What acceptors and connections may ask of the loop: a narrow view, not the loop itself. */
    private final class Context implements Acceptor.Context {

        @Override
        public ServerConfig config() {
            return config;
        }

        @Override
        public Chat chat() {
            return chat;
        }

        @Override
        public Scheduler timers() {
            return timers;
        }

        @Override
        public EventEncoder encoder() {
            return encoder;
        }

        @Override
        public OutputBudget outputBudget() {
            return outputBudget;
        }

        @Override
        public TurnBudget turnBudget() {
            return turnBudget;
        }

        @Override
        public ByteBuffer readBuffer() {
            return readBuffer;
        }

        @Override
        public ByteBuffer[] writeScratch() {
            return writeScratch;
        }

        @Override
        public OutputPools outputPools() {
            return outputPools;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void flushLater(Deferred connection) {
            afterEvents.flushLater(connection);
        }

        @Override
        public void readLater(Deferred connection) {
            afterEvents.readLater(connection);
        }

        @Override
        public void closeLater(Deferred connection) {
            afterEvents.closeLater(connection);
        }

        @Override
        public void released(SocketAddress remote) {
            perAddress.released(remote, System.nanoTime());
        }

        @Override
        public long nextConnectionId() {
            return ++nextId;
        }

        @Override
        public int openConnections() {
            return connections;
        }

        @Override
        public void opened() {
            connections++;
        }

        @Override
        public BlockPool tlsPackets() {
            return tlsPackets;
        }

        @Override
        public Metrics metrics() {
            return metrics;
        }

        @Override
        public String metricsText() {
            return EventLoop.this.metricsText();
        }
    }
}
