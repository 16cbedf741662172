package chatroom.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

    private static X509Certificate certificate;
    private static X509Certificate another;

    /** Two real certificates, made by the JDK's own keytool so nothing here is hand-copied. */
    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        certificate = keytool(dir, "one");
        another = keytool(dir, "two");
    }

    private static X509Certificate keytool(Path dir, String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", store.toString(), "-storepass",
                        "secret", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(alias);
    }

    private static byte[] sha256(X509Certificate cert) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    }

    @Test
    void isPrintedAsOpensslPrintsIt() throws Exception {
        String printed = Fingerprint.of(certificate).toString();

        assertThat(printed).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(HexFormat.of().parseHex(printed.replace(":", ""))).isEqualTo(sha256(certificate));
    }

    @Test
    void readsBackWhatItPrints() {
        Fingerprint fingerprint = Fingerprint.of(certificate);

        assertThat(Fingerprint.parse(fingerprint.toString())).isEqualTo(fingerprint);
        assertThat(Fingerprint.parse(fingerprint.toString()).matches(certificate)).isTrue();
    }

    @Test
    void takesBareHexInEitherCaseAndOpensslsWholeLine() throws Exception {
        String hex = HexFormat.of().formatHex(sha256(certificate));
        Fingerprint fingerprint = Fingerprint.of(certificate);

        assertThat(Fingerprint.parse(hex)).isEqualTo(fingerprint);
        assertThat(Fingerprint.parse(hex.toUpperCase(Locale.ROOT))).isEqualTo(fingerprint);
        assertThat(Fingerprint.parse("  " + fingerprint.toString().toLowerCase(Locale.ROOT) + "\n"))
                .isEqualTo(fingerprint);
        assertThat(Fingerprint.parse("sha256 Fingerprint=" + fingerprint)).isEqualTo(fingerprint);
    }

    @Test
    void doesNotMatchAnotherCertificate() {
        assertThat(Fingerprint.of(certificate).matches(another)).isFalse();
        assertThat(Fingerprint.of(certificate)).isNotEqualTo(Fingerprint.of(another));
    }

    @Test
    void refusesWhatIsNotASha256WithAReason() throws Exception {
        String sha1 = HexFormat.ofDelimiter(":")
                .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        String hex = HexFormat.of().formatHex(sha256(certificate));

        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse(sha1)).withMessageContaining("SHA-1");
        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse(hex.substring(2)))
                .withMessageContaining("31 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse(hex + "00"))
                .withMessageContaining("33 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse("")).withMessageContaining("0 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse("zz" + hex.substring(2)))
                .withMessageContaining("hex");
        assertThatIllegalArgumentException().isThrownBy(() -> Fingerprint.parse("AB::CD"))
                .withMessageContaining("colons");
    }
}
