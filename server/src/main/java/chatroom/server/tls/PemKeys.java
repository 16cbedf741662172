package chatroom.server.tls;

import chatroom.protocol.tls.Pem;
import chatroom.server.log.LogValues;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate chain and its private key from PEM files, as {@code openssl req -nodes} and
 * Let's Encrypt ({@code fullchain.pem}, {@code privkey.pem}) write them, with the JDK alone:
 * the chain as one or more {@code CERTIFICATE} blocks, the server's own first; the key as an
 * unencrypted PKCS#8 {@code PRIVATE KEY}, RSA or EC.
 *
 * <p>Every mistake seen in practice gets a message that names the file and what to do: files
 * missing or swapped, a PKCS#1/SEC 1 or encrypted key (with the {@code openssl} line that
 * converts it), a key from another request, a chain in the wrong order. The key is checked
 * against the certificate here, at start, by signing with one and verifying with the other:
 * otherwise the server would start and every handshake fail, and the JDK only compares the
 * algorithms' names.
 *
 * <p>An expired (or not yet valid) certificate is loaded with a warning, not refused. Refusing
 * only bites on a restart, since a running server outlives its certificate anyway, and a restart
 * is the worst moment to lose the plain listener too because the renewal job failed. Clients
 * still check the dates themselves, so nothing is trusted that was not; one that pins the
 * fingerprint keeps working, and the warning tells the operator why the others complain.
 */
public final class PemKeys {

    private static final Logger log = LoggerFactory.getLogger(PemKeys.class);

    /** Key algorithms the server takes, and how to prove a key pair belongs together. */
    private static final Map<String, String> SIGNATURES = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA");

    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in %s -out key.pk8.pem";

    private PemKeys() {}

    /**
     * @throws TlsSetupException with a message for the operator, for any file that is missing,
     *     unreadable or not what it should be, or a key that does not belong to the certificate
     */
    public static ServerIdentity load(Path certFile, Path keyFile) throws TlsSetupException {
        List<X509Certificate> chain = certificates(certFile);
        String algorithm = chain.get(0).getPublicKey().getAlgorithm();
        if (!SIGNATURES.containsKey(algorithm)) {
            throw new TlsSetupException(certFile + ": the certificate's key is " + algorithm
                    + "; the server takes RSA and EC keys");
        }
        PrivateKey key = privateKey(keyFile, algorithm, certFile);
        checkBelongs(key, chain, certFile, keyFile);
        warnIfOutOfDate(chain, certFile);
        return new ServerIdentity(key, chain);
    }

    private static List<X509Certificate> certificates(Path file) throws TlsSetupException {
        List<Pem.Block> blocks = Pem.blocks(read(file, "certificate file"));
        List<Pem.Block> certs = blocks.stream().filter(b -> b.label().equals("CERTIFICATE")).toList();
        if (certs.isEmpty()) {
            if (blocks.stream().anyMatch(b -> b.label().endsWith("PRIVATE KEY"))) {
                throw new TlsSetupException(file + ": holds a private key but no certificate;"
                        + " are the certificate and key files swapped?");
            }
            throw new TlsSetupException(file + ": no certificate; expected a PEM file with a"
                    + " -----BEGIN CERTIFICATE----- block (a binary DER certificate converts with:"
                    + " openssl x509 -inform der -in " + file + " -out cert.pem)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem.Block block : certs) {
                try {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new TlsSetupException(file + ": certificate " + (chain.size() + 1) + " of " + certs.size()
                            + " is damaged: " + e.getMessage(), e);
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK reads X.509", e);
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, String algorithm, Path certFile) throws TlsSetupException {
        List<Pem.Block> blocks = Pem.blocks(read(file, "key file"));
        List<Pem.Block> keys = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            if (blocks.stream().anyMatch(b -> b.label().equals("CERTIFICATE"))) {
                throw new TlsSetupException(file + ": holds a certificate but no private key;"
                        + " are the certificate and key files swapped?");
            }
            throw new TlsSetupException(file + ": no private key; expected a PEM file with a"
                    + " -----BEGIN PRIVATE KEY----- block (PKCS#8)");
        }
        if (keys.size() > 1) {
            throw new TlsSetupException(file + ": holds " + keys.size() + " private keys; give the server only its own");
        }
        Pem.Block block = keys.get(0);
        switch (block.label()) {
            case "PRIVATE KEY" -> { }
            // Older openssl (genrsa, ecparam -genkey) writes these; the JDK has no reader for them.
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new TlsSetupException(file + ": is a "
                    + (block.label().startsWith("RSA") ? "PKCS#1" : "SEC 1") + " key (BEGIN " + block.label()
                    + "); the server reads PKCS#8 (BEGIN PRIVATE KEY) only. Convert it with: "
                    + CONVERT.formatted(file));
            case "ENCRYPTED PRIVATE KEY" -> throw new TlsSetupException(file + ": is encrypted, and the server"
                    + " cannot ask for a passphrase. Decrypt it into a file only the server's user can read with: "
                    + "openssl pkcs8 -in " + file + " -out key.pk8.pem");
            default -> throw new TlsSetupException(file + ": is a " + block.label()
                    + ", not a PKCS#8 key (BEGIN PRIVATE KEY); openssl may convert it with: " + CONVERT.formatted(file));
        }
        byte[] der;
        try {
            der = block.der();
        } catch (IllegalArgumentException e) {
            throw new TlsSetupException(file + ": the key is damaged (not base64: " + e.getMessage() + ")", e);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            for (String other : SIGNATURES.keySet()) {
                if (!other.equals(algorithm) && readsAs(other, der)) {
                    throw new TlsSetupException(file + ": is an " + other + " key, but the certificate in " + certFile
                            + " is for an " + algorithm + " key: they do not belong together", e);
                }
            }
            throw new TlsSetupException(file + ": the key cannot be read as PKCS#8 " + algorithm + ": "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has RSA and EC", e);
        }
    }

    private static boolean readsAs(String algorithm, byte[] der) {
        try {
            KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The key must be the first certificate's; a key that fits a later one means the order is wrong. */
    private static void checkBelongs(PrivateKey key, List<X509Certificate> chain, Path certFile, Path keyFile)
            throws TlsSetupException {
        if (pairs(key, chain.get(0).getPublicKey())) {
            return;
        }
        for (int i = 1; i < chain.size(); i++) {
            if (pairs(key, chain.get(i).getPublicKey())) {
                throw new TlsSetupException(keyFile + ": is the key of certificate " + (i + 1) + " in " + certFile
                        + "; the server's own certificate must come first, then its issuers (as in fullchain.pem)");
            }
        }
        throw new TlsSetupException(keyFile + ": is not the key of the certificate in " + certFile + " ("
                + chain.get(0).getSubjectX500Principal().getName() + "). Were they made together? These print the same"
                + " public key when they are: openssl x509 -noout -pubkey -in " + certFile
                + "; openssl pkey -pubout -in " + keyFile);
    }

    private static boolean pairs(PrivateKey key, PublicKey publicKey) {
        String signature = SIGNATURES.get(key.getAlgorithm());
        if (signature == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(signature);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false; // for instance an EC key on another curve than the certificate's
        }
    }

    private static void warnIfOutOfDate(List<X509Certificate> chain, Path certFile) {
        Date now = new Date();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            String subject = LogValues.quoted(cert.getSubjectX500Principal().getName());
            try {
                cert.checkValidity(now);
            } catch (CertificateExpiredException e) {
                log.warn("event=tls_certificate_expired file={} position={} subject={} not_after={}",
                        certFile, i + 1, subject, cert.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                log.warn("event=tls_certificate_not_yet_valid file={} position={} subject={} not_before={}",
                        certFile, i + 1, subject, cert.getNotBefore().toInstant());
            }
        }
    }

    /** ISO-8859-1 never fails to decode: a binary file gets "no certificate", not a charset error. */
    private static String read(Path file, String what) throws TlsSetupException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new TlsSetupException(what + " " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
