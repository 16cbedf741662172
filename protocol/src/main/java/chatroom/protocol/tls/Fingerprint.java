package chatroom.protocol.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 of a certificate's DER encoding: what the server logs when its TLS listener starts
 * and what a client pins a self-signed server by. It is written as {@code openssl x509 -noout
 * -fingerprint -sha256} prints it after the {@code =} (upper-case hex pairs joined by colons),
 * so a person can compare the two by eye; {@link #parse} also takes the bare hex that
 * {@code sha256sum} and many tools print, in either case.
 */
public final class Fingerprint {

    private static final int SHA256_BYTES = 32;
    private static final HexFormat PRINTED = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] sha256;

    private Fingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** The fingerprint of {@code certificate}. */
    public static Fingerprint of(X509Certificate certificate) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            // Every JDK has SHA-256, and a certificate that was decoded or built can be encoded.
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fingerprint as a person typed or pasted it: 32 bytes as hex, with or without colons
     * between the pairs, any case, an optional {@code SHA256:}-style prefix before an {@code =}
     * as openssl prints it ({@code sha256 Fingerprint=AB:CD:...}).
     *
     * @throws IllegalArgumentException saying what is wrong, for anything else
     */
    public static Fingerprint parse(String text) {
        String hex = text.strip();
        int equals = hex.lastIndexOf('=');
        if (equals >= 0) {
            hex = hex.substring(equals + 1).strip();
        }
        boolean colons = hex.indexOf(':') >= 0;
        if (colons) {
            if (!hex.matches("(?i)([0-9a-f]{2}:)*[0-9a-f]{2}")) {
                throw new IllegalArgumentException(
                        "not a SHA-256 fingerprint: expected hex pairs joined by colons, as 'AB:CD:...'");
            }
            hex = hex.replace(":", "");
        } else if (!hex.matches("(?i)[0-9a-f]*")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: expected hex digits");
        }
        if (hex.length() != SHA256_BYTES * 2) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: it has " + hex.length() / 2
                    + " bytes, a SHA-256 has " + SHA256_BYTES
                    + (hex.length() == 40 ? " (this looks like a SHA-1: ask for -sha256)" : ""));
        }
        return new Fingerprint(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** True if {@code certificate} is the one this fingerprint was taken of. */
    public boolean matches(X509Certificate certificate) {
        // Not secret, so no need for a constant-time compare.
        return equals(of(certificate));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint that && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    /** {@code AB:CD:...}, as openssl prints it. */
    @Override
    public String toString() {
        return PRINTED.formatHex(sha256);
    }
}
