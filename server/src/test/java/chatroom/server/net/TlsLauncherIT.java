package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.tls.Fingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped server, as an operator starts it: {@code bin/chatroom-server --tls-self-signed}
 * (the launcher's JVM flags, the shaded jar whose BouncyCastle is cut down to what it uses).
 * A TLS client that trusts only the fingerprint the server logged chats with a plain client.
 */
@Timeout(120)
class TlsLauncherIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "chatroom-server");
    private static final Path JAR = Path.of("target", "chatroom-server.jar");
    private static final Pattern LISTENING = Pattern.compile(".*event=listening addr=/127\\.0\\.0\\.1:(\\d+) .*tls=(\\w+).*");
    private static final Pattern FINGERPRINT = Pattern.compile(".*event=tls_listening port=(\\d+) fingerprint=(\\S+).*");

    @Test
    void aSelfSignedServerIsReachedByTheFingerprintItLogged() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the server jar is built (mvn verify packages first)").isTrue();
        try (ChildProcess server = ChildProcess.server(List.of("sh", LAUNCHER.toString()),
                "--bind", "127.0.0.1", "--port", "0", "--tls-port", "0", "--tls-self-signed")) {
            int plainPort = listening(server, "false");
            int tlsPort = listening(server, "true");
            SSLSocket socket = (SSLSocket) pinned(loggedFingerprint(server, tlsPort)).getSocketFactory()
                    .createSocket("127.0.0.1", tlsPort);
            try (TestClient secret = TestClient.login(TestClient.over(socket), "secret");
                 TestClient plain = TestClient.login(plainPort, "plain")) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                plain.send("hello over the wire");
                assertThat(secret.awaitLine(line -> line.contains("<plain>"))).endsWith("<plain> hello over the wire");
                secret.send("hello back, encrypted");
                assertThat(plain.awaitLine(line -> line.contains("<secret>"))).endsWith("<secret> hello back, encrypted");
            }
        }
    }

    /** The port of the next listening line whose {@code tls=} is {@code tls}. */
    static int listening(ChildProcess server, String tls) throws InterruptedException {
        Matcher m = LISTENING.matcher(server.await(line -> line.contains("event=listening") && line.contains("tls=" + tls)));
        assertThat(m.matches()).as("a listening line with a port").isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The fingerprint the server logs for its certificate on {@code tlsPort}, after that port's listening line. */
    static Fingerprint loggedFingerprint(ChildProcess server, int tlsPort) throws InterruptedException {
        Matcher logged = FINGERPRINT.matcher(server.await(line -> line.contains("event=tls_listening")));
        assertThat(logged.matches()).isTrue();
        assertThat(Integer.parseInt(logged.group(1))).isEqualTo(tlsPort);
        return Fingerprint.parse(logged.group(2));
    }

    /** A client context that trusts the one certificate with {@code fingerprint}, as a pinning client does. */
    static SSLContext pinned(Fingerprint fingerprint) throws Exception {
        TrustManager pin = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a client's trust manager");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (!fingerprint.matches(chain[0])) {
                    throw new CertificateException("not the certificate the server logged");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {pin}, null);
        return context;
    }
}
