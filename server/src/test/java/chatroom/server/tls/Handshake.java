package chatroom.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One TLS connection over loopback between a blocking {@code SSLServerSocket} with the
 * parameters of {@link TlsContext#newServerEngine()} and a JDK client that trusts exactly the
 * server's certificate and checks the host name as HTTPS does. A line goes each way.
 * The server side runs on a thread of its own; its failure is reported, never lost in a timeout.
 */
final class Handshake {

    private static final int TIMEOUT_MS = 10_000;

    /** What each side saw of the finished connection. */
    record Outcome(String clientProtocol, String serverProtocol, String echoed, X509Certificate serverCertificate) {}

    private Handshake() {}

    /**
     * @param host the name the client asks for and checks the certificate against
     * @param bindTo the loopback address the server listens on
     * @param protocol the only protocol the client offers
     */
    static Outcome run(TlsContext server, X509Certificate trusted, String host, InetAddress bindTo, String protocol)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, bindTo)) {
            listener.setSSLParameters(server.newServerEngine().getSSLParameters());
            listener.setSoTimeout(TIMEOUT_MS);
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> serveOne(listener));
            String clientProtocol;
            String echoed;
            X509Certificate certificate;
            try (Socket raw = new Socket(bindTo, listener.getLocalPort());
                    SSLSocket client = (SSLSocket) clientContext(trusted).getSocketFactory()
                            .createSocket(raw, host, listener.getLocalPort(), true)) {
                client.setSoTimeout(TIMEOUT_MS);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[] {protocol});
                client.setSSLParameters(parameters);
                OutputStream out = client.getOutputStream();
                out.write("hello over tls\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                echoed = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                clientProtocol = client.getSession().getProtocol();
                certificate = (X509Certificate) client.getSession().getPeerCertificates()[0];
            } catch (IOException e) {
                // The client failed: the server most likely did too, and says why from its side.
                throw new IOException(e.getMessage() + serverFailure(serverSide), e);
            }
            // Only after the client closed: in TLS 1.3 the server's close waits for the client's close_notify.
            return new Outcome(clientProtocol, serverSide.get(TIMEOUT_MS, TimeUnit.MILLISECONDS), echoed, certificate);
        }
    }

    private static String serveOne(SSLServerSocket listener) {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
            socket.setSoTimeout(TIMEOUT_MS);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            socket.getOutputStream().write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return socket.getSession().getProtocol();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String serverFailure(CompletableFuture<String> serverSide) {
        try {
            serverSide.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return "";
        } catch (ExecutionException e) {
            return " (server: " + e.getCause().getMessage() + ")";
        } catch (TimeoutException | InterruptedException e) {
            return " (server: no answer)";
        }
    }

    /** A client that trusts {@code trusted} alone, as the terminal client's {@code --tls-trust FILE} will. */
    static SSLContext clientContext(X509Certificate trusted) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server", trusted);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
