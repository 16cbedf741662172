package chatroom.server.net;

import chatroom.server.auth.Hashing;
import chatroom.server.chat.ChatSettings;
import chatroom.server.history.HistoryLog;
import chatroom.server.store.Persistence;
import chatroom.server.store.StateStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An in-process server on a free loopback port, stopped when the test closes it. With a data
 * directory in its accounts it keeps bans and names there, through a store of its own that is
 * closed after the loop, as {@code ChatServer} does; so is a history log given to it.
 */
final class TestServer implements AutoCloseable {

    final EventLoop loop;
    /** Null without a data directory. */
    private final StateStore store;
    private final HistoryLog history;

    /** {@code hashing} null: the real helper threads. */
    private TestServer(ServerConfig config, Clock clock, Function<Executor, Hashing> hashing, HistoryLog history)
            throws IOException {
        Path data = config.accounts().dataDir();
        this.store = data == null ? null : new StateStore(data);
        this.history = history;
        Persistence persistence = store == null ? Persistence.NONE : store;
        try {
            this.loop = hashing == null
                    ? new EventLoop(config, clock, persistence, history)
                    : new EventLoop(config, clock, persistence, history, hashing);
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            history.close();
            throw e;
        }
        loop.start();
    }

    static TestServer start() throws IOException {
        return start(config());
    }

    static TestServer start(ServerConfig config) throws IOException {
        return new TestServer(config, Clock.systemDefaultZone(), null, HistoryLog.NONE);
    }

    /** A server whose chat reads {@code clock}: its instant stamps events, its zone the text lines' times. */
    static TestServer start(ServerConfig config, Clock clock) throws IOException {
        return new TestServer(config, clock, null, HistoryLog.NONE);
    }

    /**
     * A server whose passwords are hashed by what {@code hashing} makes of the loop's
     * {@code execute} (where answers must come back), instead of the real helper threads.
     */
    static TestServer start(ServerConfig config, Clock clock, Function<Executor, Hashing> hashing)
            throws IOException {
        return new TestServer(config, clock, hashing, HistoryLog.NONE);
    }

    /** A server keeping the rooms' messages in {@code history}, which it closes after the loop. */
    static TestServer start(ServerConfig config, HistoryLog history) throws IOException {
        return new TestServer(config, Clock.systemDefaultZone(), null, history);
    }

    /** Per-address limits no test reaches, though every test client comes from 127.0.0.1. */
    static final ServerConfig.AddressLimits NO_ADDRESS_LIMITS = new ServerConfig.AddressLimits(100_000, 1e9, 100_000);

    /**
     * The defaults, on a free loopback port, with flood control and the per-address limits off
     * so tests can send fast and connect often.
     */
    static ServerConfig config() {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(new InetSocketAddress("127.0.0.1", 0), d.maxClients(), d.maxLineBytes(),
                d.maxOutputBytes(), 0, d.floodBurst(), d.shutdownGrace(), d.chat())
                .withPerAddress(NO_ADDRESS_LIMITS);
    }

    static ServerConfig withFlood(ServerConfig c, double rate, int burst) {
        return new ServerConfig(c.address(), c.maxClients(), c.maxLineBytes(), c.maxOutputBytes(), rate, burst,
                c.shutdownGrace(), c.chat()).withPerAddress(c.perAddress());
    }

    static ServerConfig withLimits(ServerConfig c, int maxClients, int maxLineBytes, long maxOutputBytes) {
        return new ServerConfig(c.address(), maxClients, maxLineBytes, maxOutputBytes, c.floodRate(),
                c.floodBurst(), c.shutdownGrace(), c.chat()).withPerAddress(c.perAddress());
    }

    static ServerConfig withChat(ServerConfig c, int history, int announceLimit, Duration loginTimeout,
                                 List<String> motd) {
        return c.withChat(new ChatSettings(history, announceLimit, loginTimeout, motd));
    }

    /** The {@code /metrics} page as the loop renders it, on the loop thread. */
    String metricsText() throws Exception {
        java.util.concurrent.CompletableFuture<String> page = new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> page.complete(loop.metricsText()));
        return page.get(TestClient.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    int port() {
        return loop.port();
    }

    /** The port of the {@code index}th listener of the config, in its order. */
    int port(int index) {
        return loop.addresses().get(index).getPort();
    }

    /** {@code c} listening on two free loopback ports: text first, then JSON. */
    static ServerConfig withJsonListener(ServerConfig c) {
        return c.withListeners(List.of(Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.json(new InetSocketAddress("127.0.0.1", 0))));
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        loop.awaitTermination(Duration.ofSeconds(10));
        if (store != null) {
            store.close(); // after the loop: its last saves are written
        }
        history.close(); // likewise its last messages
    }
}
