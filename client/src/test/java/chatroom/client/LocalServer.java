package chatroom.client;

import chatroom.server.net.EventLoop;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsContext;
import chatroom.server.tls.TlsSetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        return new LocalServer(config(port, ServerConfig.defaults().floodRate()).withUdp(udp(udpPort)));
    }

    /**
     * {@link #withUdp}, asking UDP sessions to show their address still receives {@code every}
     * so often, and an HTTP port after the plain one for {@link #metric}.
     */
    static LocalServer withUdpRechecks(Duration every) throws IOException {
        ServerConfig config = config(0, ServerConfig.defaults().floodRate());
        return new LocalServer(config.withListeners(List.of(Listener.text(config.address()),
                Listener.http(new InetSocketAddress("127.0.0.1", 0)))).withUdp(udp(0).withRecheck(every)));
    }

    /** Every test client comes from 127.0.0.1: no limit on the answers to it. */
    private static ServerConfig.UdpSettings udp(int port) {
        return ServerConfig.UdpSettings.on(List.of(new InetSocketAddress("127.0.0.1", port)))
                .withHelloRates(1e9, 100_000, 1e9, 100_000);
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

    /** A counter on the /metrics page of a server {@link #withUdpRechecks}, by the end of its name. */
    long metric(String name) {
        URI uri = URI.create("http://127.0.0.1:" + loop.addresses().get(1).getPort() + "/metrics");
        String page;
        try {
            page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
        Matcher m = Pattern.compile("^\\S*" + Pattern.quote(name) + " (\\d+)$", Pattern.MULTILINE).matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in\n" + page);
        }
        return Long.parseLong(m.group(1));
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
