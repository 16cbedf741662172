package chatroom.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.api.Assumptions.assumeThatCode;

import chatroom.protocol.tls.Fingerprint;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @Test
    void isGoodFromAnHourAgoForThirtyDays() throws TlsSetupException {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        ServerIdentity identity = SelfSignedCertificate.generate(now);

        assertThat(identity.certificate().getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(identity.certificate().getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(30)));
    }

    @Test
    void everyStartMakesANewKeyAndSerial() throws TlsSetupException {
        ServerIdentity one = SelfSignedCertificate.generate();
        ServerIdentity two = SelfSignedCertificate.generate();

        assertThat(two.fingerprint()).isNotEqualTo(one.fingerprint());
        assertThat(two.certificate().getSerialNumber()).isNotEqualTo(one.certificate().getSerialNumber());
        assertThat(one.certificate().getSerialNumber()).isGreaterThan(BigInteger.ZERO);
    }

    @Test
    void clientsReachItOverIpv6LoopbackToo() throws Exception {
        InetAddress ipv6 = InetAddress.getByName("::1");
        assumeThatCode(() -> {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(ipv6, 0));
            }
        }).as("IPv6 loopback available").doesNotThrowAnyException();
        ServerIdentity identity = SelfSignedCertificate.generate();

        Handshake.Outcome outcome = Handshake.run(TlsContext.of(identity), identity.certificate(), "::1", ipv6, "TLSv1.3");

        assertThat(outcome.echoed()).isEqualTo("echo: hello over tls");
    }

    @Test
    void theFingerprintIsWhatOpensslPrints(@TempDir Path dir) throws Exception {
        assumeThat(Openssl.installed()).as("openssl installed").isTrue();
        ServerIdentity identity = SelfSignedCertificate.generate();
        Path cert = PemFiles.write(identity, dir)[0];

        String printed = Openssl.runOk(dir, "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString());

        // "sha256 Fingerprint=AB:CD:..." (OpenSSL 1.1 writes "SHA256 Fingerprint=")
        assertThat(printed.strip().substring(printed.indexOf('=') + 1)).isEqualTo(identity.fingerprint().toString());
        assertThat(Fingerprint.parse(printed)).isEqualTo(identity.fingerprint());
    }

    @Test
    void opensslAcceptsItAsAServerCertificateForLocalhost(@TempDir Path dir) throws Exception {
        assumeThat(Openssl.installed()).as("openssl installed").isTrue();
        Path cert = PemFiles.write(SelfSignedCertificate.generate(), dir)[0];

        // What `openssl s_client -CAfile cert.pem -verify_hostname localhost` will check.
        String verified = Openssl.runOk(dir, "openssl", "verify", "-CAfile", cert.toString(), "-purpose", "sslserver",
                "-verify_hostname", "localhost", "-verify_ip", "127.0.0.1", cert.toString());

        assertThat(verified.strip()).isEqualTo(cert + ": OK");
    }

    @Test
    void itsPrintedFormShowsNothingOfTheKey() throws TlsSetupException {
        ServerIdentity identity = SelfSignedCertificate.generate();
        String secret = ((ECPrivateKey) identity.privateKey()).getS().toString(16);

        assertThat(identity.toString()).doesNotContain(secret).contains(identity.fingerprint().toString(), "CN=localhost");
    }
}
