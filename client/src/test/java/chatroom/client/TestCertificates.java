package chatroom.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.server.tls.PemKeys;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsSetupException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificate files for the client's TLS tests, as a user would have them. */
final class TestCertificates {

    private TestCertificates() {}

    /** {@code certificate} as a PEM file named {@code name} in {@code dir}, as {@code openssl x509} writes it. */
    static Path pemFile(Path dir, String name, X509Certificate certificate) throws IOException {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    /**
     * A self-signed certificate for localhost and 127.0.0.1 whose subject is {@code CN=} and
     * {@code commonName}, whatever it holds (a hostile server's: escapes, ten thousand characters).
     */
    static ServerIdentity withCommonName(String commonName) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(commonName))});
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        return new ServerIdentity(pair.getPrivate(), List.of(certificate));
    }

    /**
     * A self-signed certificate for localhost and 127.0.0.1 that expired yesterday, made by the
     * JDK's {@code keytool} (openssl 3.0 cannot back-date one).
     */
    static ServerIdentity expired(Path dir) throws Exception {
        Path store = dir.resolve("expired.p12");
        String password = "changeit";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-startdate", "-3d", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        return new ServerIdentity((PrivateKey) keys.getKey("server", password.toCharArray()),
                List.of((X509Certificate) keys.getCertificate("server")));
    }

    /**
     * A self-signed EC certificate for {@code dnsName} only, made by {@code openssl req} as an
     * operator would make one ({@code cert.pem}, {@code key.pem} in {@code dir}), loaded as the
     * server loads {@code --tls-cert} and {@code --tls-key}. Skips the test without openssl.
     */
    static ServerIdentity opensslFor(Path dir, String dnsName) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=" + dnsName,
                    "-addext", "subjectAltName=DNS:" + dnsName, "-keyout", "key.pem", "-out", "cert.pem"))
                    .directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed");
            throw e;
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl req failed: " + output);
        }
        try {
            return PemKeys.load(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        } catch (TlsSetupException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
