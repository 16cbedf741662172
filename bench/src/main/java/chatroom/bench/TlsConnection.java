package chatroom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One {@link BenchClient}'s TLS: a client-mode {@code SSLEngine} between the client's plaintext
 * and its non-blocking socket, turned by the reactor's thread like everything else except the
 * handshake's delegated tasks, which run on the reactor's helper threads ({@link
 * Reactor#offload}) while the engine waits: the handshake's cost is still the generator's, as it
 * is a real client's, but a crowd of handshakes does not stall the other connections.
 *
 * <pre>
 *   HANDSHAKING ─(engine finished: {@link Peer#established()})─▶ OPEN ─(close_notify or EOF)─▶ read() = -1
 * </pre>
 *
 * <p><b>In.</b> {@link #read()} reads the socket into the reactor's shared ciphertext buffer,
 * behind the part of a record the last read cut off, and unwraps every whole record at once
 * into the reactor's read buffer, handing the plaintext to the peer each time that buffer
 * fills. Nothing whole is left in the engine or the buffer: the selector wakes a connection only
 * for new bytes on the socket, so a record kept back could wait for ever. Only a part-record
 * stays, copied into a buffer of this connection's own until the rest comes.
 *
 * <p><b>Out.</b> {@link #write} wraps plaintext into the reactor's shared ciphertext buffer
 * and writes it. What the socket does not take is kept here, and nothing more is wrapped until
 * it has gone: the rest stays in the caller's outbox, which so holds back a sender just as
 * plain TCP does.
 */
final class TlsConnection {

    /** The client on the plaintext side. */
    interface Peer {
        /** {@code bytes} of ciphertext came off the socket (before any of it is handed on). */
        void received(int bytes);

        /** The handshake is done: the session may start. */
        void established();

        /** Plaintext, in a buffer valid only during the call. */
        void plaintext(byte[] bytes, int offset, int length);

        /** A delegated task has finished, on the reactor's thread: time to call {@link #resume()}. */
        void taskDone();
    }

    /**
     * Room for the largest record the engine takes or makes (its packet buffer size is 16,709
     * bytes for TLS 1.3 in JDK 17): the shared buffers hold a read or a batch of records beside it.
     */
    static final int MAX_RECORD_BYTES = 32 * 1024;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final Peer peer;
    private final SocketChannel channel;
    private final Reactor reactor;
    /** Ciphertext of a record cut off by the end of a read, in write mode; null until needed. */
    private ByteBuffer partRecord;
    /** Ciphertext the socket did not take, in read mode; null until needed. */
    private ByteBuffer unsent;
    private boolean established;
    /** A delegated task runs on a helper thread: the engine is not touched until it is done. */
    private boolean taskRunning;
    /** Made by the helper in {@link #start()}, sent by {@link #resume()}; read mode. */
    private ByteBuffer clientHello;
    /** What went wrong on the helper thread, thrown by {@link #resume()}. */
    private SSLException helperFailed;

    TlsConnection(SSLEngine engine, SocketChannel channel, Reactor reactor, Peer peer) {
        if (engine.getSession().getPacketBufferSize() > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("TLS records of up to " + engine.getSession().getPacketBufferSize()
                    + " bytes do not fit the " + MAX_RECORD_BYTES + " bytes set aside");
        }
        this.engine = engine;
        this.channel = channel;
        this.reactor = reactor;
        this.peer = peer;
    }

    /**
     * After the TCP connect: makes the ClientHello on a helper thread (its key shares are a
     * key-pair generation each, a millisecond or two: a delegated task in all but name), then
     * sends it from {@link #resume()}.
     */
    void start() {
        taskRunning = true;
        reactor.offload(() -> {
            try {
                engine.beginHandshake();
                ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(NOTHING, hello);
                clientHello = hello.flip();
            } catch (SSLException e) {
                helperFailed = e;
            }
        }, peer::taskDone);
    }

    boolean isEstablished() {
        return established;
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384", once established. */
    String describe() {
        return engine.getSession().getProtocol() + " " + engine.getSession().getCipherSuite();
    }

    /** Ciphertext is waiting for the socket to take it: the caller wants OP_WRITE. */
    boolean hasUnsent() {
        return unsent != null && unsent.hasRemaining();
    }

    /**
     * Reads what the socket has and unwraps every whole record, plaintext to the peer.
     *
     * @return ciphertext bytes read, or -1 once the server closed (end of stream or its close_notify)
     * @throws SSLException for a failed handshake or a bad record
     */
    int read() throws IOException {
        ByteBuffer net = reactor.tlsReadBuffer();
        if (partRecord != null && partRecord.position() > 0) {
            net.put(partRecord.flip());
            partRecord.clear();
        }
        int n = channel.read(net);
        if (n < 0) {
            return -1;
        }
        if (n == 0 || taskRunning) {
            keepPartRecord(net.flip()); // unwrapped once the task is done
            if (n > 0) {
                peer.received(n);
            }
            return n;
        }
        peer.received(n);
        return unwrapAll(net.flip()) ? n : -1;
    }

    /**
     * After a delegated task, on the reactor's thread: the handshake's next steps, then the
     * records that came meanwhile.
     *
     * @throws SSLException for a failed handshake or a bad record, or the server's close
     */
    void resume() throws IOException {
        taskRunning = false;
        if (helperFailed != null) {
            throw helperFailed;
        }
        if (clientHello != null) {
            unsent = clientHello;
            clientHello = null;
        }
        if (!sendUnsent()) {
            return; // continueHandshake() carries on when the socket takes more
        }
        handshake(engine.getHandshakeStatus());
        if (taskRunning || partRecord == null || partRecord.position() == 0) {
            return;
        }
        ByteBuffer net = reactor.tlsReadBuffer().put(partRecord.flip());
        partRecord.clear();
        if (!unwrapAll(net.flip())) {
            throw new SSLException("the server closed during the handshake");
        }
    }

    /** Once the socket takes more, mid-handshake: sends what it left and takes the next steps. */
    void continueHandshake() throws IOException {
        if (sendUnsent()) {
            handshake(engine.getHandshakeStatus());
        }
    }

    /**
     * Once established: sends what the socket left last time, then {@code plaintext} (read
     * mode; what is wrapped is consumed from it), as far as the socket takes it.
     */
    void write(ByteBuffer plaintext) throws IOException {
        if (!established) {
            throw new IllegalStateException("the session writes before the handshake is done");
        }
        if (sendUnsent()) {
            wrapAndSend(plaintext);
        }
    }

    /** Says goodbye with a close_notify if the socket takes it now; the caller then closes the socket. */
    void close() {
        engine.closeOutbound();
        try {
            if (sendUnsent()) {
                wrapAndSend(NOTHING);
            }
        } catch (IOException e) {
            // The socket closes next either way.
        }
    }

    /** Unwraps until only part of a record is left; false if the server's close_notify came. */
    private boolean unwrapAll(ByteBuffer net) throws IOException {
        ByteBuffer plain = reactor.readBuffer();
        try {
            while (net.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(net, plain);
                switch (result.getStatus()) {
                    case BUFFER_UNDERFLOW -> {
                        keepPartRecord(net);
                        return true;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (plain.position() == 0) {
                            throw new SSLException("a record larger than the read buffer");
                        }
                        plain = handOn(plain);
                    }
                    case CLOSED -> {
                        return false;
                    }
                    case OK -> {
                        if (result.bytesProduced() > 0) {
                            reactor.noteTlsRecord();
                        }
                        if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                            plain = handOn(plain); // a step may start the session, which writes
                            handshake(result.getHandshakeStatus());
                            if (taskRunning) {
                                keepPartRecord(net); // unwrapped once the task is done
                                return true;
                            }
                        }
                    }
                }
            }
            return true;
        } finally {
            handOn(plain);
        }
    }

    /** Gives the peer what {@code plain} holds; returns it emptied. */
    private ByteBuffer handOn(ByteBuffer plain) {
        if (plain.position() > 0) {
            peer.plaintext(plain.array(), plain.arrayOffset(), plain.position());
        }
        return plain.clear();
    }

    private void keepPartRecord(ByteBuffer net) throws SSLException {
        if (!net.hasRemaining()) {
            return;
        }
        if (net.remaining() > MAX_RECORD_BYTES) {
            throw new SSLException(net.remaining() + " bytes of one record: more than a record can be");
        }
        if (partRecord == null) {
            partRecord = ByteBuffer.allocate(MAX_RECORD_BYTES);
        }
        partRecord.put(net);
    }

    /** Does what the engine asks until it waits for the server or is done. */
    private void handshake(HandshakeStatus status) throws IOException {
        if (taskRunning) {
            return; // resume() goes on from here
        }
        while (true) {
            switch (status) {
                case NEED_TASK -> {
                    Runnable first = engine.getDelegatedTask();
                    if (first == null) {
                        status = engine.getHandshakeStatus();
                        continue;
                    }
                    taskRunning = true;
                    reactor.offload(() -> {
                        for (Runnable task = first; task != null; task = engine.getDelegatedTask()) {
                            task.run();
                        }
                    }, peer::taskDone);
                    return;
                }
                case NEED_WRAP -> {
                    if (!sendUnsent()) {
                        return; // write() carries on when the socket takes more
                    }
                    status = wrapAndSend(NOTHING);
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    if (!established) {
                        established = true;
                        peer.established();
                    }
                    return;
                }
                default -> {
                    return; // NEED_UNWRAP: the server's turn
                }
            }
        }
    }

    /**
     * Wraps {@code plaintext} (empty for a handshake message or a close_notify) into records and
     * writes them, until it is all sent or the socket is full; returns the engine's handshake
     * status after the last wrap.
     */
    private HandshakeStatus wrapAndSend(ByteBuffer plaintext) throws IOException {
        HandshakeStatus status;
        do {
            ByteBuffer net = reactor.tlsWriteBuffer();
            SSLEngineResult result;
            do {
                result = engine.wrap(plaintext, net);
                status = result.getHandshakeStatus();
            } while (result.getStatus() == SSLEngineResult.Status.OK && plaintext.hasRemaining()
                    && net.remaining() >= MAX_RECORD_BYTES);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && net.position() == 0) {
                throw new SSLException("a record larger than the write buffer");
            }
            channel.write(net.flip());
            if (net.hasRemaining()) {
                if (unsent == null || unsent.capacity() < net.remaining()) {
                    unsent = ByteBuffer.allocate(net.capacity());
                }
                unsent.clear().put(net).flip();
                return status;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                return status;
            }
        } while (plaintext.hasRemaining());
        return status;
    }

    /** Writes what the socket left last time; true once nothing is left. */
    private boolean sendUnsent() throws IOException {
        if (hasUnsent()) {
            channel.write(unsent);
        }
        return !hasUnsent();
    }
}
