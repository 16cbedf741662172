package chatroom.server.net;

import java.nio.ByteBuffer;

/**
 * What the loop's output queues borrow while they hold output, and give back when it drains:
 * blocks to copy small lines into and the rings that list a queue's entries. An idle
 * connection holds none of it.
 *
 * <p>Two block sizes, because one message to a room of ten thousand leaves ten thousand queues
 * holding a line each until the flush: a queue's first block is {@value #FIRST_BLOCK_BYTES}
 * bytes (10 MiB for that room, not the 160 MiB of 16 KiB blocks), and only a queue that
 * fills it goes on in blocks of {@value #BLOCK_BYTES}, where a fast reader's pass of a few
 * hundred lines fits in one or two. Spares are kept up to a bound and trimmed by the loop every
 * {@link EventLoop#POOL_TRIM_INTERVAL} of what was not used since ({@link BlockPool#trim()}).
 * Loop thread only.
 */
class OutputPools { // not final: a test makes one that runs out of memory

    /** A queue's first block: most readers between two flushes get a few lines. */
    static final int FIRST_BLOCK_BYTES = 1024;
    /** The blocks after the first: Redis's reply chunk, a pass of lines in one or two. */
    static final int BLOCK_BYTES = 16 * 1024;
    /** A ring's slots when taken; a queue of more entries doubles its own. */
    static final int RING_SLOTS = 16;
    /** Spares kept at most: 16 MiB of first blocks, 32 MiB of the others, and as many rings as first blocks. */
    static final int MAX_SPARE_FIRST = 16 * 1024;
    static final int MAX_SPARE_BLOCKS = 2 * 1024;
    /** A grown ring up to this many slots is kept for reuse; a bigger one is left to the collector. */
    static final int MAX_POOLED_RING = 256;

    private final BlockPool first;
    private final BlockPool next;
    private final Spares<ByteBuffer[]> rings;

    OutputPools() {
        this(MAX_SPARE_FIRST, MAX_SPARE_BLOCKS);
    }

    /** Pools keeping at most these spares; 0 and 0 keep nothing (each queue on its own). */
    OutputPools(int maxSpareFirst, int maxSpareBlocks) {
        // A queue gives a block back once it is written or the queue is cleared, and keeps no
        // other reference: what the pools do not keep can be freed at once.
        this.first = new BlockPool(maxSpareFirst, FIRST_BLOCK_BYTES, true);
        this.next = new BlockPool(maxSpareBlocks, BLOCK_BYTES, true);
        this.rings = new Spares<>(maxSpareFirst);
    }

    /** An empty block: a small one ({@value #FIRST_BLOCK_BYTES} bytes) or a big one. */
    ByteBuffer takeBlock(boolean small) {
        return small ? first.take() : next.take();
    }

    void giveBlock(ByteBuffer block) {
        (block.capacity() == FIRST_BLOCK_BYTES ? first : next).give(block);
    }

    /** An empty ring of {@value #RING_SLOTS} slots, or more. */
    ByteBuffer[] takeRing() {
        ByteBuffer[] ring = rings.take();
        return ring != null ? ring : new ByteBuffer[RING_SLOTS];
    }

    /** A ring whose slots are all null again; a grown one too big to keep is left to the collector. */
    void giveRing(ByteBuffer[] ring) {
        if (ring.length <= MAX_POOLED_RING) {
            rings.give(ring);
        }
    }

    /** Lets go of the spares no queue took since the last trim. */
    void trim() {
        first.trim();
        next.trim();
        rings.trim(ring -> { });
    }

    /** The bytes the spare blocks hold, for {@code /metrics}. */
    long spareBytes() {
        return first.spareBytes() + next.spareBytes();
    }

    int spareBlocks() {
        return first.spare() + next.spare();
    }

    int spareRings() {
        return rings.count();
    }
}
