package chatroom.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chatroom.server.tls.PemKeys;
import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsSetupException;
import java.io.IOException;
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
