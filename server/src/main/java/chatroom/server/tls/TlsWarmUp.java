package chatroom.server.tls;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full handshakes in memory, between the server's own engines and a client that trusts its
 * certificate, on a thread of their own at start: the JIT compiles the key exchange and the
 * signature before the first real client arrives.
 *
 * <p>Without it the first handshakes ran interpreted on the loop thread, where one delegated
 * task took 50 to 300 ms instead of 1 to 3, and a turn cannot stop in the middle of a task: in
 * a storm of a thousand handshakes on a fresh server, four such turns in a row kept a canary in
 * another room waiting 720 ms. Compiled code is shared by every thread, so the warm-up thread
 * pays for it instead. It stops after {@link #HANDSHAKES} handshakes or {@link #LIMIT}, whichever
 * comes first, and a failure only means the loop warms up on real clients, as before.
 */
public final class TlsWarmUp {

    private static final Logger log = LoggerFactory.getLogger(TlsWarmUp.class);

    /**
     * Enough for the cost to settle: in-memory handshakes (both sides) took 20 ms each over the
     * first 25, 12 ms by the 100th, 8 ms by the 200th and 7 to 8 ms from then on.
     */
    static final int HANDSHAKES = 250;
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private TlsWarmUp() {}

    /** Starts the warm-up on a daemon thread of its own and returns at once. */
    public static void start(TlsContext server) {
        Thread thread = new Thread(() -> run(server, HANDSHAKES, LIMIT), "tls-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Up to {@code handshakes} full handshakes, for at most {@code limit}; returns how many were done. */
    static int run(TlsContext server, int handshakes, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int done = 0;
        try {
            SSLContext client = trusting(server);
            while (done < handshakes && System.nanoTime() - deadline < 0) {
                handshake(server.newServerEngine(), client);
                done++;
            }
            log.info("event=tls_warmed_up handshakes={} ms={}", done, (System.nanoTime() - start) / 1_000_000);
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            log.warn("event=tls_warm_up_failed handshakes={} error=\"{}\"", done, e.getMessage());
        }
        return done;
    }

    private static SSLContext trusting(TlsContext server) throws GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try {
            trusted.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e); // an empty in-memory store cannot fail to load
        }
        trusted.setCertificateEntry("server", server.identity().certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        // Each warm-up handshake must be a full one, as a new client's is: no resumption.
        client.getClientSessionContext().setSessionCacheSize(1);
        return client;
    }

    /** One full handshake, the two engines passing records through memory. */
    static void handshake(SSLEngine serverEngine, SSLContext client) throws SSLException {
        SSLEngine clientEngine = client.createSSLEngine("localhost", 0);
        clientEngine.setUseClientMode(true);
        int packet = Math.max(clientEngine.getSession().getPacketBufferSize(),
                serverEngine.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(4 * packet);
        ByteBuffer toClient = ByteBuffer.allocate(4 * packet);
        ByteBuffer plain = ByteBuffer.allocate(4 * packet);
        clientEngine.beginHandshake();
        serverEngine.beginHandshake();
        for (int step = 0; step < 100; step++) {
            boolean moved = step(clientEngine, toClient, toServer, plain) | step(serverEngine, toServer, toClient, plain);
            if (done(clientEngine) && done(serverEngine)) {
                return;
            }
            if (!moved) {
                throw new SSLException("the warm-up handshake stalled");
            }
        }
        throw new SSLException("the warm-up handshake did not finish");
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /** What {@code engine} can do now: run its tasks, take what came in, send what it has. */
    private static boolean step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer plain)
            throws SSLException {
        boolean moved = false;
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
                moved = true;
            } else if (status == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = engine.wrap(NOTHING, out);
                if (r.bytesProduced() == 0 && r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    return moved;
                }
                moved = true;
            } else if (status == HandshakeStatus.NEED_UNWRAP && in.position() > 0) {
                in.flip();
                SSLEngineResult r = engine.unwrap(in, plain.clear());
                in.compact();
                if (r.bytesConsumed() == 0 && r.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    return moved;
                }
                moved = true;
            } else {
                return moved;
            }
        }
    }
}
