package chatroom.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The bytes waiting to go out on one connection, as a queue of buffers written with
 * gathering writes.
 *
 * <p>While the reader keeps up, each queued buffer is this connection's own view
 * ({@code duplicate()}) of a line shared with every other recipient: the bytes are not
 * copied, only the position is private. But a view keeps the whole 64 KiB chunk it was cut
 * from alive, so a reader that stops could, one 35-byte notice per chunk, hold gigabytes while
 * being counted at kilobytes. So once a flush leaves output behind, the queue is
 * {@linkplain #detach() detached}: what it holds is copied into blocks of its own, and lines
 * added while it is behind are copied too. Then {@link #pendingBytes()}, which the output cap
 * and the server's total are checked against, is what the queue really keeps (plus at most one
 * block's slack). The copies cost only readers that are behind; when the queue drains it goes
 * back to views, and the deque is dropped and the blocks go back to the loop's
 * {@link BlockPool}, so an idle connection holds none.
 */
final class OutboundQueue {

    /** Where a gathering write goes: a {@link Transport}, or in tests a channel. */
    @FunctionalInterface
    interface Sink {
        /** Takes what it can of {@code srcs[offset..offset+length)}; returns the bytes taken. */
        long write(ByteBuffer[] srcs, int offset, int length) throws IOException;
    }

    private final BlockPool blocks;
    private ArrayDeque<ByteBuffer> buffers;
    private long pendingBytes;
    /** Copy what is added instead of viewing it: the reader is behind. */
    private boolean detached;
    /** The last block, still queued, whose limit is where the next copied bytes go; null if none has room. */
    private ByteBuffer tail;

    /** A queue whose blocks come from, and go back to, the loop's {@code blocks}. */
    OutboundQueue(BlockPool blocks) {
        this.blocks = blocks;
    }

    /** A queue with blocks of its own, none kept once written. */
    OutboundQueue() {
        this(new BlockPool(0));
    }

    void add(ByteBuffer shared) {
        if (!shared.hasRemaining()) {
            return;
        }
        if (buffers == null) {
            buffers = new ArrayDeque<>();
        }
        pendingBytes += shared.remaining();
        if (detached) {
            copyIn(shared.duplicate());
        } else {
            // Read-only whatever the caller gave: a writable buffer in the queue is taken for
            // one of the queue's own blocks and handed to the pool once written.
            buffers.addLast(shared.asReadOnlyBuffer());
        }
    }

    long pendingBytes() {
        return pendingBytes;
    }

    boolean isEmpty() {
        return pendingBytes == 0;
    }

    boolean isDetached() {
        return detached;
    }

    /**
     * Copies every queued view of a shared buffer into blocks of this queue's own, and from
     * now until the queue drains copies what is added too. Shared buffers are read-only; the
     * queue's own blocks are not, which is how the two are told apart.
     */
    void detach() {
        if (detached || buffers == null) {
            return;
        }
        detached = true;
        ArrayDeque<ByteBuffer> views = buffers;
        buffers = new ArrayDeque<>();
        for (ByteBuffer buffer : views) {
            if (buffer.isReadOnly()) {
                copyIn(buffer);
            } else {
                buffers.addLast(buffer);
                tail = null;
            }
        }
    }

    private void copyIn(ByteBuffer source) {
        while (source.hasRemaining()) {
            if (tail == null || tail.limit() == tail.capacity()) {
                tail = blocks.take();
                buffers.addLast(tail);
            }
            int at = tail.limit();
            int n = Math.min(source.remaining(), tail.capacity() - at);
            tail.limit(at + n);
            tail.put(at, source, source.position(), n);
            source.position(source.position() + n);
        }
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
                    ByteBuffer done = buffers.removeFirst();
                    if (done == tail) {
                        tail = null;
                    }
                    if (!done.isReadOnly()) {
                        blocks.give(done);
                    }
                }
            }
        } finally {
            java.util.Arrays.fill(scratch, null);
            if (pendingBytes == 0) {
                clear();
            }
        }
        return written;
    }

    /** Forgets everything queued (the connection is closing, or all is written); its blocks go back. */
    void clear() {
        if (buffers != null) {
            for (ByteBuffer buffer : buffers) {
                if (!buffer.isReadOnly()) {
                    blocks.give(buffer);
                }
            }
        }
        buffers = null;
        tail = null;
        pendingBytes = 0;
        detached = false;
    }
}
