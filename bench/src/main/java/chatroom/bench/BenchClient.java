package chatroom.bench;

import chatroom.protocol.Udp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * One simulated connection: a non-blocking socket, a reused output buffer, and the
 * {@link Protocol.Session} that gets it into the room and recognises the messages it receives.
 *
 * <pre>
 *   CONNECTING ─▶ [HANDSHAKING] ─▶ ENTERING ─(the session reports it in)─▶ IN
 *        └────── refused, reset, an error while entering, closed by the server ──────▶ CLOSED
 * </pre>
 *
 * <p>Over TLS ({@link #useTls}) a {@link TlsConnection} stands between the socket and the
 * session: the session starts once the handshake is done, reads plaintext and writes into the
 * same outbox; a close sends a close_notify first, a reset does not.
 *
 * <p>Output goes through a reused heap buffer ({@link #outbox()}): the session or the sending
 * workload appends whole frames to it and calls {@link #flush()}; whatever the socket does not
 * take stays there and is written when the key turns writable.
 *
 * <p>A <em>slow</em> client (the slow-consumer workload) stops reading as soon as it is in,
 * with a small receive buffer, so the server's queue for it fills; {@link #discardInput()}
 * later reads and drops what is waiting, to learn whether the server cut it off.
 *
 * <p>Over UDP ({@link #useDatagrams}) the socket is a connected {@link DatagramChannel}: there is
 * no connect to wait for, so the session starts at once and does its own way in (a code
 * exchange); a read is one datagram, handed to the session whole; the outbox goes out in
 * datagrams cut at line ends ({@link Datagrams}); and a close first says {@code exit}, since
 * the server would otherwise keep the user, and send it the room's traffic, until it times out.
 *
 * <p>The chaos soak drives clients harder: a session of its own per connection, reading paused
 * and resumed at will ({@link #stopReading()}, {@link #startReading()}), and the ways a client
 * can go: a reset ({@link #reset()}), a half-close ({@link #shutdownOutput()}), or silence.
 */
final class BenchClient {

    enum State { CONNECTING, HANDSHAKING, ENTERING, IN, CLOSED }

    /** Room in every outbox for logging in: a name line, or a WebSocket upgrade request (about 160 bytes). */
    static final int LOGIN_BYTES = 256;

    /**
     * Datagrams read per readiness at most, then back to the selector: about what one 64 KiB TCP
     * read holds, so a busy UDP user cannot keep the loop from the others for long.
     */
    static final int MAX_DATAGRAMS_PER_READ = 64;

    /** The receive buffer a slow client asks for: small, so the server's own queue fills quickly. */
    static final int SLOW_RECEIVE_BUFFER_BYTES = 4 * 1024;

    private final int index;
    private final String name;
    private final ClientListener listener;
    private final ByteBuffer outbox;
    private final boolean slow;
    private final Protocol.Session session;
    /** SO_RCVBUF and SO_SNDBUF asked for at connect, 0 for the system's default. */
    private int receiveBufferBytes;
    private int sendBufferBytes;
    /** The local address to connect from, null for the system's choice. */
    private InetAddress localAddress;
    /** Connect over TLS trusting this, or null for plain TCP. */
    private TlsTrust tlsTrust;
    /** A datagram socket instead of TCP. */
    private boolean datagrams;

    private Reactor reactor;
    /** The server, once {@link #connect} was called. */
    private InetSocketAddress address;
    /** The socket: a SocketChannel, or a connected DatagramChannel ({@link #datagrams}). */
    private ByteChannel channel;
    private SelectionKey key;
    private TlsConnection tls;
    private State state = State.CONNECTING;
    /** Got in at some point: a later failure is a disconnect, not a failed login. */
    private boolean entered;
    /** Reading: false for a slow client once in, until {@link #discardInput()}. */
    private boolean reading = true;
    private boolean discarding;
    /** When the bytes being parsed were read; every message in them shares it. */
    private long readNanos;
    private boolean readAny;
    /** When this client last sent anything (datagrams only: the session's retries and keepalives go by it). */
    private long lastSendNanos;

    /**
     * @param index the client's number in its fleet; for members, the receiver (and sender) id
     * @param outboxBytes room for queued output: a login for a listener, a window of messages for a sender
     * @param slow stop reading once in (see the class comment)
     */
    BenchClient(int index, String name, int outboxBytes, boolean slow, Protocol protocol, Protocol.Role role,
                ClientListener listener) {
        this(index, name, outboxBytes, slow, client -> protocol.session(client, role), listener);
    }

    /**
     * A client whose session {@code sessions} makes (given this client), for workloads that
     * speak for themselves (the chaos soak).
     */
    BenchClient(int index, String name, int outboxBytes, boolean slow,
                Function<BenchClient, Protocol.Session> sessions, ClientListener listener) {
        this.index = index;
        this.name = name;
        this.listener = listener;
        this.slow = slow;
        this.receiveBufferBytes = slow ? SLOW_RECEIVE_BUFFER_BYTES : 0;
        this.outbox = ByteBuffer.allocate(Math.max(outboxBytes, LOGIN_BYTES + name.length()));
        this.session = sessions.apply(this);
    }

    int index() {
        return index;
    }

    String name() {
        return name;
    }

    State state() {
        return state;
    }

    boolean isIn() {
        return state == State.IN;
    }

    boolean hasEntered() {
        return entered;
    }

    boolean isSlow() {
        return slow;
    }

    /** Asks for a small receive buffer (before {@link #connect}), so the server's own queue fills soon. */
    void smallReceiveBuffer() {
        receiveBufferBytes = SLOW_RECEIVE_BUFFER_BYTES;
    }

    /**
     * Asks for a small send buffer (before {@link #connect}): a client that writes faster than the
     * server reads is held back after a few KiB instead of the megabytes loopback TCP would take.
     */
    void smallSendBuffer() {
        sendBufferBytes = SLOW_RECEIVE_BUFFER_BYTES;
    }

    /**
     * Connects from {@code address} (before {@link #connect}; null: the system's choice). The
     * server's limits are per address, so a client that must not share them with a crowd from
     * 127.0.0.1 comes from another loopback address, such as 127.0.0.2.
     */
    void bindTo(InetAddress address) {
        localAddress = address;
    }

    /** Connects over TLS 1.3 (before {@link #connect}), trusting what {@code trust} trusts. */
    void useTls(TlsTrust trust) {
        tlsTrust = trust;
    }

    /** Speaks UDP (before {@link #connect}): one connected datagram socket, see the class comment. */
    void useDatagrams() {
        datagrams = true;
    }

    /** The TLS version and cipher suite the server chose, such as "TLSv1.3 TLS_AES_256_GCM_SHA384"; null without TLS or before the handshake is done. */
    String tlsSession() {
        return tls != null && tls.isEstablished() ? tls.describe() : null;
    }

    /** When the bytes being handed to the session were read ({@link System#nanoTime()}). */
    long readNanos() {
        return readNanos;
    }

    /** Starts a non-blocking connect; the rest happens in {@link #onReady}. */
    void connect(Reactor reactor, InetSocketAddress address) {
        this.reactor = reactor;
        this.address = address;
        try {
            if (datagrams) {
                connectDatagrams();
                return;
            }
            SocketChannel socket = SocketChannel.open();
            channel = socket;
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBufferBytes > 0) {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            if (sendBufferBytes > 0) {
                socket.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
            }
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            key = socket.register(reactor.selector(), SelectionKey.OP_CONNECT, this);
            if (tlsTrust != null) {
                tls = new TlsConnection(tlsTrust.newEngine(address), socket, reactor, new TlsPeer());
            }
            if (socket.connect(address)) {
                connected();
            }
        } catch (IOException e) {
            fail("cannot connect: " + e.getMessage());
        }
    }

    /** A connected datagram socket: the kernel then passes it only the server's datagrams. */
    private void connectDatagrams() throws IOException {
        DatagramChannel socket = DatagramChannel.open();
        channel = socket;
        socket.configureBlocking(false);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(address);
        key = socket.register(reactor.selector(), SelectionKey.OP_READ, this);
        enter();
    }

    /** The server it connects to (a WebSocket names it in its upgrade request). */
    InetSocketAddress address() {
        return address;
    }

    /** The reusable output buffer, in write mode. Append whole frames, then {@link #flush()}. */
    ByteBuffer outbox() {
        return outbox;
    }

    /** Writes what the outbox holds; what the socket does not take waits for OP_WRITE. */
    void flush() {
        if (state == State.CLOSED || state == State.CONNECTING) {
            return;
        }
        if (state == State.HANDSHAKING) {
            continueHandshake();
            return;
        }
        if (outbox.position() == 0 && (tls == null || !tls.hasUnsent())) {
            return;
        }
        outbox.flip();
        try {
            if (datagrams) {
                writeDatagrams();
            } else if (tls == null) {
                channel.write(outbox);
            } else {
                tls.write(outbox);
            }
        } catch (IOException e) {
            outbox.clear();
            fail("write failed: " + e.getMessage());
            return;
        }
        outbox.compact();
        updateInterest();
    }

    /**
     * The flipped outbox as datagrams, each cut at a line end, until it is empty or the socket's
     * buffer is full (a non-blocking datagram write then sends nothing: the rest waits for OP_WRITE).
     */
    private void writeDatagrams() throws IOException {
        int limit = outbox.limit();
        while (outbox.hasRemaining()) {
            int start = outbox.arrayOffset() + outbox.position();
            int end = Datagrams.end(outbox.array(), start, outbox.arrayOffset() + limit, Udp.DATAGRAM_BYTES);
            outbox.limit(end - outbox.arrayOffset());
            int sent = channel.write(outbox);
            outbox.limit(limit);
            if (sent == 0) {
                return;
            }
            lastSendNanos = System.nanoTime();
        }
    }

    /** Closes the connection at the generator's request; no failure is reported. */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (tls != null && state != State.CONNECTING) {
            tls.close();
        }
        if (datagrams && state != State.CONNECTING) {
            sayExit();
        }
        state = State.CLOSED;
        closeChannel();
    }

    /** Over UDP the server does not see a close: {@code exit} ends the session (best effort, as it would be for a person). */
    private void sayExit() {
        sendDatagram(Ascii.bytes(Udp.EXIT + "\n"));
    }

    /**
     * Sends {@code payload} as one datagram of its own now, past whatever the outbox holds
     * (datagrams only). False if it was not sent: the socket's buffer is full, or it failed
     * (a failure shows at the next read).
     */
    boolean sendDatagram(byte[] payload) {
        if (!datagrams || channel == null || !channel.isOpen()) {
            return false;
        }
        try {
            if (channel.write(ByteBuffer.wrap(payload)) == 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        lastSendNanos = System.nanoTime();
        return true;
    }

    /**
     * Nothing was sent for a while (datagrams only): the session may ask again or ping
     * ({@link Protocol.Session#quiet}). {@code nowNanos} is the housekeeping turn's time.
     */
    void housekeeping(long nowNanos) {
        if (datagrams && (state == State.ENTERING || state == State.IN)) {
            session.quiet(nowNanos - lastSendNanos);
        }
    }

    /** Leaves what arrives in the socket unread (the kernel's buffer, then the server's queue, fill). */
    void stopReading() {
        reading = false;
        updateInterest();
    }

    /** Reads again after {@link #stopReading()}. */
    void startReading() {
        reading = true;
        updateInterest();
    }

    boolean isReading() {
        return reading;
    }

    /**
     * Closes with a reset instead of a FIN (SO_LINGER 0): what a crashed peer or a middlebox
     * sends. No failure is reported.
     */
    void reset() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (channel instanceof SocketChannel socket && socket.isOpen()) {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            // Closing plainly is the next best thing.
        }
        state = State.CLOSED; // no close_notify: a crashed peer sends none
        closeChannel();
    }

    /**
     * Half-closes: the server reads end-of-stream while this side can still read. Whatever the
     * outbox still holds is dropped. The server's close then arrives as a failure, as any would.
     */
    void shutdownOutput() {
        if (state == State.CLOSED || state == State.CONNECTING) {
            return;
        }
        outbox.clear();
        try {
            if (tls != null) {
                tls.close();
            }
            ((SocketChannel) channel).shutdownOutput();
        } catch (IOException e) {
            fail("shutdownOutput failed: " + e.getMessage());
            return;
        }
        updateInterest();
    }

    /**
     * A slow client starts reading again, dropping whatever arrives, so that the server's
     * close (if it cut the client off) shows as EOF or a reset behind the data still queued.
     */
    void discardInput() {
        if (state == State.CLOSED) {
            return;
        }
        discarding = true;
        reading = true;
        updateInterest();
    }

    void onReady(SelectionKey readyKey) {
        if (!readyKey.isValid()) {
            return;
        }
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
        }
        if (state != State.CLOSED && (ready & SelectionKey.OP_READ) != 0 && reading) {
            read();
        }
        if (state != State.CLOSED && (ready & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
    }

    // What the session reports.

    /** The session is in the room (logged in, subscribed) and will now report messages. */
    void entered() {
        if (state != State.ENTERING) {
            return;
        }
        state = State.IN;
        entered = true;
        if (slow) {
            reading = false;
            updateInterest();
        }
        listener.onEntered(this);
    }

    /** A message arrived; the text is a slice valid only during the call. */
    void message(byte[] text, int offset, int length) {
        listener.onMessage(this, text, offset, length, readNanos);
    }

    /** The server answered with an error. While entering that ends the client; after, it is counted. */
    void serverError(String line) {
        if (state == State.ENTERING) {
            fail("refused at login: " + line);
        } else {
            listener.onServerError(this, line);
        }
    }

    /** The session cannot go on (the server said something it cannot make sense of). */
    void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeChannel();
        listener.onFailed(this, reason);
    }

    private void finishConnect() {
        try {
            if (((SocketChannel) channel).finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            fail("cannot connect: " + e.getMessage());
        }
    }

    private void connected() {
        if (tls == null) {
            enter();
            return;
        }
        state = State.HANDSHAKING;
        tls.start();
        updateInterest();
    }

    /** The socket took what it could not before: the handshake's next steps, which may start the session. */
    private void continueHandshake() {
        try {
            tls.continueHandshake();
        } catch (IOException e) {
            fail("TLS handshake failed: " + e.getMessage());
            return;
        }
        updateInterest();
    }

    private void enter() {
        state = State.ENTERING;
        updateInterest();
        session.start();
    }

    private void read() {
        if (tls != null) {
            readTls();
            return;
        }
        if (datagrams) {
            readDatagrams();
            return;
        }
        ByteBuffer buffer = reactor.readBuffer();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            fail("connection lost: " + e.getMessage() + sinceLastRead());
            return;
        }
        if (n < 0) {
            fail("closed by the server" + sinceLastRead());
            return;
        }
        if (n == 0) {
            return;
        }
        received(n);
        input(buffer.array(), buffer.arrayOffset(), n);
    }

    /**
     * Whole datagrams, one per read, each handed over alone. A datagram socket has no end of
     * stream; an ICMP port unreachable (nothing listens on the server's port) fails the read.
     */
    private void readDatagrams() {
        for (int i = 0; i < MAX_DATAGRAMS_PER_READ && state != State.CLOSED && reading; i++) {
            ByteBuffer buffer = reactor.readBuffer();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                fail("datagram lost its way: " + e + sinceLastRead());
                return;
            }
            if (n <= 0) {
                return;
            }
            received(n);
            input(buffer.array(), buffer.arrayOffset(), n);
        }
    }

    private void readTls() {
        int n;
        try {
            n = tls.read();
        } catch (SSLException e) {
            fail((state == State.HANDSHAKING ? "TLS handshake failed: " : "TLS failed: ") + e.getMessage());
            return;
        } catch (IOException e) {
            fail("connection lost: " + e.getMessage() + sinceLastRead());
            return;
        }
        if (n < 0) {
            fail("closed by the server" + sinceLastRead());
        } else if (state != State.CLOSED) {
            updateInterest(); // a handshake step may have left ciphertext for OP_WRITE
        }
    }

    /** {@code n} bytes came off the socket: every message in them was received now. */
    private void received(int n) {
        readNanos = System.nanoTime();
        readAny = true;
        reactor.noteInput(n, readNanos);
    }

    private void input(byte[] bytes, int offset, int length) {
        if (!discarding && state != State.CLOSED) {
            session.input(bytes, offset, length);
        }
    }

    /** What the TLS connection reports, kept off the client's own surface. */
    private final class TlsPeer implements TlsConnection.Peer {
        @Override
        public void received(int bytes) {
            BenchClient.this.received(bytes);
        }

        @Override
        public void established() {
            enter();
        }

        @Override
        public void plaintext(byte[] bytes, int offset, int length) {
            input(bytes, offset, length);
        }

        @Override
        public void taskDone() {
            if (state == State.CLOSED) {
                return;
            }
            try {
                tls.resume();
            } catch (IOException e) {
                fail("TLS handshake failed: " + e.getMessage());
                return;
            }
            if (state != State.CLOSED) {
                updateInterest();
            }
        }
    }

    /** Whether the client was still reading when the server cut it off: the tell-tale of a wrongful kick. */
    private String sinceLastRead() {
        return !readAny ? " (never read)"
                : String.format(Locale.ROOT, " (last read %.1f ms before)", (System.nanoTime() - readNanos) / 1e6);
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The descriptor is released either way.
            }
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid() || state == State.CONNECTING) {
            return;
        }
        boolean unsent = outbox.position() > 0 || (tls != null && tls.hasUnsent());
        int ops = (reading ? SelectionKey.OP_READ : 0) | (unsent ? SelectionKey.OP_WRITE : 0);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
