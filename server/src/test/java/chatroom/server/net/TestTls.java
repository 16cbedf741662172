package chatroom.server.net;

import chatroom.server.tls.ServerIdentity;
import chatroom.server.tls.TlsContext;
import chatroom.server.tls.TlsSetupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server {@link TlsContext} (the one the server's TLS listener uses) and a client
 * {@link SSLContext} that trusts exactly its certificate, for tests, from a throwaway EC P-256 certificate
 * that the JDK's own {@code keytool} makes into a directory of the test's (a second or so, once
 * per test class): no key material is kept in the repository, and nothing here depends on how
 * the server will make its certificates.
 */
final class TestTls {

    private static final char[] PASSWORD = "changeit".toCharArray();

    final TlsContext server;
    final SSLContext client;

    private TestTls(TlsContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /**
     * One certificate for every test of this JVM that only needs some certificate, made on first
     * use in a temporary directory removed at exit.
     */
    static TestTls shared() {
        return Shared.TLS;
    }

    /** Made when first asked for (the holder idiom: the JVM makes it once, thread-safely). */
    private static final class Shared {
        static final TestTls TLS = make();

        private static TestTls make() {
            try {
                Path dir = Files.createTempDirectory("chatroom-test-tls");
                TestTls tls = in(dir);
                try (var files = Files.list(dir)) {
                    files.forEach(file -> file.toFile().deleteOnExit());
                }
                dir.toFile().deleteOnExit();
                return tls;
            } catch (IOException | GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException("cannot make the tests' certificate: " + e, e);
            }
        }
    }

    static TestTls in(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        ServerIdentity identity = new ServerIdentity((PrivateKey) keys.getKey("server", PASSWORD),
                Arrays.stream(keys.getCertificateChain("server")).map(c -> (X509Certificate) c).toList());
        TlsContext server;
        try {
            server = TlsContext.of(identity);
        } catch (TlsSetupException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestTls(server, client);
    }
}
