package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One simulated user: a non-blocking connection that logs in the way a person on telnet
 * would (wait for the name question, answer it, wait to be in the lobby) and then reports
 * every message line it receives. Every other line the server may send (join and leave
 * notices, the once-a-second summary of a big room, the room's history on entry) is read
 * and ignored.
 *
 * <pre>
 *   CONNECTING ─▶ AWAITING_PROMPT ─(name sent)─▶ AWAITING_HELLO ─▶ AWAITING_ROOM ─▶ ENTERED ─▶ IN_ROOM
 *        └──────────── refused, reset, "!!!" during login, closed by server ───────────▶ CLOSED
 * </pre>
 *
 * <p>Output goes through a reused heap buffer ({@link #outbox()}): the sending workload
 * appends whole lines to it and calls {@link #flush()}; whatever the socket does not take
 * stays there and is written when the key turns writable.
 */
final class BenchClient {

    enum State { CONNECTING, AWAITING_PROMPT, AWAITING_HELLO, AWAITING_ROOM, ENTERED, IN_ROOM, CLOSED }

    private static final byte[] PROMPT = Ascii.bytes("*** What is your name?");
    private static final byte[] HELLO = Ascii.bytes("*** Hello ");
    private static final byte[] ROOM = Ascii.bytes("*** You are in ");
    private static final byte[] HISTORY = Ascii.bytes("*** Last ");
    private static final byte[] ERROR = Ascii.bytes("!!! ");

    private final int index;
    private final String name;
    private final ClientListener listener;
    private final LineAssembler lines = new LineAssembler(this::onLine);
    private final ByteBuffer outbox;

    private Reactor reactor;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    /** Reached the lobby at some point: a later failure is a disconnect, not a failed login. */
    private boolean entered;
    /** History lines still to come after entering the room; they are old messages, not this run's. */
    private long historyToSkip;
    /** When the bytes being split into lines were read; every line in them shares it. */
    private long readNanos;
    private boolean readAny;

    /**
     * @param outboxBytes room for queued output: a name line for a listener, a window of
     *     messages for a sender
     */
    BenchClient(int index, String name, int outboxBytes, ClientListener listener) {
        this.index = index;
        this.name = name;
        this.listener = listener;
        this.outbox = ByteBuffer.allocate(Math.max(outboxBytes, name.length() + 1));
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

    boolean isInRoom() {
        return state == State.ENTERED || state == State.IN_ROOM;
    }

    boolean hasEntered() {
        return entered;
    }

    /** Starts a non-blocking connect; the rest happens in {@link #onReady}. */
    void connect(Reactor reactor, InetSocketAddress address) {
        this.reactor = reactor;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(reactor.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(address)) {
                connected();
            }
        } catch (IOException e) {
            fail("cannot connect: " + e.getMessage());
        }
    }

    /** The reusable output buffer, in write mode. Append whole lines, then {@link #flush()}. */
    ByteBuffer outbox() {
        return outbox;
    }

    /** Writes what the outbox holds; what the socket does not take waits for OP_WRITE. */
    void flush() {
        if (state == State.CLOSED || state == State.CONNECTING || outbox.position() == 0) {
            return;
        }
        outbox.flip();
        try {
            channel.write(outbox);
        } catch (IOException e) {
            outbox.clear();
            fail("write failed: " + e.getMessage());
            return;
        }
        outbox.compact();
        setInterest(outbox.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Closes the connection at the generator's request; no failure is reported. */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeChannel();
    }

    void onReady(SelectionKey readyKey) {
        if (!readyKey.isValid()) {
            return;
        }
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
        }
        if (state != State.CLOSED && (ready & SelectionKey.OP_READ) != 0) {
            read();
        }
        if (state != State.CLOSED && (ready & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            fail("cannot connect: " + e.getMessage());
        }
    }

    private void connected() {
        state = State.AWAITING_PROMPT;
        setInterest(SelectionKey.OP_READ);
    }

    private void read() {
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
        readNanos = System.nanoTime();
        readAny = true;
        reactor.noteInput(n, readNanos);
        lines.feed(buffer.array(), buffer.arrayOffset(), n);
    }

    /** Whether the client was still reading when the server cut it off: the tell-tale of a wrongful kick. */
    private String sinceLastRead() {
        return !readAny ? " (never read)"
                : String.format(java.util.Locale.ROOT, " (last read %.1f ms before)", (System.nanoTime() - readNanos) / 1e6);
    }

    private void onLine(byte[] b, int off, int len) {
        switch (state) {
            case AWAITING_PROMPT -> {
                if (Ascii.startsWith(b, off, len, PROMPT)) {
                    sendName();
                } else {
                    failOnError(b, off, len);
                }
            }
            case AWAITING_HELLO -> {
                if (Ascii.startsWith(b, off, len, HELLO)) {
                    state = State.AWAITING_ROOM;
                } else {
                    failOnError(b, off, len);
                }
            }
            case AWAITING_ROOM -> {
                if (Ascii.startsWith(b, off, len, ROOM)) {
                    state = State.ENTERED;
                    entered = true;
                    listener.onEntered(this);
                } else {
                    failOnError(b, off, len);
                }
            }
            case ENTERED -> {
                // The server sends the history block, if any, right after "You are in".
                state = State.IN_ROOM;
                if (Ascii.startsWith(b, off, len, HISTORY)) {
                    historyToSkip = Math.max(0, Ascii.parseCount(b, off + HISTORY.length, off + len));
                } else {
                    inRoom(b, off, len);
                }
            }
            case IN_ROOM -> inRoom(b, off, len);
            default -> {
                // CONNECTING cannot have input; CLOSED ignores the rest of a read.
            }
        }
    }

    private void inRoom(byte[] b, int off, int len) {
        if (historyToSkip > 0) {
            historyToSkip--;
            return;
        }
        int text = MessageLine.textOffset(b, off, len);
        if (text >= 0) {
            listener.onMessage(this, b, text, off + len - text, readNanos);
        } else if (Ascii.startsWith(b, off, len, ERROR)) {
            listener.onServerError(this, Ascii.string(b, off, len));
        }
        // Anything else is a notice: joins, leaves, summaries, shutdown. Not this run's business.
    }

    private void sendName() {
        state = State.AWAITING_HELLO;
        for (int i = 0; i < name.length(); i++) {
            outbox.put((byte) name.charAt(i));
        }
        outbox.put((byte) '\n');
        flush();
    }

    /** During login only the expected lines and notices may come; an error ends the client. */
    private void failOnError(byte[] b, int off, int len) {
        if (Ascii.startsWith(b, off, len, ERROR)) {
            fail("refused at login: " + Ascii.string(b, off, len));
        }
    }

    private void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeChannel();
        listener.onFailed(this, reason);
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

    private void setInterest(int ops) {
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
