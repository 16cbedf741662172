package chatroom.bench;

import chatroom.protocol.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;

/**
 * What the generator's TLS connections trust: exactly the certificates of one PEM file (the one
 * {@code bench/run.sh --tls} makes for both servers), and nothing from the JDK's CA store. Every
 * engine it makes is a client of TLS 1.3 only that checks the server's name against the
 * certificate, as a real client would: the handshake the servers do is the one they would do
 * for anyone.
 *
 * <p>Cipher suites are the JDK's defaults, in its order; which one each server picked is in
 * the report ({@link BenchClient#tlsSession()}), so a comparison says whether they matched.
 */
final class TlsTrust {

    static final String PROTOCOL = "TLSv1.3";

    private final SSLContext context;
    private final Path file;

    private TlsTrust(SSLContext context, Path file) {
        this.context = context;
        this.file = file;
    }

    /** {@code --tls-ca PEM}: a file that cannot be trusted is a usage error naming it. */
    static final class Option implements CommandLine.ITypeConverter<TlsTrust> {
        @Override
        public TlsTrust convert(String value) {
            try {
                return of(Path.of(value));
            } catch (IOException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Trusts the certificates in {@code pemFile} and no others. */
    static TlsTrust of(Path pemFile) throws IOException {
        List<Pem.Block> certificates = Pem.blocks(Files.readString(pemFile, StandardCharsets.US_ASCII)).stream()
                .filter(block -> block.label().equals("CERTIFICATE"))
                .toList();
        if (certificates.isEmpty()) {
            throw new IOException(pemFile + " holds no PEM CERTIFICATE block");
        }
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trusted.setCertificateEntry("trusted-" + i,
                        x509.generateCertificate(new ByteArrayInputStream(certificates.get(i).der())));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(null, trust.getTrustManagers(), null);
            return new TlsTrust(context, pemFile);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot trust " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** A client engine for {@code server}, whose certificate must name its host (an IP address or a DNS name). */
    SSLEngine newEngine(InetSocketAddress server) {
        SSLEngine engine = context.createSSLEngine(server.getHostString(), server.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public String toString() {
        return "TLS 1.3 trusting " + file;
    }
}
