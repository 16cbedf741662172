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

    private LocalServer(ServerConfig config) throws IOException {
        loop = new EventLoop(config);
        loop.start();
    }

    /** The plain port, flood control off; every test client comes from 127.0.0.1, so no per-address limits. */
    private static ServerConfig config(int port) {
        return config(port, 0);
    }

    private static ServerConfig config(int port, double floodRate) {
        ServerConfig d = ServerConfig.defaults();
        return new ServerConfig(new InetSocketAddress("127.0.0.1", port), d.maxClients(),
                d.maxLineBytes(), d.maxOutputBytes(), floodRate, d.floodBurst(), d.shutdownGrace(), d.chat())
                .withPerAddress(new ServerConfig.AddressLimits(100_000, 1e9, 100_000));
    }

    /** On a free port. */
    static LocalServer start() throws IOException {
        return startOn(0);
    }

    /** On {@code port}: a server coming back after a restart. */
    static LocalServer startOn(int port) throws IOException {
        return new LocalServer(config(port));
    }

    /** On free ports: a plain one, and a TLS one ({@link #tlsPort}) where the server proves itself with {@code identity}. */
    static LocalServer withTls(ServerIdentity identity) throws IOException {
        return withTlsOn(0, 0, identity);
    }

    /** {@link #withTls} on these ports: a server coming back after a restart. */
    static LocalServer withTlsOn(int port, int tlsPort, ServerIdentity identity) throws IOException {
        ServerConfig config = config(port);
        try {
            return new LocalServer(config.withListeners(List.of(Listener.text(config.address()),
                    Listener.tls(new InetSocketAddress("127.0.0.1", tlsPort), TlsContext.of(identity)))));
        } catch (TlsSetupException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * On free ports: a plain one, and a UDP one ({@link #udpPort}), with the default flood
     * control, as over UDP it drops lines and the client must keep to it.
     */
    static LocalServer withUdp() throws IOException {
        return withUdpOn(0, 0);
    }

    /** {@link #withUdp} on these ports: a server coming back after a restart. */
    static LocalServer withUdpOn(int port, int udpPort) throws IOException {
        ServerConfig.UdpSettings udp = ServerConfig.UdpSettings.on(List.of(new InetSocketAddress("127.0.0.1", udpPort)))
                .withHelloRates(1e9, 100_000, 1e9, 100_000);
        return new LocalServer(config(port, ServerConfig.defaults().floodRate()).withUdp(udp));
    }

    int port() {
        return loop.port();
    }

    int tlsPort() {
        return loop.addresses().get(1).getPort();
    }

    int udpPort() {
        return loop.udpAddresses().get(0).getPort();
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
