package chatroom.server.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket, on the loop thread: an {@link SSLEngine} between the socket
 * and the connection, which sees plaintext only. Written by hand rather than taken from
 * tls-channel, because the connection needs what such a wrapper hides: the ciphertext not yet
 * written (the output cap counts it), input held inside (the selector cannot report it), and
 * a close that sends close_notify after the goodbye and then keeps reading until the client's
 * EOF.
 *
 * <pre>
 *   socket ──read──▶ netIn ──unwrap──▶ the caller's buffer (the loop's shared read buffer)
 *                                 └──▶ plainIn, only if that buffer was too small for a record
 *   queue  ──wrap (gathering: many lines, one record)──▶ netOut ──write──▶ socket
 * </pre>
 *
 * <p>HANDSHAKE ──(FINISHED)──▶ OPEN ──(shutdownOutput: close_notify, then FIN)──▶ OUTPUT SHUT.
 * During the handshake the transport reads on its own ({@link #ready}), whatever the
 * connection wants, and writes nothing of the connection's; delegated tasks run inline. After
 * it, post-handshake messages (a TLS 1.3 NewSessionTicket or KeyUpdate, a TLS 1.2 close_notify
 * reply) are wrapped wherever they come up ({@link #step}).
 *
 * <p>Memory: {@code netIn} and {@code netOut} are one record each ({@value #PACKET_BYTES}
 * bytes, direct, from the loop's pool) and exist only while they hold bytes, once the
 * handshake is over: an idle TLS connection holds its engine and nothing more.
 */
final class TlsTransport implements Transport {

    /** A TLS record with its header and expansion (the JDK's packet buffer size is 16,709). */
    static final int PACKET_BYTES = 17 * 1024;
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final ByteBuffer NO_ROOM = ByteBuffer.allocate(0);
    /** A TLS record header: type, version (2), length (2). */
    private static final int HEADER_BYTES = 5;
    /**
     * The most unwrapping work ({@link TurnBudget} units) one read does: a turn's share for one
     * connection. Past it the read returns what it has and the records left are held input, read
     * again in a later event like any other; without it, one read decrypted as many records as
     * the read buffer had room for bytes, or as many KeyUpdates as the kernel held.
     */
    static final long READ_WORK = TurnBudget.perConnection(TurnBudget.DEFAULT);

    private final SocketChannel channel;
    private final SelectionKey key;
    private final SocketAddress remote;
    private final SSLEngine engine;
    private final BlockPool packets;

    /** Ciphertext read and not yet unwrapped, in {@code [0, position)}; null when there is none. */
    private ByteBuffer netIn;
    /** Ciphertext wrapped and not yet written, in {@code [0, position)}; null when there is none. */
    private ByteBuffer netOut;
    /** Plaintext decrypted and not yet read, in {@code [position, limit)}; null when there is none. */
    private ByteBuffer plainIn;
    private boolean handshaken;
    private boolean wantRead = true;
    private boolean wantWrite;
    private boolean quiet;
    /** The connection shut its output: close_notify goes out after what is queued, then the FIN. */
    private boolean shutdownPending;
    /** The peer's close_notify or EOF has been read; {@link #endReported} once a read said -1. */
    private boolean inboundDone;
    private boolean endReported;
    private boolean closed;
    /** Handshake and record work not yet handed to the connection ({@link #takeWork}), in turn-budget units. */
    private long work;
    /** The unwrapping work of the read under way, bounded by {@link #READ_WORK}. */
    private long readWork;

    /**
     * @param engine a server-mode engine, not yet used ({@code TlsContext.newServerEngine()})
     * @param packets where {@code netIn} and {@code netOut} come from and go back to
     */
    TlsTransport(SocketChannel channel, SelectionKey key, SocketAddress remote, SSLEngine engine, BlockPool packets)
            throws SSLException {
        this.channel = channel;
        this.key = key;
        this.remote = remote;
        this.engine = engine;
        this.packets = packets;
        engine.beginHandshake();
        interest();
    }

    // ---------------------------------------------------------------- readiness

    @Override
    public int ready(int readyOps) throws IOException {
        boolean readable = (readyOps & SelectionKey.OP_READ) != 0;
        boolean writable = (readyOps & SelectionKey.OP_WRITE) != 0;
        if (writable && flushNet()) {
            step(); // a handshake flight or a close_notify that the socket would not take before
        }
        if (readable && !handshaken) {
            fill(NO_ROOM, true);
        }
        int ops = 0;
        if (handshaken && wantRead && (readable || hasBufferedInput())) {
            ops |= SelectionKey.OP_READ;
        }
        if (inboundDone && !endReported) {
            ops |= SelectionKey.OP_READ; // the peer is gone, even mid-handshake: the connection must hear -1
        }
        if (handshaken && writable && wantWrite) {
            ops |= SelectionKey.OP_WRITE;
        }
        interest();
        return ops;
    }

    @Override
    public void wantRead(boolean want) {
        wantRead = want;
        interest();
    }

    @Override
    public void wantWrite(boolean want) {
        wantWrite = want;
        interest();
    }

    @Override
    public void quiet() {
        quiet = true;
        if (key.isValid()) {
            key.interestOps(0);
        }
    }

    /**
     * The connection's wishes and the transport's own needs onto the key: during the
     * handshake always read (the client's flights drive it, and its EOF ends it); write
     * whenever ciphertext waits; the connection's write only once it can be encrypted.
     */
    private void interest() {
        if (quiet || !key.isValid()) {
            return;
        }
        int ops = 0;
        if ((!handshaken || wantRead) && pendingOutput() == 0) {
            ops |= SelectionKey.OP_READ; // not while we owe the peer bytes: no read could go on (step)
        }
        if (pendingOutput() > 0 || (handshaken && wantWrite && !shutdownPending)) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return fill(dst, false);
    }

    /**
     * Unwraps records into {@code dst} until it has no room for another, the socket has no more,
     * or the peer is done. Reads the socket only when {@code netIn} holds no whole record. What
     * is left in {@code netIn} when {@code dst} fills is {@linkplain #hasBufferedInput held input}.
     *
     * @param handshakeOnly stop as soon as the handshake is over (the connection was not asked)
     * @return the bytes put in {@code dst}; -1 once, at the end, after all the data
     */
    private int fill(ByteBuffer dst, boolean handshakeOnly) throws IOException {
        int start = dst.position();
        if (plainIn != null && drainPlain(dst)) {
            return dst.position() - start; // dst is full
        }
        boolean socketEmpty = false;
        readWork = 0;
        while (!inboundDone) {
            if (!step()) {
                break; // we owe the peer bytes the socket will not take now: OP_WRITE resumes
            }
            if (handshaken && (handshakeOnly || !dst.hasRemaining())) {
                break;
            }
            if (readWork >= READ_WORK) {
                break; // this read's share is spent: what is left in netIn is held input
            }
            if (netIn != null && netIn.position() > 0) {
                checkHeader();
                SSLEngineResult r = unwrap(dst);
                Status status = r.getStatus();
                if (status == Status.CLOSED) {
                    inboundDone = true; // close_notify; in TLS 1.2 the engine's reply goes out here
                    step();
                    break;
                }
                if (status == Status.BUFFER_OVERFLOW) {
                    if (dst.position() == start && !handshakeOnly) {
                        decryptAside(dst);
                    }
                    break; // the record waits in netIn: held input
                }
                if (status == Status.OK) {
                    HandshakeStatus next = engine.getHandshakeStatus();
                    if (r.bytesConsumed() == 0 && next != HandshakeStatus.NEED_TASK
                            && next != HandshakeStatus.NEED_WRAP) {
                        break; // nothing moved and nothing to do first: never spin
                    }
                    continue;
                }
                // BUFFER_UNDERFLOW: the rest of the record is still on its way.
            }
            if (socketEmpty) {
                break; // the last read did not fill netIn: the kernel had no more
            }
            ByteBuffer in = netInWithRoom();
            int room = in.remaining();
            int n = channel.read(in);
            if (n < 0) {
                endOfStream();
                break;
            }
            if (n == 0) {
                break;
            }
            socketEmpty = n < room;
        }
        releaseIdle();
        interest();
        int got = dst.position() - start;
        // The end is the connection's to hear: a handshake step that meets it leaves it to be
        // reported (ready() then hands the connection OP_READ). Marked reported here, a client
        // that closed mid-handshake was never closed, and its socket, readable for good at end
        // of stream, spun the loop at a whole core until the login timeout (hostile round 2 of
        // issue 15).
        if (got == 0 && inboundDone && plainIn == null && !handshakeOnly) {
            endReported = true;
            return -1;
        }
        return got;
    }

    /**
     * {@code netIn} always starts at a record: its first byte must be a TLS content type (20 to
     * 24) and its second 3. The engine itself would wait for as many bytes as the "length" of,
     * say, a plaintext line claims, which never come; this fails at once instead.
     */
    private void checkHeader() throws SSLException {
        int type = netIn.get(0);
        if (type < 20 || type > 24 || (netIn.position() > 1 && netIn.get(1) != 3)) {
            throw new SSLException("not a TLS record (plaintext on the TLS port?)");
        }
    }

    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        boolean during = !handshaken;
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, dst);
            noteFinished(r);
        } catch (RuntimeException e) {
            throw new SSLException("TLS engine failed on input", e);
        } finally {
            netIn.compact();
        }
        if (!during && r.getStatus() == Status.OK && renegotiation(r)) {
            throw new SSLException("client-initiated renegotiation refused");
        }
        long cost = during ? TurnBudget.HANDSHAKE_STEP
                : r.bytesConsumed() == 0 ? 0
                : r.bytesProduced() > 0 ? TurnBudget.TLS_RECORD : TurnBudget.TLS_BARE_RECORD;
        work += cost;
        readWork += cost;
        return r;
    }

    /**
     * True if a TLS 1.2 client has begun a new handshake on an established connection. Each is a
     * full handshake's public-key work (2 to 6 ms of loop) on a connection already admitted, so no
     * connect rate bounds them, and a chat has no use for them (nginx refuses them too). The
     * engine runs none of that work until its delegated task, which is never run. TLS 1.3 has no
     * renegotiation: a KeyUpdate, whose answer is a wrap, is what may follow its handshake.
     */
    private boolean renegotiation(SSLEngineResult r) {
        HandshakeStatus status = r.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED
                && !"TLSv1.3".equals(engine.getSession().getProtocol());
    }

    /**
     * The caller's buffer has no room for a whole record and holds nothing yet (a small
     * buffer): decrypt the record aside and hand over what fits; the rest is held input.
     */
    private void decryptAside(ByteBuffer dst) throws SSLException {
        plainIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        SSLEngineResult r = unwrap(plainIn);
        plainIn.flip();
        if (r.getStatus() == Status.CLOSED) {
            inboundDone = true;
        } else if (r.getStatus() != Status.OK) {
            throw new SSLException("record did not fit " + plainIn.capacity() + " bytes: " + r.getStatus());
        }
        drainPlain(dst);
    }

    /** Moves what fits of {@code plainIn} into {@code dst}; true if some is left (then {@code dst} is full). */
    private boolean drainPlain(ByteBuffer dst) {
        int n = Math.min(plainIn.remaining(), dst.remaining());
        dst.put(dst.position(), plainIn, plainIn.position(), n);
        dst.position(dst.position() + n);
        plainIn.position(plainIn.position() + n);
        if (plainIn.hasRemaining()) {
            return true;
        }
        plainIn = null;
        return false;
    }

    /** The socket ended without close_notify: a truncation, which for a chat is the same as EOF. */
    private void endOfStream() {
        inboundDone = true;
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // Expected without close_notify; the connection closes either way.
        }
    }

    private ByteBuffer netInWithRoom() throws SSLException {
        if (netIn == null) {
            netIn = take();
        } else if (!netIn.hasRemaining()) {
            throw new SSLException("TLS record larger than " + netIn.capacity() + " bytes");
        }
        return netIn;
    }

    /**
     * True if a read would return something now although the socket may have nothing more:
     * decrypted bytes, a whole record in {@code netIn}, or the peer's end not yet reported.
     */
    @Override
    public boolean hasBufferedInput() {
        if (plainIn != null || (inboundDone && !endReported)) {
            return true;
        }
        if (pendingOutput() > 0) {
            // We owe the peer bytes (a KeyUpdate's answer) the socket would not take: no record
            // can be read until it does, and OP_WRITE will say when. Saying yes made the loop
            // read this connection again every turn for nothing, at full speed, for as long as
            // the client did not read.
            return false;
        }
        if (netIn == null || netIn.position() < HEADER_BYTES) {
            return false;
        }
        int length = (netIn.get(3) & 0xff) << 8 | (netIn.get(4) & 0xff);
        return netIn.position() >= HEADER_BYTES + length;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Encrypts what is queued, one record (up to 16 KiB, gathered from many lines) at a time,
     * as long as the socket takes each record whole. Nothing is taken during the handshake or
     * once the output is shut.
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!handshaken || shutdownPending) {
            return 0;
        }
        long taken = 0;
        while (flushNet() && hasRemaining(srcs, offset, length)) {
            if (netOut == null) {
                netOut = take();
            }
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, netOut);
            } catch (RuntimeException e) {
                throw new SSLException("TLS engine failed on output", e);
            }
            noteFinished(r);
            taken += r.bytesConsumed();
            if (r.getStatus() == Status.CLOSED) {
                throw new SSLException("TLS output closed"); // a TLS 1.2 peer's close_notify closes ours too
            }
            if (r.getStatus() == Status.BUFFER_OVERFLOW && netOut.position() == 0) {
                throw new SSLException("TLS record larger than " + netOut.capacity() + " bytes");
            }
            if (!step() || (r.bytesConsumed() == 0 && r.getStatus() == Status.OK)) {
                break; // the engine waits for the peer (a TLS 1.2 renegotiation) or the socket
            }
        }
        interest();
        return taken;
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** Ciphertext not yet written: at most a record or two, which the output cap counts. */
    @Override
    public long pendingOutput() {
        return netOut == null ? 0 : netOut.position();
    }

    /**
     * Does what the engine asks before it can go on: delegated tasks (inline), and wraps of
     * its own (handshake flights, NewSessionTicket, a KeyUpdate reply, close_notify), then
     * writes them. False if bytes are left that the socket will not take now.
     */
    private boolean step() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                    work += TurnBudget.HANDSHAKE_TASK;
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                if (netOut == null) {
                    netOut = take();
                }
                if (!handshaken) {
                    work += TurnBudget.HANDSHAKE_STEP;
                }
                SSLEngineResult r;
                try {
                    r = engine.wrap(NOTHING, netOut);
                } catch (RuntimeException e) {
                    throw new SSLException("TLS engine failed on output", e);
                }
                noteFinished(r);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    if (netOut.position() == 0) {
                        throw new SSLException("TLS record larger than " + netOut.capacity() + " bytes");
                    }
                    if (!flushNet()) {
                        return false;
                    }
                } else if (r.bytesProduced() == 0) {
                    break; // nothing to send after all (the peer half-closed a TLS 1.3 stream)
                }
            } else {
                break;
            }
        }
        return flushNet();
    }

    private void noteFinished(SSLEngineResult r) {
        if (!handshaken && (r.getHandshakeStatus() == HandshakeStatus.FINISHED
                || engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING)) {
            handshaken = true;
        }
    }

    /**
     * Writes the ciphertext that waits; true if none is left. Once it is out after a shut
     * output, the FIN follows; once it is out after the handshake, the buffer goes back.
     */
    private boolean flushNet() throws IOException {
        if (netOut == null) {
            return true;
        }
        if (netOut.position() > 0) {
            netOut.flip();
            try {
                channel.write(netOut);
            } finally {
                netOut.compact();
            }
            if (netOut.position() > 0) {
                return false;
            }
        }
        if (shutdownPending && engine.isOutboundDone()) {
            channel.shutdownOutput();
        }
        if (handshaken) {
            packets.give(netOut);
            netOut = null;
        }
        return true;
    }

    // ---------------------------------------------------------------- closing

    /**
     * close_notify after everything queued (the connection calls this once its queue is out),
     * then the FIN once the socket has taken it. Reading goes on: a TLS 1.3 client may still
     * send, and a TLS 1.2 client answers with its own close_notify, which reads as -1.
     */
    @Override
    public void shutdownOutput() throws IOException {
        if (shutdownPending) {
            return;
        }
        shutdownPending = true;
        engine.closeOutbound();
        step();
        interest();
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.TLS;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    /** Best effort close_notify (one write, whatever the socket takes), then the socket goes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        if (handshaken && !engine.isOutboundDone()) {
            try {
                engine.closeOutbound();
                shutdownPending = true;
                step();
            } catch (IOException | RuntimeException ignored) {
                // Closing anyway: the peer reads EOF instead of close_notify.
            }
        }
        if (netIn != null) {
            packets.give(netIn);
            netIn = null;
        }
        if (netOut != null) {
            packets.give(netOut);
            netOut = null;
        }
        plainIn = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the descriptor is released either way.
        }
    }

    // ---------------------------------------------------------------- buffers

    private ByteBuffer take() {
        ByteBuffer buffer = packets.take().clear();
        int size = engine.getSession().getPacketBufferSize();
        return buffer.capacity() >= size ? buffer : ByteBuffer.allocateDirect(size);
    }

    /** After the handshake, an empty buffer goes back to the pool: an idle connection holds none. */
    private void releaseIdle() {
        if (!handshaken) {
            return;
        }
        if (netIn != null && netIn.position() == 0) {
            packets.give(netIn);
            netIn = null;
        }
        if (netOut != null && netOut.position() == 0) {
            packets.give(netOut);
            netOut = null;
        }
    }

    /** For tests: the network buffers held now (0, 1 or 2). */
    int buffersHeld() {
        return (netIn == null ? 0 : 1) + (netOut == null ? 0 : 1);
    }

    @Override
    public long takeWork() {
        long done = work;
        work = 0;
        return done;
    }

    @Override
    public boolean established() {
        return handshaken;
    }
}
