package chatroom.server.net;

import chatroom.server.chat.ChatSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** An in-process server on a free loopback port, stopped when the test closes it. */
final class TestServer implements AutoCloseable {

    final EventLoop loop;

    private TestServer(ServerConfig config) throws IOException {
        this.loop = new EventLoop(config);
        loop.start();
    }

    static TestServer start() throws IOException {
        return start(config());
    }

    static TestServer start(ServerConfig config) throws IOException {
        return new TestServer(config);
    }

    /** The defaults, on a free loopback port, with flood control off so tests can send fast. */
    static ServerConfig config() {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(new InetSocketAddress("127.0.0.1", 0), d.maxClients(), d.maxLineBytes(),
                d.maxOutputBytes(), 0, d.floodBurst(), d.shutdownGrace(), d.chat());
    }

    static ServerConfig withFlood(ServerConfig c, double rate, int burst) {
        return new ServerConfig(c.address(), c.maxClients(), c.maxLineBytes(), c.maxOutputBytes(), rate, burst,
                c.shutdownGrace(), c.chat());
    }

    static ServerConfig withLimits(ServerConfig c, int maxClients, int maxLineBytes, long maxOutputBytes) {
        return new ServerConfig(c.address(), maxClients, maxLineBytes, maxOutputBytes, c.floodRate(),
                c.floodBurst(), c.shutdownGrace(), c.chat());
    }

    static ServerConfig withChat(ServerConfig c, int history, int announceLimit, Duration loginTimeout,
                                 List<String> motd) {
        return c.withChat(new ChatSettings(history, announceLimit, loginTimeout, motd));
    }

    int port() {
        return loop.port();
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        loop.awaitTermination(Duration.ofSeconds(10));
    }
}
