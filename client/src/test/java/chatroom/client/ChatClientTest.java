package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.tls.SelfSignedCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's transport options: what they imply, and what is refused at start, before any connection. */
class ChatClientTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private static ChatClient parsed(String... args) {
        ChatClient client = new ChatClient();
        new CommandLine(client).parseArgs(args);
        return client;
    }

    /** Runs as main does, up to where it would connect; returns the exit status. */
    private int run(String... args) {
        CommandLine line = new CommandLine(new ChatClient());
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void withoutTlsItIsPlainTextOnThePlainPort() {
        ChatClient client = parsed();
        assertThat(client.tls()).isNull();
        assertThat(client.port()).isEqualTo(ChatClient.PLAIN_PORT);
    }

    @Test
    void eachTlsOptionMeansTlsAndTheTlsPortUnlessAPortIsGiven() throws Exception {
        String fingerprint = SelfSignedCertificate.generate().fingerprint().toString();
        Path cert = TestCertificates.pemFile(dir, "cert.pem", SelfSignedCertificate.generate().certificate());
        for (String[] args : new String[][] {{"--tls"}, {"--tls-fingerprint", fingerprint}, {"--tls-trust", cert.toString()}}) {
            ChatClient client = parsed(args);
            assertThat(client.tls()).as(String.join(" ", args)).isNotNull();
            assertThat(client.port()).isEqualTo(ChatClient.TLS_PORT);
        }
        assertThat(parsed("--tls", "--port", "6000").port()).isEqualTo(6000);
    }

    @Test
    void aFingerprintThatIsNotOneIsAUsageError() {
        assertThat(run("--tls-fingerprint", "AB:CD")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-fingerprint AB:CD: not a SHA-256 fingerprint: it has 2 bytes");
    }

    @Test
    void aMissingTrustFileIsAUsageError() {
        Path missing = dir.resolve("missing.pem");
        assertThat(run("--tls-trust", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-trust " + missing + ": no such file");
    }

    @Test
    void aTrustFileWithoutACertificateIsAUsageError() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThat(run("--tls-trust", key.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-trust " + key + " has no CERTIFICATE block");
    }

    @Test
    void bothWaysOfTrustingAtOnceIsAUsageError() throws Exception {
        Path cert = TestCertificates.pemFile(dir, "cert.pem", SelfSignedCertificate.generate().certificate());
        String fingerprint = SelfSignedCertificate.generate().fingerprint().toString();
        assertThat(run("--tls-trust", cert.toString(), "--tls-fingerprint", fingerprint)).isEqualTo(2);
        assertThat(err.toString()).startsWith("--tls-trust and --tls-fingerprint are two ways to trust the server: give one");
    }

    @Test
    void udpGoesToThePlainPortUnlessAPortIsGiven() {
        assertThat(parsed("--udp").transport()).isInstanceOf(Transport.OverUdp.class);
        assertThat(parsed("--udp").port()).isEqualTo(ChatClient.PLAIN_PORT);
        assertThat(parsed("--udp", "--port", "6000").port()).isEqualTo(6000);
        assertThat(parsed().transport()).isEqualTo(Transport.tcp(null));
    }

    @Test
    void udpWithAnyTlsOptionIsAUsageError() throws Exception {
        String fingerprint = SelfSignedCertificate.generate().fingerprint().toString();
        Path cert = TestCertificates.pemFile(dir, "cert.pem", SelfSignedCertificate.generate().certificate());
        for (String[] tls : new String[][] {{"--tls"}, {"--tls-fingerprint", fingerprint}, {"--tls-trust", cert.toString()}}) {
            err.getBuffer().setLength(0);
            String[] args = Stream.concat(Stream.of("--udp"), Arrays.stream(tls))
                    .toArray(String[]::new);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).startsWith("--udp is plain text: it cannot be combined with --tls");
        }
    }
}
