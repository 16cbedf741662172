package chatroom.server.net;

import chatroom.server.chat.Peer;
import chatroom.server.chat.Scheduler;
import chatroom.server.chat.Session;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One client's TCP connection: its channel and key, the line decoder for what comes in,
 * the queue of what goes out, and flood control. It is the {@link Peer} the chat talks to.
 * Loop thread only, like everything it touches.
 *
 * <pre>
 *   OPEN ──(EOF, reset, over output cap)───────────────────────────▶ CLOSING ──▶ CLOSED
 *     │                                                                 ▲
 *     └──(close(reason): /quit, login timeout, shutdown)──▶ DRAINING ──(queue empty or grace over)
 * </pre>
 *
 * CLOSING is the close-asap mark: the socket is closed by the loop after the current event,
 * never in the middle of a broadcast that is still walking a room's members.
 */
final class Connection implements Peer {

    /** Above this much pending output, try to write at once instead of waiting for the loop's flush. */
    private static final long WRITE_THROUGH_BYTES = 64 * 1024;

    private final EventLoop loop;
    private final long id;
    private final SocketChannel channel;
    private final SelectionKey key;
    /** The channel's own cached remote address: kept as the object, formatted only for logs. */
    private final SocketAddress remote;
    private final LineDecoder decoder;
    private final OutboundQueue out = new OutboundQueue();
    private final TokenBucket flood;

    Session session;
    /** Bytes read but held back by flood control; null when there are none. */
    private ByteBuffer heldBack;
    private Scheduler.Timer resumeTimer;
    private Scheduler.Timer drainTimer;
    /** Set by {@link #close}: no more reading, close once the queue is out. */
    private boolean draining;
    private String drainReason;
    /** The goodbye is out and FIN sent; reads now only wait for the client's EOF. */
    private boolean outputShut;
    /** Set once the connection is marked for closing; nothing more is read or written. */
    private String closeReason;
    private boolean closed;
    boolean queuedForFlush;

    Connection(EventLoop loop, long id, SocketChannel channel, SelectionKey key, SocketAddress remote,
               LineDecoder decoder, TokenBucket flood) {
        this.loop = loop;
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.remote = remote;
        this.decoder = decoder;
        this.flood = flood;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String address() {
        return String.valueOf(remote);
    }

    @Override
    public void send(ByteBuffer line) {
        if (closeReason != null || outputShut) {
            return; // closing, or the goodbye is out and our side of the stream is shut
        }
        out.add(line);
        if (out.pendingBytes() >= WRITE_THROUGH_BYTES && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
            flush();
            if (closeReason != null) {
                return;
            }
        }
        if (out.pendingBytes() > loop.config().maxOutputBytes()) {
            loop.slowConsumer(this, out.pendingBytes());
            return;
        }
        loop.queueFlush(this);
    }

    /**
     * A goodbye close (Redis's CLOSE_AFTER_REPLY): stop taking lines, send what is queued,
     * then half-close and wait for the client's EOF before closing. Closing a socket with
     * unread input makes the kernel send a reset, which can destroy the goodbye still in
     * flight; the lingering read avoids that. The grace timer bounds the whole drain.
     */
    @Override
    public void close(String reason) {
        if (closeReason != null || draining) {
            return;
        }
        draining = true;
        drainReason = reason;
        cancelResume();
        heldBack = null;
        clearInterest(SelectionKey.OP_READ);
        drainTimer = loop.timers().schedule(loop.config().shutdownGrace(), () -> markClosing(reason));
        loop.queueFlush(this);
    }

    /** The socket has bytes for us. */
    void onReadable(ByteBuffer readBuffer) throws IOException {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (outputShut) {
            if (n < 0) {
                markClosing(drainReason);
            }
            return;
        }
        if (n < 0) {
            LineDecoder.Decoded last = decoder.finish();
            if (last != null) {
                deliver(last);
            }
            markClosing("connection closed");
            return;
        }
        readBuffer.flip();
        consume(readBuffer);
    }

    /** The socket can take more of our output. */
    void onWritable() throws IOException {
        flush();
    }

    /**
     * Decodes and hands over lines while flood control allows; the rest of {@code in} is
     * kept, reading stops, and a timer resumes once the bucket has a token again. The
     * client's further lines wait in TCP, so a flooder is slowed by TCP and loses nothing.
     */
    private void consume(ByteBuffer in) {
        while (closeReason == null && !draining && in.hasRemaining()) {
            long now = loop.nanoTime();
            if (flood != null && !flood.hasToken(now)) {
                holdBack(in, flood.nanosUntilToken(now));
                return;
            }
            LineDecoder.Decoded decoded = decoder.next(in);
            if (decoded == null) {
                break;
            }
            if (flood != null) {
                flood.take();
            }
            deliver(decoded);
        }
        decoder.releaseIfIdle();
    }

    private void deliver(LineDecoder.Decoded decoded) {
        if (decoded instanceof LineDecoder.Decoded.Line line) {
            loop.chat().line(session, line.text());
        } else if (decoded instanceof LineDecoder.Decoded.TooLong tooLong) {
            loop.chat().lineTooLong(session, tooLong.maxLineBytes());
        }
    }

    private void holdBack(ByteBuffer in, long waitNanos) {
        if (in != heldBack) {
            ByteBuffer copy = ByteBuffer.allocate(in.remaining());
            copy.put(in).flip();
            heldBack = copy;
        }
        clearInterest(SelectionKey.OP_READ);
        resumeTimer = loop.timers().schedule(Duration.ofNanos(Math.max(waitNanos, 1)), this::resume);
    }

    private void resume() {
        resumeTimer = null;
        if (closeReason != null || draining) {
            return;
        }
        ByteBuffer in = heldBack;
        consume(in);
        if (!in.hasRemaining() && resumeTimer == null) {
            heldBack = null;
            if (closeReason == null && !draining) {
                setInterest(SelectionKey.OP_READ);
            }
        }
    }

    /**
     * Writes what is queued, up to the loop's per-event budget. Leaves OP_WRITE set only
     * while output is still pending, and completes a draining close once all is out.
     */
    void flush() {
        if (closeReason != null) {
            return;
        }
        try {
            out.writeTo(channel, loop.writeScratch(), EventLoop.WRITE_BUDGET_BYTES);
        } catch (IOException e) {
            markClosing(describe(e));
            return;
        }
        if (out.isEmpty()) {
            clearInterest(SelectionKey.OP_WRITE);
            if (draining && !outputShut) {
                shutOutput();
            }
        } else {
            setInterest(SelectionKey.OP_WRITE);
        }
    }

    private void shutOutput() {
        outputShut = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            markClosing(drainReason);
            return;
        }
        setInterest(SelectionKey.OP_READ);
    }

    /** Marks the connection to be closed by the loop once the current event is over. */
    void markClosing(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        out.clear();
        if (key.isValid()) {
            key.interestOps(0);
        }
        loop.queueClose(this);
    }

    boolean isClosing() {
        return closeReason != null;
    }

    String closeReason() {
        return closeReason;
    }

    /** Closes the socket; the loop then tells the chat. Safe to call twice. */
    void closeChannel() {
        if (closed) {
            return;
        }
        closed = true;
        cancelResume();
        if (drainTimer != null) {
            drainTimer.cancel();
        }
        heldBack = null;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to do: the descriptor is released either way.
        }
    }

    private void cancelResume() {
        if (resumeTimer != null) {
            resumeTimer.cancel();
            resumeTimer = null;
        }
    }

    private void setInterest(int op) {
        int ops = key.interestOps();
        if ((ops & op) == 0) {
            key.interestOps(ops | op);
        }
    }

    private void clearInterest(int op) {
        int ops = key.interestOps();
        if ((ops & op) != 0) {
            key.interestOps(ops & ~op);
        }
    }

    /** The reason the room is told when the socket fails: "connection reset" rather than a stack trace. */
    static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("reset")) {
            return "connection reset";
        }
        if (message.contains("broken pipe")) {
            return "connection closed";
        }
        return "connection error";
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", addr=" + remote + "]";
    }
}
