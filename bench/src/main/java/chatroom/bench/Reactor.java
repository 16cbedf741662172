package chatroom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The generator's only selector, turned by the generator's only thread. Every client
 * connection is registered here; a ready key is handed to its {@link BenchClient}.
 *
 * <p>One read buffer serves all connections: a client splits what it read into lines before
 * the next client reads, so nothing per connection needs to be bigger than a partial line.
 * It is a heap buffer because the parsers work on its array; the JDK copies socket reads
 * through a cached per-thread direct buffer, so this costs a copy but no garbage.
 */
final class Reactor implements AutoCloseable {

    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** The longest one select waits, so conditions that depend on time alone are checked often enough. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Work a phase does every turn of the loop (connecting, sending). */
    interface Ticker {
        /** Does what is due at {@code nowNanos}; returns nanoseconds until it next has work, or Long.MAX_VALUE. */
        long tick(long nowNanos);
    }

    static final Ticker NOTHING = nowNanos -> Long.MAX_VALUE;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    // One instance for every select: a method reference made per call would be garbage per turn.
    /** TLS ciphertext, for connections that use it ({@link TlsConnection}); made on first use. */
    private ByteBuffer tlsReadBuffer;
    private ByteBuffer tlsWriteBuffer;
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    /** Work that goes on whatever the phase (UDP users' retries and keepalives), beside each phase's ticker. */
    private Ticker housekeeping = NOTHING;
    private long lastInputNanos = System.nanoTime();
    private long bytesIn;
    private long tlsRecordsIn;
    /** Work for this thread from the TLS helpers: what follows a delegated task. */
    private final Queue<Runnable> returned = new ConcurrentLinkedQueue<>();
    /** Threads for TLS handshakes' delegated tasks; made on first use. */
    private ExecutorService helpers;

    Reactor() throws IOException {
        this.selector = Selector.open();
    }

    Selector selector() {
        return selector;
    }

    /**
     * Waits up to {@code timeoutNanos} (0: not at all) for ready connections and handles
     * them. Millisecond resolution: shorter waits round up to 1 ms, which is as fine as the
     * pacing of a run needs.
     */
    void turn(long timeoutNanos) throws IOException {
        if (timeoutNanos <= 0 || !returned.isEmpty()) {
            selector.selectNow(dispatcher);
        } else {
            selector.select(dispatcher, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        }
        for (Runnable next = returned.poll(); next != null; next = returned.poll()) {
            next.run();
        }
    }

    /**
     * Runs {@code task} on a helper thread, then {@code then} on this one. For a TLS handshake's
     * delegated tasks (the key exchange, checking the server's certificate and signature: a few
     * milliseconds each): a thousand connections shaking hands at once would otherwise hold the
     * loop for seconds, and every other connection on it (an attack's canary) would wait with them.
     */
    void offload(Runnable task, Runnable then) {
        if (helpers == null) {
            helpers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread thread = new Thread(runnable, "tls-task");
                thread.setDaemon(true);
                return thread;
            });
        }
        helpers.execute(() -> {
            try {
                task.run();
            } finally {
                returned.add(then);
                selector.wakeup();
            }
        });
    }

    /** Runs {@code ticker} every turn from now on, whatever else runs; one at a time. */
    void setHousekeeping(Ticker ticker) {
        housekeeping = ticker;
    }

    /**
     * Turns the loop, running {@code ticker} every turn, until {@code done} holds (true) or
     * {@code deadlineNanos} passes (false).
     */
    boolean runUntil(BooleanSupplier done, long deadlineNanos, Ticker ticker) throws IOException {
        while (true) {
            long now = System.nanoTime();
            long wait = Math.min(ticker.tick(now), housekeeping.tick(now));
            if (done.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos - now;
            if (left <= 0) {
                return false;
            }
            turn(Math.min(Math.min(wait, left), MAX_WAIT_NANOS));
        }
    }

    /** Turns the loop until {@code deadlineNanos}, running {@code ticker} every turn. */
    void runUntil(long deadlineNanos, Ticker ticker) throws IOException {
        runUntil(() -> false, deadlineNanos, ticker);
    }

    /**
     * Waits until no connection has received anything for {@code quietNanos}: the server has
     * sent all it had to send. False if that does not happen within {@code timeoutNanos}.
     */
    boolean awaitQuiet(long quietNanos, long timeoutNanos) throws IOException {
        return runUntil(() -> System.nanoTime() - lastInputNanos >= quietNanos,
                System.nanoTime() + timeoutNanos, NOTHING);
    }

    /** The shared read buffer, cleared, for a client about to read. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * The shared buffer a TLS connection reads ciphertext into, cleared: a whole read buffer's
     * worth behind the part-record the connection kept from its last read.
     */
    ByteBuffer tlsReadBuffer() {
        if (tlsReadBuffer == null) {
            tlsReadBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES + TlsConnection.MAX_RECORD_BYTES);
        }
        return tlsReadBuffer.clear();
    }

    /** The shared buffer a TLS connection wraps records into before writing them, cleared. */
    ByteBuffer tlsWriteBuffer() {
        if (tlsWriteBuffer == null) {
            tlsWriteBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES + TlsConnection.MAX_RECORD_BYTES);
        }
        return tlsWriteBuffer.clear();
    }

    /** A client received {@code bytes} at {@code nanos}. */
    void noteInput(int bytes, long nanos) {
        bytesIn += bytes;
        lastInputNanos = nanos;
    }

    /** When any connection last received anything: how "the server has gone quiet" is judged. */
    long lastInputNanos() {
        return lastInputNanos;
    }

    long bytesIn() {
        return bytesIn;
    }

    /** A TLS connection unwrapped a record of application data. */
    void noteTlsRecord() {
        tlsRecordsIn++;
    }

    /** Records of application data every TLS connection has unwrapped: with bytesIn, how big the servers' records are. */
    long tlsRecordsIn() {
        return tlsRecordsIn;
    }

    private void dispatch(SelectionKey key) {
        ((BenchClient) key.attachment()).onReady(key);
    }

    @Override
    public void close() throws IOException {
        if (helpers != null) {
            helpers.shutdownNow();
        }
        selector.close();
    }
}
