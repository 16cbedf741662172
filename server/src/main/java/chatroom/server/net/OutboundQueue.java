package chatroom.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes waiting to go out on one connection, written with gathering writes.
 *
 * <p>A line shorter than {@link #COPY_BELOW_BYTES} is copied onto the end of the queue's
 * current block, borrowed from the loop's {@link OutputPools}, as Redis copies a reply into its
 * client's 16 KiB buffer: a pass's hundred lines for a reader then leave in one write of a block
 * or two, where one view per line took a write call per 64 lines, and a loopback write costs
 * the same 3 to 4 µs whether it carries 85 bytes or 5 KB. A longer line is queued as a view of
 * the encoding every recipient shares, since copying it to every reader costs more than the
 * iovec it saves (bench/jmh.sh OutboundCopy). Such an encoding has a buffer of its own
 * ({@link EventEncoder}), so a view keeps alive no more than the line it shows.
 *
 * <p>Two counts: {@link #pendingBytes()}, the bytes still to write, and {@link #heldBytes()},
 * the memory held for them (whole blocks, whole views), which the output limits are checked
 * against.
 *
 * <p>Nothing is allocated per line or per pass: the ring of entries and the blocks come from the
 * loop's pools while output is pending and go back when it drains, so an idle connection holds
 * neither. Loop thread only.
 */
final class OutboundQueue {

    /** Where a gathering write goes: a {@link Transport}, or in tests a channel. */
    @FunctionalInterface
    interface Sink {
        /** Takes what it can of {@code srcs[offset..offset+length)}; returns the bytes taken. */
        long write(ByteBuffer[] srcs, int offset, int length) throws IOException;
    }

    /**
     * Lines shorter than this are copied into the queue's blocks; longer ones are queued as
     * shared views. A copied line always fits a fresh small block, so one message to a big room
     * costs each member at most a small block (hostile round 1: lines of 1 to 2 KiB took a small
     * and a big block each, 17 KiB a member).
     */
    static final int COPY_BELOW_BYTES = OutputPools.SMALL_BLOCK_BYTES;

    /** Small blocks a queue fills before it goes on in big ones: a big block's worth. */
    static final int SMALL_BLOCKS_BEFORE_BIG = OutputPools.BLOCK_BYTES / OutputPools.SMALL_BLOCK_BYTES;

    private final OutputPools pools;
    private final int copyBelow;
    /** The entries, oldest at {@link #head}: the queue's own blocks (writable) and shared views (read-only). Null while empty. */
    private ByteBuffer[] ring;
    private int head;
    private int size;
    /** The last entry when it is one of the queue's blocks: the next copied bytes go at its limit. */
    private ByteBuffer tail;
    private long pendingBytes;
    /**
     * The memory the entries hold: each block's whole capacity, each view's buffer. What the
     * output limits are checked against, since a block three lines fill holds 16 KiB all the
     * same (hostile round 1: long and short lines in turn held eight times the bytes counted).
     */
    private long heldBytes;
    /** Small blocks taken since the queue was empty or a view was queued: past a big block's worth, big ones. */
    private int smallBlocks;

    /** A queue whose ring and blocks come from, and go back to, the loop's pools. */
    OutboundQueue(OutputPools pools) {
        this(pools, COPY_BELOW_BYTES);
    }

    /** @param copyBelow lines shorter than this are copied, the rest viewed (0: every line viewed) */
    OutboundQueue(OutputPools pools, int copyBelow) {
        if (copyBelow > OutputPools.BLOCK_BYTES) {
            throw new IllegalArgumentException("a copied line must fit one block: " + copyBelow);
        }
        this.pools = pools;
        this.copyBelow = copyBelow;
    }

    /** A queue with pools of its own, nothing kept once written. */
    OutboundQueue() {
        this(new OutputPools(0, 0));
    }

    /**
     * Queues the remaining bytes of {@code line}, whose position is left as it is: it may be
     * shared. All or nothing: if memory runs out on the way (a block or a bigger ring cannot
     * be had; the loop survives an OutOfMemoryError), nothing of the line is queued or counted,
     * so the queue never holds half a line or counts bytes it does not hold.
     */
    void add(ByteBuffer line) {
        int n = line.remaining();
        if (n == 0) {
            return;
        }
        if (n < copyBelow) {
            copyIn(line, n);
        } else {
            // Read-only whatever the caller gave: a writable entry is taken for one of the
            // queue's own blocks and handed to the pool once written.
            ByteBuffer view = line.asReadOnlyBuffer();
            push(view);
            heldBytes += view.capacity();
            tail = null; // what is copied next goes after this view, in a block of its own
            smallBlocks = 0;
        }
        pendingBytes += n;
    }

    /** The bytes still to be written. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** The memory the queue holds for them: at least {@link #pendingBytes()}, at most a block more per entry. */
    long heldBytes() {
        return heldBytes;
    }

    boolean isEmpty() {
        return pendingBytes == 0;
    }

    /**
     * Copies {@code n} bytes of {@code line} into the tail block and, for what does not fit, one
     * new block, taken and queued before anything is copied. A line is shorter than a block, so
     * one is always enough. An empty queue starts in a first block when the line fits one: most
     * queues between two flushes hold a line or two. New blocks after it are small until a big
     * block's worth of them was filled since the queue was empty or a view was queued, so
     * whatever lines a reader is sent, its blocks hold at most about twice what
     * it has to read (hostile round 2: a big block taken as soon as a small one filled, then left
     * behind a view, held nine times the bytes). A queue that copies more goes on in big ones,
     * so a fast reader's pass still leaves in a few buffers.
     */
    private void copyIn(ByteBuffer line, int n) {
        ByteBuffer current = tail;
        int room = current == null ? 0 : current.capacity() - current.limit();
        ByteBuffer next = null;
        if (room < n) {
            int bytes = nextBlockBytes(n, current);
            next = pools.takeBlock(bytes);
            push(next);
            heldBytes += next.capacity();
            if (bytes == OutputPools.SMALL_BLOCK_BYTES) {
                smallBlocks++;
            }
        }
        int from = line.position();
        if (room > 0) {
            int first = Math.min(room, n);
            append(current, line, from, first);
            from += first;
        }
        if (next != null) {
            append(next, line, from, line.position() + n - from);
            tail = next;
        }
    }

    /** The size of the block a line of {@code n} bytes goes on in, after {@code current} (null: none). */
    private int nextBlockBytes(int n, ByteBuffer current) {
        if (size == 0 && n <= OutputPools.FIRST_BLOCK_BYTES) {
            return OutputPools.FIRST_BLOCK_BYTES;
        }
        boolean stillSmall = smallBlocks < SMALL_BLOCKS_BEFORE_BIG
                && (current == null || current.capacity() < OutputPools.BLOCK_BYTES);
        return n <= OutputPools.SMALL_BLOCK_BYTES && stillSmall ? OutputPools.SMALL_BLOCK_BYTES : OutputPools.BLOCK_BYTES;
    }

    private static void append(ByteBuffer block, ByteBuffer line, int from, int length) {
        int at = block.limit();
        block.limit(at + length);
        block.put(at, line, from, length);
    }

    private void push(ByteBuffer entry) {
        if (ring == null) {
            ring = pools.takeRing();
        } else if (size == ring.length) {
            grow();
        }
        ring[(head + size++) & (ring.length - 1)] = entry;
    }

    /** Doubles the ring, oldest entry first; the old one goes back to the pool. */
    private void grow() {
        ByteBuffer[] bigger = new ByteBuffer[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        Arrays.fill(ring, null);
        pools.giveRing(ring);
        ring = bigger;
        head = 0;
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
        int lent = 0;
        try {
            while (pendingBytes > 0 && written < budget) {
                // Entries up to the budget left, not the whole ring: one call of a thousand full
                // blocks would be 16 MiB at once where the budget says 256 KiB.
                int limit = Math.min(size, scratch.length);
                int mask = ring.length - 1;
                int count = 0;
                for (long offered = 0; count < limit && offered < budget - written; count++) {
                    ByteBuffer entry = ring[(head + count) & mask];
                    scratch[count] = entry;
                    offered += entry.remaining();
                }
                lent = Math.max(lent, count);
                long n = sink.write(scratch, 0, count);
                if (n <= 0) {
                    break;
                }
                written += n;
                pendingBytes -= n;
                dropWritten();
            }
        } finally {
            // The loop's array must not keep a connection's buffers alive.
            Arrays.fill(scratch, 0, lent, null);
            if (pendingBytes == 0) {
                clear();
            }
        }
        return written;
    }

    /** Takes the entries the last write emptied off the front; the queue's own blocks go back to the pool. */
    private void dropWritten() {
        int mask = ring.length - 1;
        while (size > 0 && !ring[head].hasRemaining()) {
            ByteBuffer done = ring[head];
            ring[head] = null;
            head = (head + 1) & mask;
            size--;
            if (done == tail) {
                tail = null;
            }
            heldBytes -= done.capacity();
            if (!done.isReadOnly()) {
                pools.giveBlock(done);
            }
        }
    }

    /** Forgets everything queued (the connection is closing, or all is written); its blocks and ring go back. */
    void clear() {
        if (ring != null) {
            int mask = ring.length - 1;
            for (int i = 0; i < size; i++) {
                ByteBuffer entry = ring[(head + i) & mask];
                ring[(head + i) & mask] = null;
                if (!entry.isReadOnly()) {
                    pools.giveBlock(entry);
                }
            }
            pools.giveRing(ring);
        }
        ring = null;
        head = 0;
        size = 0;
        tail = null;
        pendingBytes = 0;
        heldBytes = 0;
        smallBlocks = 0;
    }
}
