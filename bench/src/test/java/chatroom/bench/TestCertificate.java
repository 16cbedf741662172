package chatroom.bench;

import chatroom.server.tls.SelfSignedCertificate;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate for localhost and 127.0.0.1, made by the server's own
 * {@link SelfSignedCertificate} (the server is a test dependency of this module), and the PEM
 * file of it that the generator is told to trust, as {@code bench/run.sh --tls} writes one.
 */
final class TestCertificate {

    final ServerIdentity identity;
    final Path pem;

    private TestCertificate(ServerIdentity identity, Path pem) {
        this.identity = identity;
        this.pem = pem;
    }

    static TestCertificate in(Path dir, String name) throws Exception {
        ServerIdentity identity = SelfSignedCertificate.generate();
        Path pem = dir.resolve(name + ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(identity.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        return new TestCertificate(identity, pem);
    }

    /** What the generator trusts: this certificate only. */
    TlsTrust trust() throws IOException {
        return TlsTrust.of(pem);
    }

    /** The chatroom server's TLS set-up, for a TLS listener. */
    TlsContext serverTls() throws Exception {
        return TlsContext.of(identity);
    }

    /** A plain JDK server context with this certificate, for a scripted server's SSLServerSocket. */
    SSLContext serverContext() throws Exception {
        return serverTls().sslContext();
    }
}
