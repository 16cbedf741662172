package chatroom.client;

import chatroom.protocol.tls.Fingerprint;
import chatroom.protocol.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS to the server ({@code --tls}): which certificates the client trusts, the handshake over
 * a connected TCP socket, what a failed one means in words a user can act on, and a close
 * that never blocks.
 *
 * <p>Three ways to trust the server, and no fourth that trusts anything:
 * <ul>
 *   <li>{@link #jdkTrust()}: the certificate authorities the JDK trusts (its {@code cacerts},
 *       or {@code javax.net.ssl.trustStore}), as a browser would: the server's chain must lead
 *       to one, be within its dates, and name the host connected to.
 *   <li>{@link #trusting}: exactly the certificates in a PEM file (the server's own self-signed
 *       one, or a private CA), instead of the JDK's; dates and the host name are checked.
 *   <li>{@link #pinning}: the server whose own certificate has this SHA-256, as ssh trusts a host
 *       key: whoever signed it, whatever host name or dates it carries. The user compared that
 *       exact certificate with the server's log; the handshake proves the server holds its key.
 * </ul>
 * A switch that trusts every certificate would make TLS worth nothing against the one attack it
 * is for (someone between the client and the server), and people leave such switches on; pinning
 * is as easy and is safe.
 *
 * <p>TLS 1.3 and 1.2 only, set here rather than left to the JDK's defaults (which a
 * {@code java.security} edited for another program could widen). Cipher suites are the JDK's.
 *
 * <p>A refused certificate is a {@link Refused}: the same server gives the same answer on every
 * attempt, so a reconnect does not retry it. Other handshake failures (a server closing during
 * the handshake, a plain text port) are ordinary connection failures.
 */
final class TlsConnector {

    private static final Logger log = LoggerFactory.getLogger(TlsConnector.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** How long a close waits for close_notify to go out before it closes the TCP socket under it. */
    static final Duration CLOSE_NOTIFY_WAIT = Duration.ofSeconds(1);
    /** The most of a certificate's subject or names a message shows. */
    static final int SHOWN_CHARS = 200;

    /** What failed about the server's certificate. */
    enum Problem { UNTRUSTED, HOST_NAME, OUT_OF_DATE, WRONG_PIN }

    /**
     * The server's certificate was refused: no attempt will get another answer until someone
     * changes the server or the client's options. Its message says why, for the user.
     */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Thrown by the trust managers inside the handshake, so the connector knows what failed without parsing the JDK's words. */
    private static final class CertificateRefused extends CertificateException {
        final Problem problem;
        final X509Certificate certificate;

        CertificateRefused(Problem problem, X509Certificate certificate, String message, Throwable cause) {
            super(message, cause);
            this.problem = problem;
            this.certificate = certificate;
        }
    }

    private final SSLContext context;
    /** Which certificates are trusted, for messages: "a certificate authority the JDK trusts". */
    private final String trusted;
    /** Null unless pinning. */
    private final Fingerprint pin;

    private TlsConnector(TrustManager trust, String trusted, Fingerprint pin) {
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e); // every JDK has both
        }
        this.trusted = trusted;
        this.pin = pin;
    }

    /** Trusts the certificate authorities the JDK trusts. */
    static TlsConnector jdkTrust() {
        return new TlsConnector(new Checked(trustManager(null)), "a certificate authority the JDK trusts", null);
    }

    /**
     * Trusts exactly the certificates in {@code pemFile}: a server's self-signed certificate,
     * or the CA that signed the server's.
     *
     * @throws IllegalArgumentException saying what is wrong with the file (missing, no
     *     certificate in it, one that cannot be read)
     */
    static TlsConnector trusting(Path pemFile) {
        List<X509Certificate> certificates = readCertificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            return new TlsConnector(new Checked(trustManager(store)), "a certificate in " + pemFile, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold certificates in memory", e); // an empty in-memory store
        }
    }

    /** Trusts the server whose own certificate has this SHA-256, and no other. */
    static TlsConnector pinning(Fingerprint pin) {
        return new TlsConnector(new Pinned(pin), "the pinned certificate", pin);
    }

    /**
     * Shakes hands over {@code tcp}, connected to {@code host}: within {@code timeout}, TLS 1.3
     * or 1.2, the server's certificate checked as this connector trusts. Returns the socket to
     * read and write lines on; its read timeout is {@code tcp}'s again. Closes {@code tcp} if
     * it fails.
     *
     * @throws Refused if the certificate is refused (permanent)
     * @throws IOException saying what else went wrong (a plain text port, a server closing)
     */
    SSLSocket handshake(Socket tcp, String host, int port, Duration timeout) throws IOException {
        int readTimeout = tcp.getSoTimeout();
        SSLSocket tls = null;
        // The read timeout bounds each read, not the handshake: a server sending a byte now
        // and then would hold it for days (a record of 16 KiB at a byte a second). So the TCP
        // socket is closed under the handshake once the timeout has passed.
        CompletableFuture<Boolean> deadline = new CompletableFuture<>();
        deadline.completeOnTimeout(Boolean.TRUE, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .thenAccept(expired -> {
                    if (expired) {
                        closeQuietly(tcp);
                    }
                });
        try {
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(PROTOCOLS.clone());
            if (pin == null) {
                // The name connected to must be in the certificate (as HTTPS checks it): a
                // certificate that is valid but for another host proves nothing about this one.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(parameters);
            tcp.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            tls.startHandshake();
            if (!deadline.complete(Boolean.FALSE)) {
                throw new SocketTimeoutException("the handshake outlasted " + timeout.toMillis() + " ms");
            }
            tcp.setSoTimeout(readTimeout);
        } catch (IOException e) {
            boolean expired = !deadline.complete(Boolean.FALSE) && deadline.join();
            closeQuietly(tcp);
            throw explain(expired && !(e instanceof SocketTimeoutException)
                    ? new SocketTimeoutException("the handshake outlasted " + timeout.toMillis() + " ms") : e, host, port);
        }
        SSLSession session = tls.getSession();
        log.info("event=tls_connected server={}:{} protocol={} cipher={} sha256={}", host, port,
                session.getProtocol(), session.getCipherSuite(), fingerprintOf(session));
        return tls;
    }

    private IOException explain(IOException e, String host, int port) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateRefused refused) {
                String why = refusal(refused, host);
                log.info("event=tls_refused server={}:{} problem={} sha256={}", host, port, refused.problem,
                        Fingerprint.of(refused.certificate));
                return new Refused(why);
            }
        }
        log.info("event=tls_failed server={}:{} error=\"{}\"", host, port, e);
        if (e instanceof SocketTimeoutException) {
            return new IOException("no answer to the TLS handshake in time (not TLS?)", e);
        }
        if (e instanceof SSLException && e.getCause() instanceof EOFException) {
            return new IOException("the server closed the connection during the TLS handshake (not TLS?"
                    + " or a server refusing connections)", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException && message.contains("nrecognized SSL message")) {
            // The JDK's words for bytes that are not a TLS record: a chatroom server's plain
            // port greets in text before the client has said anything.
            return new IOException("the server did not answer in TLS (not TLS? port " + port
                    + " may be its plain text port; its TLS port is the one given to --tls-port)", e);
        }
        if (e instanceof SSLException) {
            return new IOException("the TLS handshake failed: " + shown(message) + " (not TLS?)", e);
        }
        return e;
    }

    /** What a user should know, and could do, about a refused certificate. */
    private String refusal(CertificateRefused refused, String host) {
        X509Certificate certificate = refused.certificate;
        Fingerprint got = Fingerprint.of(certificate);
        String subject = "\"" + shown(certificate.getSubjectX500Principal().getName()) + "\"";
        return switch (refused.problem) {
            case WRONG_PIN -> "the server's certificate (" + subject + ") has SHA-256 fingerprint " + got
                    + ", not the pinned " + pin + ": not the server you pinned, or its certificate changed"
                    + " (a server with --tls-self-signed makes a new one each time it starts; if its log"
                    + " line event=tls_listening shows this one, pin it)";
            case HOST_NAME -> "the server's certificate is for " + names(certificate) + ", not " + host
                    + " (subject " + subject + ", SHA-256 " + got + "); connect with --host and a name it is for";
            case OUT_OF_DATE -> "the server's certificate " + subject + " " + refused.getMessage()
                    + " (is this computer's clock right?); SHA-256 " + got;
            case UNTRUSTED -> "the server's certificate is not trusted: " + subject + " is not signed by "
                    + trusted + ". Its SHA-256 fingerprint is " + got + ". Compare it with the server's log"
                    + " (event=tls_listening ... fingerprint=...) or ask its operator; if they are the same,"
                    + " connect with --tls-fingerprint " + got + " (or --tls-trust and the server's certificate file)";
        };
    }

    /** The names a certificate is for, from its subject alternative names (DNS and IP, as clients check). */
    private static String names(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                // 2: dNSName, 7: iPAddress (RFC 5280); the JDK gives both as strings.
                String list = names.stream().filter(n -> n.get(0).equals(2) || n.get(0).equals(7))
                        .map(n -> String.valueOf(n.get(1))).collect(Collectors.joining(", "));
                if (!list.isEmpty()) {
                    return shown(list);
                }
            }
        } catch (CertificateParsingException e) {
            // Then the subject, below, is all there is to say.
        }
        return "no host name (subject \"" + shown(certificate.getSubjectX500Principal().getName()) + "\")";
    }

    /**
     * Text the server chose (a certificate's subject or names), as a note may show it: the
     * server picks every character, so escape sequences become visible stand-ins as the wire's
     * text does ({@link Sanitizer}; the JDK's RFC 2253 form leaves ESC and BEL raw), and a
     * subject of ten thousand characters is cut to {@value #SHOWN_CHARS}.
     */
    static String shown(String serverText) {
        String clean = Sanitizer.clean(serverText);
        return clean.length() <= SHOWN_CHARS ? clean : clean.substring(0, SHOWN_CHARS) + "…";
    }

    private static String fingerprintOf(SSLSession session) {
        try {
            return Fingerprint.of((X509Certificate) session.getPeerCertificates()[0]).toString();
        } catch (IOException | ClassCastException e) {
            return "unknown";
        }
    }

    /**
     * Closes {@code tls} (over {@code tcp}) without ever blocking the caller: close_notify goes
     * out on a thread of its own. Sending it can block: on a server that stopped reading, the
     * write waits for room, or for the TLS socket's write lock, which the writer thread holds
     * while blocked in such a write. So {@code tcp} is closed after {@link #CLOSE_NOTIFY_WAIT}
     * whatever happened, which ends any blocked write; usually it is closed already by then.
     */
    static void close(SSLSocket tls, Socket tcp) {
        Thread closer = new Thread(() -> closeQuietly(tls), "chatroom-tls-close");
        closer.setDaemon(true);
        closer.start();
        CompletableFuture.delayedExecutor(CLOSE_NOTIFY_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> closeQuietly(tcp));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Best effort: the socket is being given up either way.
        }
    }

    /**
     * The certificates in a PEM file, in file order.
     *
     * @throws IllegalArgumentException saying what is wrong, naming the file
     */
    static List<X509Certificate> readCertificates(Path file) {
        String text;
        try {
            // PEM is ASCII; Latin-1 reads any byte, so a binary (DER) file is reported as having no PEM block.
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it: " + e);
        }
        List<Pem.Block> blocks = Pem.blocks(text);
        List<Pem.Block> certificates = blocks.stream().filter(b -> b.label().equals("CERTIFICATE")).toList();
        if (certificates.isEmpty()) {
            String found = blocks.isEmpty() ? "no PEM block at all (a DER file? openssl x509 -inform der -in "
                    + file + " -out cert.pem converts it)"
                    : "only " + blocks.stream().map(Pem.Block::label).distinct().collect(Collectors.joining(", "))
                    + " (the server's certificate is wanted, never its key)";
            throw new IllegalArgumentException(file + " has no CERTIFICATE block: " + found);
        }
        List<X509Certificate> parsed = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < certificates.size(); i++) {
                try {
                    byte[] der = certificates.get(i).der();
                    parsed.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } catch (IllegalArgumentException | CertificateException e) {
                    throw new IllegalArgumentException(file + ": certificate " + (i + 1) + " of "
                            + certificates.size() + " cannot be read: " + e.getMessage());
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 in this JDK", e);
        }
        return parsed;
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store); // null: the JDK's own trust store
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK made no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store: " + e.getMessage(), e);
        }
    }

    /** Client side only: the client asks for no certificate of its own, and checks only servers on sockets. */
    private abstract static class ServerOnly extends X509ExtendedTrustManager {

        abstract void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException;

        @Override
        public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            check(chain, authType, socket);
        }

        @Override
        public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("only checked on a socket");
        }

        @Override
        public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("only checked on a socket");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client trusts no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * The JDK's own checks (chain, dates, algorithms, and the host name, which it checks because
     * the socket asks for HTTPS endpoint identification); on a refusal, works out which of them failed.
     */
    private static final class Checked extends ServerOnly {

        private final X509ExtendedTrustManager jdk;

        Checked(X509ExtendedTrustManager jdk) {
            this.jdk = jdk;
        }

        @Override
        void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            X509Certificate own = chain[0];
            // Checked here first: the JDK skips the dates of a certificate that is itself in the
            // trust store (a self-signed one given to --tls-trust).
            try {
                own.checkValidity();
            } catch (CertificateExpiredException expired) {
                throw new CertificateRefused(Problem.OUT_OF_DATE, own, "expired on " + own.getNotAfter().toInstant(),
                        expired);
            } catch (CertificateNotYetValidException early) {
                throw new CertificateRefused(Problem.OUT_OF_DATE, own,
                        "is not valid until " + own.getNotBefore().toInstant(), early);
            }
            try {
                jdk.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw new CertificateRefused(chainTrusted(chain, authType) ? Problem.HOST_NAME : Problem.UNTRUSTED, own,
                        e.getMessage(), e);
            }
        }

        /** The same checks without a socket, so without the host name: if they pass, the name is what failed. */
        private boolean chainTrusted(X509Certificate[] chain, String authType) {
            try {
                jdk.checkServerTrusted(chain, authType);
                return true;
            } catch (CertificateException e) {
                return false;
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }

    /** The server's own certificate must have the pinned SHA-256; nothing else is asked of it. */
    private static final class Pinned extends ServerOnly {

        private final Fingerprint pin;

        Pinned(Fingerprint pin) {
            this.pin = pin;
        }

        @Override
        void check(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (!pin.matches(chain[0])) {
                throw new CertificateRefused(Problem.WRONG_PIN, chain[0], "fingerprint " + Fingerprint.of(chain[0])
                        + ", not the pinned " + pin, null);
            }
        }
    }
}
