package chatroom.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate for trying TLS out ({@code --tls-self-signed}), made at start and never
 * written to disk: clients trust it by its {@linkplain ServerIdentity#fingerprint() fingerprint},
 * which the server logs.
 *
 * <p>The JDK has no public API to build a certificate ({@code sun.security.x509} is not exported
 * and changes between releases), so BouncyCastle's {@code bcpkix} assembles it; it is not
 * registered as a security provider, and the JDK's own providers make the key and sign, as
 * they will do every handshake.
 *
 * <p>EC P-256 rather than RSA: a server-side handshake costs about a third as much (measured for
 * issue 8: 1.2-4.5 ms against 6.2 ms for RSA-2048), and every TLS 1.2/1.3 client takes it. Valid
 * for {@code localhost}, {@code 127.0.0.1} and {@code ::1} (subject alternative names, which
 * clients check; the common name is for people) for 30 days, from an hour ago so a client
 * whose clock is a little behind accepts it too.
 */
public final class SelfSignedCertificate {

    static final Duration VALIDITY = Duration.ofDays(30);
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private SelfSignedCertificate() {}

    public static ServerIdentity generate() throws TlsSetupException {
        return generate(Instant.now());
    }

    /** Valid from an hour before {@code now}: tests pass a past {@code now} for an expired one. */
    static ServerIdentity generate(Instant now) throws TlsSetupException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            // A random serial: clients that saw an earlier certificate with the same issuer and
            // serial (every start makes a new one) refuse the next (Firefox does).
            BigInteger serial = new BigInteger(128, new SecureRandom());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            // No setProvider: the signer comes from the JDK's providers (SunEC).
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new ServerIdentity(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            // Only a JDK whose security configuration removed EC gets here.
            throw new TlsSetupException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }
}
