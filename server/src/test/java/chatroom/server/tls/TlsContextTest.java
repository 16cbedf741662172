package chatroom.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Real handshakes over loopback with the server's SSLContext and engine parameters. */
class TlsContextTest {

    private static ServerIdentity identity;
    private static TlsContext tls;

    @BeforeAll
    static void makeOne() throws TlsSetupException {
        identity = SelfSignedCertificate.generate();
        tls = TlsContext.of(identity);
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, localhost", "TLSv1.2, localhost", "TLSv1.3, 127.0.0.1", "TLSv1.2, 127.0.0.1"})
    void aClientThatTrustsTheSelfSignedCertificateConnectsByEachNameInIt(String protocol, String host)
            throws Exception {
        Handshake.Outcome outcome = Handshake.run(tls, identity.certificate(), host,
                InetAddress.getByName("127.0.0.1"), protocol);

        assertThat(outcome.clientProtocol()).isEqualTo(protocol);
        assertThat(outcome.serverProtocol()).isEqualTo(protocol);
        assertThat(outcome.echoed()).isEqualTo("echo: hello over tls");
        assertThat(outcome.serverCertificate()).isEqualTo(identity.certificate());
    }

    @Test
    void aNameTheCertificateDoesNotCoverIsRefusedByTheClient() {
        assertThatThrownBy(() -> Handshake.run(tls, identity.certificate(), "chat.example.org",
                InetAddress.getByName("127.0.0.1"), "TLSv1.3"))
                .hasMessageContaining("No subject alternative DNS name matching chat.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theSameIdentityWrittenAsPemAndLoadedBackServesTheSameCertificate(String protocol, @TempDir Path dir)
            throws Exception {
        Path[] files = PemFiles.write(identity, dir);
        ServerIdentity loaded = PemKeys.load(files[0], files[1]);

        Handshake.Outcome outcome = Handshake.run(TlsContext.of(loaded), identity.certificate(), "localhost",
                InetAddress.getByName("127.0.0.1"), protocol);

        assertThat(outcome.serverProtocol()).isEqualTo(protocol);
        assertThat(outcome.serverCertificate()).isEqualTo(identity.certificate());
        assertThat(loaded.fingerprint()).isEqualTo(identity.fingerprint());
    }

    @Test
    void everyEngineIsAServerOfferingTls13And12Only() {
        SSLEngine engine = tls.newServerEngine();

        assertThat(engine.getUseClientMode()).isFalse();
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
        assertThat(engine.getNeedClientAuth()).isFalse();
        assertThat(tls.newServerEngine()).isNotSameAs(engine);
    }
}
