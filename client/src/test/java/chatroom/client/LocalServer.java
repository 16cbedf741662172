package chatroom.client;

import chatroom.server.net.EventLoop;
import chatroom.server.net.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The real chatroom server, in this JVM, on a loopback port, with flood control off so tests can type fast. */
final class LocalServer implements AutoCloseable {

    private final EventLoop loop;

    private LocalServer(int port) throws IOException {
        ServerConfig d = ServerConfig.defaults();
        ServerConfig config = new ServerConfig(new InetSocketAddress("127.0.0.1", port), d.maxClients(),
                d.maxLineBytes(), d.maxOutputBytes(), 0, d.floodBurst(), d.shutdownGrace(), d.chat())
                // Every test client comes from 127.0.0.1: no per-address limits here.
                .withPerAddress(new ServerConfig.AddressLimits(100_000, 1e9, 100_000));
        loop = new EventLoop(config);
        loop.start();
    }

    /** On a free port. */
    static LocalServer start() throws IOException {
        return new LocalServer(0);
    }

    /** On {@code port}: a server coming back after a restart. */
    static LocalServer startOn(int port) throws IOException {
        return new LocalServer(port);
    }

    int port() {
        return loop.port();
    }

    /** Shuts down as on SIGTERM: everyone is told, then disconnected. */
    @Override
    public void close() {
        loop.stop();
        try {
            if (!loop.awaitTermination(Await.TIMEOUT)) {
                throw new IllegalStateException("server did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the server", e);
        }
    }
}
