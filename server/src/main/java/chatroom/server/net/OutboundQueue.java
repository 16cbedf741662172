package chatroom.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The bytes waiting to go out on one connection, as a queue of buffers written with
 * gathering writes.
 *
 * <p>Each queued buffer is this connection's own view ({@code duplicate()}) of a line that
 * may be shared with every other recipient: the bytes are not copied, only the position is
 * private. {@link #pendingBytes()} is what the output cap is checked against. The deque is
 * dropped whenever the queue drains, so an idle connection holds none.
 */
final class OutboundQueue {

    /** Where a gathering write goes: a {@link Transport}, or in tests a channel. */
    @FunctionalInterface
    interface Sink {
        /** Takes what it can of {@code srcs[offset..offset+length)}; returns the bytes taken. */
        long write(ByteBuffer[] srcs, int offset, int length) throws IOException;
    }

    private ArrayDeque<ByteBuffer> buffers;
    private long pendingBytes;

    void add(ByteBuffer shared) {
        if (!shared.hasRemaining()) {
            return;
        }
        if (buffers == null) {
            buffers = new ArrayDeque<>();
        }
        buffers.addLast(shared.duplicate());
        pendingBytes += shared.remaining();
    }

    long pendingBytes() {
        return pendingBytes;
    }

    boolean isEmpty() {
        return pendingBytes == 0;
    }

    /**
     * Writes queued bytes until the queue is empty, the socket takes no more, or about
     * {@code budget} bytes have gone (so one fast reader cannot hold the loop).
     *
     * @param scratch an array the loop lends for the gathering write; its length is the most
     *     buffers handed to one write call
     * @return the bytes written
     */
    long writeTo(Sink sink, ByteBuffer[] scratch, long budget) throws IOException {
        long written = 0;
        try {
            while (pendingBytes > 0 && written < budget) {
                int count = 0;
                for (Iterator<ByteBuffer> it = buffers.iterator(); it.hasNext() && count < scratch.length; ) {
                    scratch[count++] = it.next();
                }
                long n = sink.write(scratch, 0, count);
                if (n <= 0) {
                    break;
                }
                written += n;
                pendingBytes -= n;
                while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                    buffers.removeFirst();
                }
            }
        } finally {
            java.util.Arrays.fill(scratch, null);
            if (pendingBytes == 0) {
                buffers = null;
            }
        }
        return written;
    }

    /** Forgets everything queued (the connection is closing). */
    void clear() {
        buffers = null;
        pendingBytes = 0;
    }
}
