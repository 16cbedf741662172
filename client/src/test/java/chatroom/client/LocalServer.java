package chatroom.client;

import chatroom.server.net.EventLoop;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsContext;
import chatroom.server.tls.TlsSetupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The real chatroom server, in this JVM, on a loopback port, with flood control off so tests can type fast. */
final class LocalServer implements AutoCloseable {

    private final EventLoop loop;

    /** @param identity for a TLS port after the plain one; null for none */
    private LocalServer(int port, int tlsPort, ServerIdentity identity) throws IOException {
        ServerConfig d = ServerConfig.defaults();
        InetSocketAddress plain = new InetSocketAddress("127.0.0.1", port);
        ServerConfig config = new ServerConfig(plain, d.maxClients(),
                d.maxLineBytes(), d.maxOutputBytes(), 0, d.floodBurst(), d.shutdownGrace(), d.chat())
                // Every test client comes from 127.0.0.1: no per-address limits here.
                .withPerAddress(new ServerConfig.AddressLimits(100_000, 1e9, 100_000));
        if (identity != null) {
            try {
                config = config.withListeners(List.of(Listener.text(plain),
                        Listener.tls(new InetSocketAddress("127.0.0.1", tlsPort), TlsContext.of(identity))));
            } catch (TlsSetupException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        loop = new EventLoop(config);
        loop.start();
    }

    /** On a free port. */
    static LocalServer start() throws IOException {
        return new LocalServer(0, 0, null);
    }

    /** On {@code port}: a server coming back after a restart. */
    static LocalServer startOn(int port) throws IOException {
        return new LocalServer(port, 0, null);
    }

    /** On free ports: a plain one, and a TLS one ({@link #tlsPort}) where the server proves itself with {@code identity}. */
    static LocalServer withTls(ServerIdentity identity) throws IOException {
        return new LocalServer(0, 0, identity);
    }

    /** {@link #withTls} on these ports: a server coming back after a restart. */
    static LocalServer withTlsOn(int port, int tlsPort, ServerIdentity identity) throws IOException {
        return new LocalServer(port, tlsPort, identity);
    }

    int port() {
        return loop.port();
    }

    int tlsPort() {
        return loop.addresses().get(1).getPort();
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
