package chatroom.server.tls;

import chatroom.protocol.tls.Fingerprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What the server proves itself with: its private key and the certificate chain for the public
 * half, the server's own certificate first, then any intermediates (as in Let's Encrypt's
 * {@code fullchain.pem}). Made by {@link PemKeys} or {@link SelfSignedCertificate}, turned into
 * an {@code SSLContext} by {@link TlsContext}.
 */
public record ServerIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    public ServerIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a chain holds at least the server's own certificate");
        }
    }

    /** The server's own certificate, the one clients check the host name against. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * The server certificate's SHA-256, logged at start so a client can pin a self-signed server
     * or a person compare it by eye.
     */
    public Fingerprint fingerprint() {
        return Fingerprint.of(certificate());
    }

    /** Without the key: the default record form would print whatever the key's own toString shows. */
    @Override
    public String toString() {
        return "ServerIdentity[subject=" + certificate().getSubjectX500Principal().getName()
                + ", chain=" + chain.size() + ", sha256=" + fingerprint() + "]";
    }
}
