package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.server.tls.SelfSignedCertificate;
import chatroom.server.tls.ServerIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TlsConnectorTest {

    private static ServerIdentity identity;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        identity = SelfSignedCertificate.generate();
    }

    /** {@code --tls-trust FILE}: what is wrong with a file is said at start, naming it. */
    @Nested
    class TrustFile {

        @Test
        void holdsEveryCertificateInIt() throws Exception {
            ServerIdentity other = SelfSignedCertificate.generate();
            Path file = dir.resolve("both.pem");
            Files.writeString(file, "text before, as openssl x509 -text writes it\n"
                    + Files.readString(TestCertificates.pemFile(dir, "a.pem", identity.certificate()))
                    + Files.readString(TestCertificates.pemFile(dir, "b.pem", other.certificate())));

            assertThat(TlsConnector.readCertificates(file))
                    .containsExactly(identity.certificate(), other.certificate());
        }

        @Test
        void missing() {
            Path file = dir.resolve("nothing.pem");
            assertThatThrownBy(() -> TlsConnector.trusting(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": no such file");
        }

        @Test
        void withAKeyAndNoCertificate() throws IOException {
            Path file = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            assertThatThrownBy(() -> TlsConnector.trusting(file))
                    .hasMessage(file + " has no CERTIFICATE block: only PRIVATE KEY (the server's certificate is wanted,"
                            + " never its key)");
        }

        @Test
        void withNoPemAtAll() throws Exception {
            Path file = Files.write(dir.resolve("cert.der"), identity.certificate().getEncoded());
            assertThatThrownBy(() -> TlsConnector.trusting(file))
                    .hasMessageStartingWith(file + " has no CERTIFICATE block: no PEM block at all (a DER file?");
        }

        @Test
        void whoseCertificateIsNotBase64() throws IOException {
            Path file = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n");
            assertThatThrownBy(() -> TlsConnector.trusting(file))
                    .hasMessageStartingWith(file + ": certificate 1 of 1 cannot be read: ");
        }

        @Test
        void whoseSecondCertificateIsNotOne() throws IOException {
            Path good = TestCertificates.pemFile(dir, "good.pem", identity.certificate());
            Path file = Files.writeString(dir.resolve("bad.pem"), Files.readString(good)
                    + "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n");
            assertThatThrownBy(() -> TlsConnector.trusting(file))
                    .hasMessageStartingWith(file + ": certificate 2 of 2 cannot be read: ");
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket tcp = new Socket()) {
            tcp.connect(silent.getLocalSocketAddress());
            long start = System.nanoTime();
            TlsConnector tls = TlsConnector.pinning(identity.fingerprint());

            assertThatThrownBy(() -> tls.handshake(tcp, "127.0.0.1", silent.getLocalPort(), Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).isNotInstanceOf(TlsConnector.Refused.class)
                    .hasMessage("no answer to the TLS handshake in time (not TLS?)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(tcp.isClosed()).isTrue();
        }
    }

    /**
     * A server that answers, a byte at a time, a record it never finishes: each byte comes well
     * within the socket's read timeout, so only a deadline for the whole handshake ends it. The
     * server trickles for ten times the timeout, then closes: a client still shaking hands by
     * then hears "closed", not "in time".
     */
    @Test
    void aServerThatTricklesItsHandshakeFailsWithinTheTimeout() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket tcp = new Socket()) {
            tcp.connect(trickler.getLocalSocketAddress());
            Thread server = new Thread(() -> {
                try (Socket s = trickler.accept()) {
                    s.getOutputStream().write(new byte[] {22, 3, 3, 0x40, 0}); // a 16 KiB handshake record
                    for (int i = 0; i < 60; i++) {
                        Thread.sleep(50);
                        s.getOutputStream().write(2);
                    }
                } catch (IOException | InterruptedException e) {
                    // The client hung up: what the test wants.
                }
            });
            server.start();
            TlsConnector tls = TlsConnector.pinning(identity.fingerprint());

            assertThatThrownBy(() -> tls.handshake(tcp, "127.0.0.1", trickler.getLocalPort(), Duration.ofMillis(300)))
                    .isInstanceOf(IOException.class).isNotInstanceOf(TlsConnector.Refused.class)
                    .hasMessage("no answer to the TLS handshake in time (not TLS?)");
            assertThat(tcp.isClosed()).isTrue();
            server.join();
        }
    }

    /** {@link ServerConnection} over TLS, through a {@link Relay} that can be slow or stop reading. */
    @Nested
    class OverAConnection {

        private ServerConnection open(Relay relay, RecordingListener recorder) throws IOException {
            ServerConnection connection = new ServerConnection("127.0.0.1", relay.port(),
                    Transport.tcp(TlsConnector.pinning(identity.fingerprint())), recorder, ClientRun.quickBackoff());
            connection.open();
            return connection;
        }

        /**
         * The JDK's TLS socket keeps a record read halfway when the read times out (every
         * {@link ServerConnection#TICK}, for {@code idle}), and the next read goes on with it.
         */
        @Test
        void aReadTimeoutInTheMiddleOfARecordLosesNothing() throws Exception {
            try (LocalServer server = LocalServer.withTls(identity);
                 Relay slow = Relay.to(server.tlsPort());
                 RawUser bob = RawUser.login(server.port(), "bob")) {
                RecordingListener carol = new RecordingListener();
                ServerConnection connection = open(slow, carol);
                try {
                    connection.send("carol");
                    carol.await("*** You are in lobby. 2 here: bob, carol");
                    slow.dribble();
                    int idlesBefore = carol.idles();
                    for (int i = 1; i <= 5; i++) {
                        bob.send("line " + i + " " + "x".repeat(i * 100));
                    }
                    for (int i = 1; i <= 5; i++) {
                        assertThat(carol.await("> line " + i + " " + "x".repeat(i * 100))).startsWith("[");
                    }
                    assertThat(carol.idles()).as("reads timed out meanwhile").isGreaterThan(idlesBefore);
                    connection.send("still talking");
                    bob.awaitEnding("<carol> still talking");
                } finally {
                    connection.hangUp();
                }
            }
        }

        /** TLS 1.3 hides an alert's type inside the record, so: records after the hang-up, and then the end. */
        @Test
        void hangingUpSendsTheClosingAlertsBeforeTheConnectionEnds() throws Exception {
            try (LocalServer server = LocalServer.withTls(identity);
                 Relay relay = Relay.to(server.tlsPort())) {
                RecordingListener carol = new RecordingListener();
                ServerConnection connection = open(relay, carol);
                carol.await("*** What is your name? (1-24 letters, digits, _ or -)");
                int before = relay.sentUp().length;

                connection.hangUp();

                Await.until(() -> "the client's side ended", () -> relay.clientEnds() == 1);
                byte[] sent = relay.sentUp();
                List<Integer> records = records(sent, before);
                assertThat(records).as("TLS records after the hang-up: user_canceled and close_notify").hasSize(2);
            }
        }

        /**
         * The writer thread is blocked in a write to a server that stopped reading, holding the
         * TLS socket's write lock, which close_notify needs: the hang-up returns at once, and the
         * TCP socket is closed under the write after {@link TlsConnector#CLOSE_NOTIFY_WAIT}.
         */
        @Test
        void hangingUpOnAServerThatStoppedReadingNeitherBlocksNorLeavesTheWriterStuck() throws Exception {
            try (LocalServer server = LocalServer.withTls(identity);
                 Relay relay = Relay.to(server.tlsPort())) {
                Set<Thread> before = threads("chatroom-writer");
                RecordingListener carol = new RecordingListener();
                ServerConnection connection = open(relay, carol);
                carol.await("*** What is your name? (1-24 letters, digits, _ or -)");
                Set<Thread> writers = threads("chatroom-writer");
                writers.removeAll(before);
                assertThat(writers).hasSize(1);
                Thread writer = writers.iterator().next();
                relay.stall();
                String line = "x".repeat(4_000);
                for (int i = 0; i < 4_000; i++) { // 16 MB: many times what loopback buffers hold
                    assertThat(connection.send(line)).isTrue();
                }
                Await.until(() -> "the writer blocked in a write", () -> isBlockedWriting(writer));

                long start = System.nanoTime();
                connection.hangUp();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

                writer.join(TlsConnector.CLOSE_NOTIFY_WAIT.plusSeconds(5).toMillis());
                assertThat(writer.isAlive()).as("the writer, unblocked").isFalse();
                Await.until(() -> "no closing thread left", () -> threads("chatroom-tls-close").isEmpty());
            }
        }

        /** Waiting in the socket's write for room in a full send buffer (the JDK parks in poll). */
        private boolean isBlockedWriting(Thread thread) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals("sun.nio.ch.NioSocketImpl") && frame.getMethodName().equals("park")) {
                    return true;
                }
            }
            return false;
        }

        private Set<Thread> threads(String name) {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name) && t.isAlive()).collect(Collectors.toSet());
        }

        /** The lengths of the whole TLS records in {@code bytes} from {@code from}; fails on a partial one. */
        private List<Integer> records(byte[] bytes, int from) {
            List<Integer> lengths = new ArrayList<>();
            int at = from;
            while (at < bytes.length) {
                assertThat(bytes.length - at).as("a record header").isGreaterThanOrEqualTo(5);
                int length = ((bytes[at + 3] & 0xff) << 8) | (bytes[at + 4] & 0xff);
                at += 5 + length;
                assertThat(at).as("a whole record").isLessThanOrEqualTo(bytes.length);
                lengths.add(length);
            }
            return lengths;
        }
    }
}
