package chatroom.server.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The server's TLS set-up, made once at start from a {@link ServerIdentity}: one
 * {@code SSLContext}, and a server-mode {@code SSLEngine} for each accepted connection.
 *
 * <p>TLS 1.3 and 1.2 only, set on every engine through {@code SSLParameters}, not left to the
 * JDK's defaults: those are the same two today, but an operator's {@code java.security} that
 * re-enables TLS 1.0 for some other program must not re-enable it here.
 *
 * <p>Cipher suites are the JDK's defaults. Hard-coding a list would freeze this year's opinion,
 * while the defaults follow {@code jdk.tls.disabledAlgorithms}, which JDK updates tighten and the
 * operator can tune. Once the protocols are limited only suites for 1.3 and 1.2 can be chosen,
 * and the server picks by its own order (set below, the JDK's server default too), which puts
 * forward-secret AEAD suites first: the CBC and plain-RSA suites further down go only to a
 * client that offers nothing better, which otherwise could not connect at all.
 */
public final class TlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final ServerIdentity identity;

    private TlsContext(SSLContext context, ServerIdentity identity) {
        this.context = context;
        this.identity = identity;
    }

    public static TlsContext of(ServerIdentity identity) throws TlsSetupException {
        try {
            // Held only in memory, so no password protects anything; the API wants one.
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", identity.privateKey(), password,
                    identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null); // no client certificates, so no trust managers
            return new TlsContext(context, identity);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot set up TLS with " + identity + ": " + e.getMessage(), e);
        }
    }

    /** What the server proves itself with; its fingerprint is logged when the TLS listener starts. */
    public ServerIdentity identity() {
        return identity;
    }

    /**
     * A new engine for one accepted connection: server mode, TLS 1.3 and 1.2 only. The one
     * factory of server engines: the TLS listener's acceptor and the tests take theirs here.
     */
    public SSLEngine newServerEngine() {
        SSLEngine engine = context.createSSLEngine();
        // Server mode first: choosing the mode resets the enabled protocols to that mode's defaults.
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS.clone());
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * The context itself, for tests that need a blocking {@code SSLServerSocket} with the
     * server's certificate (set its parameters from {@link #newServerEngine()}).
     */
    public SSLContext sslContext() {
        return context;
    }
}
