package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
     * The raw client operators will reach for: {@code openssl s_client -quiet} logs in and chats
     * both ways with a plain client (the server echoes nobody's own lines, so the plain client
     * answers), then quits. {@code -quiet} implies {@code -ign_eof}: s_client reads on until
     * the server closes; {@code -no_ign_eof} would exit before the greeting arrives.
     */
    @Test
    void opensslSClientChatsOverTls13() throws Exception {
        assumeTrue(opensslInstalled(), "openssl is not installed");
        try (TestServer server = start();
             TestClient bob = TestClient.login(server.port(0), "bob")) {
            Process openssl = new ProcessBuilder("openssl", "s_client", "-quiet", "-tls1_3",
                    "-connect", "127.0.0.1:" + server.port(1))
                    .redirectError(ProcessBuilder.Redirect.DISCARD) // verification noise about the test certificate
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
