package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.net.EventLoop;
import chatroom.server.net.Listener;
import chatroom.server.net.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workload 1 over TLS against the real chatroom server, in this JVM (the server is a test
 * dependency of the bench): a text listener and a TLS listener with a throwaway certificate,
 * the one the generator is told to trust. Every message must reach every other member, in
 * order and intact, and every connection must have negotiated TLS 1.3.
 */
class TlsFanOutTest {

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static EventLoop server;

    @BeforeAll
    static void start() throws Exception {
        certificate = TestCertificate.in(dir, "server");
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        ServerConfig d = ServerConfig.defaults();
        ServerConfig config = new ServerConfig(loopback, d.maxClients(), d.maxLineBytes(), d.maxOutputBytes(), 0,
                d.floodBurst(), d.shutdownGrace(), d.chat())
                .withPerAddress(new ServerConfig.AddressLimits(100_000, 1e9, 100_000))
                .withListeners(List.of(Listener.text(loopback), Listener.tls(loopback, certificate.serverTls())));
        server = new EventLoop(config);
        server.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.stop();
        server.awaitTermination(Duration.ofSeconds(10));
    }

    @Test
    void everyMessageOfWorkload1ArrivesInOrderOverTls() throws Exception {
        FanOutResult result = fanOut(64, certificate.trust());

        assertThat(result.clean()).as(result.toText()).isTrue();
        assertThat(result.deliveries()).isPositive();
        assertThat(result.totalDeliveries()).isEqualTo(result.expectedDeliveries());
        assertThat(result.tls().negotiated()).as("every connection negotiated it").startsWith("TLSv1.3 TLS_");
        assertThat(result.tls().records()).isPositive();
    }

    /** Lines of 3,000 bytes: records cut by reads, and more plaintext in one read than the read buffer holds. */
    @Test
    void longLinesArriveWholeOverTls() throws Exception {
        FanOutResult result = fanOut(3_000, certificate.trust());

        assertThat(result.clean()).as(result.toText()).isTrue();
        assertThat(result.totalDeliveries()).isEqualTo(result.expectedDeliveries());
    }

    /** The same run without TLS says so: the TLS line of a report comes from the connections, not the options. */
    @Test
    void aPlainRunReportsNoTls() throws Exception {
        FanOutResult result = fanOut(64, null);

        assertThat(result.clean()).as(result.toText()).isTrue();
        assertThat(result.tls()).isNull();
    }

    private static FanOutResult fanOut(int payloadBytes, TlsTrust tls) throws Exception {
        int port = server.addresses().get(tls == null ? 0 : 1).getPort();
        BenchSettings settings = new BenchSettings(new ChatroomProtocol(), "127.0.0.1", port, 20, 4, 0, 32,
                payloadBytes, 1.0, 0.3, 2_000, 0, null, tls == null ? "p" : "t" + payloadBytes, tls);
        try (Reactor reactor = new Reactor()) {
            return new FanOutWorkload(settings, reactor, null).run();
        }
    }
}
