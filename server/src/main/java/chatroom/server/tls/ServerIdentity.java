package chatroom.server.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
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
     * The SHA-256 of the server's certificate in the form {@code openssl x509 -noout -fingerprint
     * -sha256} prints after its {@code =} (upper-case hex pairs joined by colons), so the line
     * the server logs can be compared by eye with what a client shows, or pinned by it.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every JDK has SHA-256, and a certificate that was decoded or built can be encoded.
            throw new IllegalStateException(e);
        }
    }

    /** Without the key: the default record form would print whatever the key's own toString shows. */
    @Override
    public String toString() {
        return "ServerIdentity[subject=" + certificate().getSubjectX500Principal().getName()
                + ", chain=" + chain.size() + ", sha256=" + fingerprint() + "]";
    }
}
