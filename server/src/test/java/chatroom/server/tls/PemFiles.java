package chatroom.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** Writes PEM files as {@code openssl} does (64 columns, LF), for the loader to read back. */
final class PemFiles {

    private PemFiles() {}

    static String block(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    static String certificates(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate cert : chain) {
            try {
                text.append(block("CERTIFICATE", cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    /** The identity's chain to {@code cert.pem} and its PKCS#8 key to {@code key.pem} in {@code dir}. */
    static Path[] write(ServerIdentity identity, Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), certificates(identity.chain()));
        Path key = Files.writeString(dir.resolve("key.pem"), block("PRIVATE KEY", identity.privateKey().getEncoded()));
        return new Path[] {cert, key};
    }
}
