package chatroom.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class PemKeysTest {

    private static ServerIdentity identity;
    private static ServerIdentity other;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeTwo() throws TlsSetupException {
        identity = SelfSignedCertificate.generate();
        other = SelfSignedCertificate.generate();
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path certFile() throws Exception {
        return file("cert.pem", PemFiles.certificates(identity.chain()));
    }

    private Path keyFile() throws Exception {
        return file("key.pem", PemFiles.block("PRIVATE KEY", identity.privateKey().getEncoded()));
    }

    @Nested
    class Loads {

        @Test
        void aChainWithIntermediatesAfterTheServersOwnCertificate() throws Exception {
            Path chain = file("fullchain.pem", PemFiles.certificates(List.of(identity.certificate(), other.certificate())));

            ServerIdentity loaded = PemKeys.load(chain, keyFile());

            assertThat(loaded.chain()).containsExactly(identity.certificate(), other.certificate());
            assertThat(loaded.privateKey()).isEqualTo(identity.privateKey());
        }

        @Test
        void filesWithTextAroundTheBlocksAndCrLfLineEnds() throws Exception {
            String dump = "Certificate:\r\n    Data:\r\n        Version: 3 (0x2)\r\n";
            Path cert = file("cert.pem", dump + PemFiles.certificates(identity.chain()).replace("\n", "\r\n"));
            Path key = file("key.pem", "comment\r\n" + PemFiles.block("PRIVATE KEY",
                    identity.privateKey().getEncoded()).replace("\n", "\r\n"));

            assertThat(PemKeys.load(cert, key).fingerprint()).isEqualTo(identity.fingerprint());
        }

        @ParameterizedTest
        @ValueSource(strings = {"rsa:2048", "ec"})
        void whatOpensslReqWritesAndServesItOverTls(String keyType) throws Exception {
            assumeThat(Openssl.installed()).as("openssl installed").isTrue();
            Openssl.runOk(dir, "openssl", "req", "-x509", "-newkey", keyType,
                    "-pkeyopt", keyType.equals("ec") ? "ec_paramgen_curve:P-256" : "rsa_keygen_bits:2048",
                    "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "30", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");

            ServerIdentity loaded = PemKeys.load(dir.resolve("cert.pem"), dir.resolve("key.pem"));
            Handshake.Outcome outcome = Handshake.run(TlsContext.of(loaded), loaded.certificate(), "localhost",
                    InetAddress.getByName("127.0.0.1"), "TLSv1.3");

            assertThat(outcome.echoed()).isEqualTo("echo: hello over tls");
        }
    }

    @Nested
    class RefusesWithAMessageThatSaysWhatToDo {

        @Test
        void aMissingCertificateFile() throws Exception {
            Path missing = dir.resolve("nope.pem");
            assertThatThrownBy(() -> PemKeys.load(missing, keyFile()))
                    .isInstanceOf(TlsSetupException.class)
                    .hasMessage("certificate file " + missing + ": no such file");
        }

        @Test
        void aMissingKeyFile() throws Exception {
            Path missing = dir.resolve("nope.key");
            assertThatThrownBy(() -> PemKeys.load(certFile(), missing))
                    .hasMessage("key file " + missing + ": no such file");
        }

        @Test
        void aDirectory() throws Exception {
            assertThatThrownBy(() -> PemKeys.load(dir, keyFile()))
                    .hasMessageStartingWith("certificate file " + dir + ": cannot be read: ");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "hello\n", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"})
        void aFileWithoutACertificate(String text) throws Exception {
            Path cert = file("cert.pem", text);
            assertThatThrownBy(() -> PemKeys.load(cert, keyFile()))
                    .hasMessageStartingWith(cert + ": no certificate; expected a PEM file with a -----BEGIN CERTIFICATE-----");
        }

        @Test
        void aBinaryDerCertificateWithTheLineThatConvertsIt() throws Exception {
            Path der = Files.write(dir.resolve("cert.der"), identity.certificate().getEncoded());
            assertThatThrownBy(() -> PemKeys.load(der, keyFile()))
                    .hasMessageContaining("openssl x509 -inform der -in " + der + " -out cert.pem");
        }

        @Test
        void aDamagedCertificate() throws Exception {
            byte[] der = identity.certificate().getEncoded();
            Path cert = file("cert.pem", PemFiles.block("CERTIFICATE", Arrays.copyOf(der, der.length / 2)));
            assertThatThrownBy(() -> PemKeys.load(cert, keyFile()))
                    .hasMessageStartingWith(cert + ": certificate 1 of 1 is damaged: ");
        }

        @Test
        void swappedFiles() throws Exception {
            Path cert = certFile();
            Path key = keyFile();
            assertThatThrownBy(() -> PemKeys.load(key, cert))
                    .hasMessage(key + ": holds a private key but no certificate; are the certificate and key files swapped?");
        }

        @Test
        void aKeyFileWithoutAKey() throws Exception {
            Path key = file("key.pem", "");
            assertThatThrownBy(() -> PemKeys.load(certFile(), key))
                    .hasMessage(key + ": no private key; expected a PEM file with a -----BEGIN PRIVATE KEY----- block (PKCS#8)");
        }

        // The loader decides by the label, so the body here is any base64; the conversion line
        // itself is run on a real PKCS#1 key in the next test.
        @ParameterizedTest
        @ValueSource(strings = {"RSA PRIVATE KEY", "EC PRIVATE KEY"})
        void aPkcs1OrSec1KeyWithTheLineThatConvertsIt(String label) throws Exception {
            Path key = file("key.pem", PemFiles.block(label, new byte[] {1, 2, 3}));
            assertThatThrownBy(() -> PemKeys.load(certFile(), key))
                    .hasMessageContaining("BEGIN " + label)
                    .hasMessageEndingWith("Convert it with: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key.pk8.pem");
        }

        @Test
        void thePkcs1ConversionLineInTheMessageWorks() throws Exception {
            assumeThat(Openssl.installed()).as("openssl installed").isTrue();
            Openssl.runOk(dir, "openssl", "genrsa", "-traditional", "-out", "rsa.pem", "2048");
            Openssl.runOk(dir, "openssl", "req", "-x509", "-new", "-key", "rsa.pem", "-out", "cert.pem",
                    "-days", "30", "-subj", "/CN=localhost");
            Path cert = dir.resolve("cert.pem");
            String message = "";
            try {
                PemKeys.load(cert, dir.resolve("rsa.pem"));
            } catch (TlsSetupException e) {
                message = e.getMessage();
            }
            assertThat(message).contains("PKCS#1");

            Openssl.runOk(dir, message.substring(message.indexOf("openssl pkcs8")).split(" "));

            assertThat(PemKeys.load(cert, dir.resolve("key.pk8.pem")).certificate().getSubjectX500Principal().getName())
                    .isEqualTo("CN=localhost");
        }

        @Test
        void anEncryptedKey() throws Exception {
            Path key = file("key.pem", PemFiles.block("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
            assertThatThrownBy(() -> PemKeys.load(certFile(), key))
                    .hasMessageContaining("cannot ask for a passphrase")
                    .hasMessageEndingWith("openssl pkcs8 -in " + key + " -out key.pk8.pem");
        }

        @Test
        void twoKeysInOneFile() throws Exception {
            Path key = file("key.pem", PemFiles.block("PRIVATE KEY", identity.privateKey().getEncoded())
                    + PemFiles.block("PRIVATE KEY", other.privateKey().getEncoded()));
            assertThatThrownBy(() -> PemKeys.load(certFile(), key))
                    .hasMessage(key + ": holds 2 private keys; give the server only its own");
        }

        @Test
        void theKeyOfAnotherCertificate() throws Exception {
            Path cert = certFile();
            Path key = file("other.key", PemFiles.block("PRIVATE KEY", other.privateKey().getEncoded()));
            assertThatThrownBy(() -> PemKeys.load(cert, key))
                    .hasMessageStartingWith(key + ": is not the key of the certificate in " + cert + " (CN=localhost).")
                    .hasMessageContaining("openssl pkey -pubout -in " + key);
        }

        @Test
        void anRsaKeyForAnEcCertificate() throws Exception {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            Path cert = certFile();
            Path key = file("rsa.key", PemFiles.block("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
            assertThatThrownBy(() -> PemKeys.load(cert, key))
                    .hasMessage(key + ": is an RSA key, but the certificate in " + cert
                            + " is for an EC key: they do not belong together");
        }

        @Test
        void aChainWithTheServersOwnCertificateNotFirst() throws Exception {
            Path chain = file("chain.pem", PemFiles.certificates(List.of(other.certificate(), identity.certificate())));
            Path key = keyFile();
            assertThatThrownBy(() -> PemKeys.load(chain, key))
                    .hasMessageStartingWith(key + ": is the key of certificate 2 in " + chain
                            + "; the server's own certificate must come first");
        }

        @Test
        void aKeyThatIsNotBase64() throws Exception {
            Path key = file("key.pem", "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n");
            assertThatThrownBy(() -> PemKeys.load(certFile(), key))
                    .hasMessageStartingWith(key + ": the key is damaged (not base64");
        }
    }

    /** Loaded with a warning, not refused: see {@link PemKeys} for why. */
    @Nested
    class CertificatesOutOfDate {

        private final Logger logger = (Logger) LoggerFactory.getLogger(PemKeys.class);
        private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

        @BeforeEach
        void listen() {
            lines.start();
            logger.addAppender(lines);
        }

        @AfterEach
        void stopListening() {
            logger.detachAppender(lines);
        }

        private List<String> warnings() {
            return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }

        @Test
        void anExpiredCertificateLoadsAndIsLoggedAsExpired() throws Exception {
            ServerIdentity expired = SelfSignedCertificate.generate(Instant.now().minus(Duration.ofDays(31)));
            Path[] files = PemFiles.write(expired, dir);

            assertThat(PemKeys.load(files[0], files[1]).fingerprint()).isEqualTo(expired.fingerprint());
            assertThat(warnings()).containsExactly("event=tls_certificate_expired file=" + files[0]
                    + " position=1 subject=\"CN=localhost\" not_after=" + expired.certificate().getNotAfter().toInstant());
        }

        @Test
        void aCertificateNotYetValidLoadsAndIsLogged() throws Exception {
            ServerIdentity future = SelfSignedCertificate.generate(Instant.now().plus(Duration.ofDays(2)));
            Path[] files = PemFiles.write(future, dir);

            PemKeys.load(files[0], files[1]);

            assertThat(warnings()).singleElement().asString().startsWith("event=tls_certificate_not_yet_valid file=");
        }

        @Test
        void aCurrentCertificateIsNotLogged() throws Exception {
            Path[] files = PemFiles.write(identity, dir);
            PemKeys.load(files[0], files[1]);
            assertThat(warnings()).isEmpty();
        }
    }
}
