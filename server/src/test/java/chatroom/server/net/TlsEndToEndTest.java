package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plain listener and a TLS listener on one selector, over real loopback sockets against the
 * real {@link EventLoop}: one chat whichever port a client came in by.
 */
@Timeout(60)
class TlsEndToEndTest {

    private static TestTls tls;

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.in(dir);
    }

    /** Listeners: text on port(0), TLS on port(1). */
    private static TestServer start() throws IOException {
        return TestServer.start(TestServer.config().withListeners(List.of(
                Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.tls(new InetSocketAddress("127.0.0.1", 0), tls.server))));
    }

    /** A JDK client that trusts exactly the test certificate, speaking only {@code protocol}. */
    private static TestClient connectTls(int port, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) tls.client.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        return TestClient.over(socket);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aTlsClientAndAPlainClientChatInOneRoomInOrder(String protocol) throws Exception {
        try (TestServer server = start();
             TestClient plain = TestClient.login(server.port(0), "plain");
             TestClient secret = TestClient.login(connectTls(server.port(1), protocol), "secret")) {
            plain.awaitLine("*** secret joined lobby");
            for (int i = 0; i < 50; i++) {
                secret.send("from tls " + i);
                plain.send("from plain " + i);
            }
            for (int i = 0; i < 50; i++) {
                assertThat(plain.awaitLine(line -> line.contains("<secret>"))).endsWith("<secret> from tls " + i);
                assertThat(secret.awaitLine(line -> line.contains("<plain>"))).endsWith("<plain> from plain " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void quitOverTlsSaysByeThenCloses(String protocol) throws Exception {
        try (TestServer server = start();
             TestClient plain = TestClient.login(server.port(0), "plain");
             TestClient secret = TestClient.login(connectTls(server.port(1), protocol), "secret")) {
            secret.send("/quit");

            assertThat(secret.awaitEof()).last().isEqualTo("*** Bye!");
            plain.awaitLine(line -> line.startsWith("*** secret left lobby"));
        }
    }

    @Test
    void plaintextOnTheTlsPortIsClosedAndThePlainClientChatsOn() throws Exception {
        try (TestServer server = start();
             TestClient plain = TestClient.login(server.port(0), "plain");
             TestClient bob = TestClient.login(server.port(0), "bob");
             TestClient confused = TestClient.connect(server.port(1))) {
            confused.send("alice");

            assertThat(confused.awaitEof()).as("not a byte of plaintext back").isEmpty();
            plain.send("still here");
            assertThat(bob.awaitLine(line -> line.contains("<plain>"))).endsWith("<plain> still here");
        }
    }

    /**
     * Shutdown over the real loop: a TLS client gets the goodbye line, then close_notify (seen by
     * a client engine, so an EOF without one would not pass), then the end of the stream.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void shutdownSendsTheGoodbyeThenCloseNotify(String protocol) throws Exception {
        TestServer server = start();
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port(1)))) {
            channel.configureBlocking(false);
            SSLEngine engine = tls.client.createSSLEngine("localhost", server.port(1));
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {protocol});
            engine.beginHandshake();
            TlsTransportTest.Peer peer = new TlsTransportTest.Peer(channel, engine);
            turnUntil(peer, () -> peer.text.toString().contains(TextCodec.ASK_NAME));
            peer.send("alice\r\n");
            turnUntil(peer, () -> peer.text.toString().contains("Hello alice"));
            int before = peer.text.length();

            server.loop.stop();

            turnUntil(peer, () -> peer.closeNotified);
            String goodbye = new TextCodec(ZoneId.systemDefault()).encode(new Event.ShuttingDown(Instant.now()));
            assertThat(peer.text.substring(before)).isEqualTo(goodbye + "\r\n");
            assertThat(engine.getSession().getProtocol()).isEqualTo(protocol);
            turnUntil(peer, () -> peer.eof);
            assertThat(server.loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
        } finally {
            server.close();
        }
    }

    private static void turnUntil(TlsTransportTest.Peer peer, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time; the client has: %s", peer.text).isLessThan(deadline);
            peer.turn();
            Thread.sleep(5); // the peer's socket is non-blocking: poll it
        }
    }

    /**
     * The raw client operators will reach for: {@code openssl s_client -quiet}, verifying the
     * server's certificate and host name as a careful operator would, logs in and chats both
     * ways with a plain client (the server echoes nobody's own lines, so the plain client
     * answers), then quits. {@code -quiet} implies {@code -ign_eof}: s_client reads on until
     * the server closes; {@code -no_ign_eof} would exit before the greeting arrives.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void opensslSClientChats(String version) throws Exception {
        assumeTrue(opensslInstalled(), "openssl is not installed");
        Path ca = dir.resolve("server-cert.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                        tls.server.identity().certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        try (TestServer server = start();
             TestClient bob = TestClient.login(server.port(0), "bob")) {
            Process openssl = new ProcessBuilder("openssl", "s_client", "-quiet", version,
                    "-CAfile", ca.toString(), "-verify_return_error", "-verify_hostname", "localhost",
                    "-connect", "127.0.0.1:" + server.port(1))
                    .redirectError(ProcessBuilder.Redirect.DISCARD) // "depth=0 CN = localhost" and the like
                    .start();
            try {
                BlockingQueue<String> lines = readLines(openssl);
                OutputStream in = openssl.getOutputStream();
                awaitLine(lines, line -> line.startsWith("*** What is your name?"));
                send(in, "ossl");
                awaitLine(lines, line -> line.equals("*** Hello ossl! Type /help for commands."));
                bob.awaitLine("*** ossl joined lobby");

                send(in, "hello from openssl");
                assertThat(bob.awaitLine(line -> line.contains("<ossl>"))).endsWith("<ossl> hello from openssl");
                bob.send("hello back");
                assertThat(awaitLine(lines, line -> line.contains("<bob>"))).endsWith("<bob> hello back");

                send(in, "/quit");
                awaitLine(lines, "*** Bye!"::equals);
                assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).as("s_client exits once the server closes").isTrue();
            } finally {
                openssl.destroyForcibly();
            }
        }
    }

    private static boolean opensslInstalled() {
        try {
            Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process went away: the test's waits say what was missing.
            }
        }, "openssl-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static String awaitLine(BlockingQueue<String> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a wanted line from s_client within %s", TestClient.TIMEOUT).isNotNull();
            if (wanted.test(line)) {
                return line;
            }
        }
    }
}
