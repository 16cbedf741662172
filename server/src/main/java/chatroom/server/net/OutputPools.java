package chatroom.server.net;

import java.nio.ByteBuffer;

/**
 * What the loop's output queues borrow while they hold output, and give back when it drains:
 * blocks to copy small lines into and the rings that list a queue's entries. An idle
 * connection holds none of it.
 *
 * <p>Three block sizes, because one message to a room of ten thousand leaves ten thousand queues
 * holding a line each until the flush. A queue whose first line is short starts in a block of
 * {@value #FIRST_BLOCK_BYTES} bytes (2.5 MiB for that room, not the 10 MiB of 1 KiB blocks or the
 * 160 MiB of 16 KiB ones: a join storm's once-a-second summary goes to every member at once).
 * Past it a queue goes on in blocks of {@value #SMALL_BLOCK_BYTES}, and only one that fills a big
 * block's worth of those in blocks of {@value #BLOCK_BYTES}, where a fast reader's pass of a few
 * hundred lines fits in one or two. Spares are kept up to a bound and trimmed by the loop every
 * {@link EventLoop#POOL_TRIM_INTERVAL} of what was not used since ({@link BlockPool#trim()}).
 * Loop thread only.
 */
class OutputPools { // not final: a test makes one that runs out of memory

    /** A queue's first block, when its first line fits: most readers between two flushes get a line or two. */
    static final int FIRST_BLOCK_BYTES = 256;
    /** The blocks after the first, until a big block's worth of them is filled. */
    static final int SMALL_BLOCK_BYTES = 1024;
    /** The big blocks after the small ones: Redis's reply chunk, a fast reader's pass of lines in one or two. */
    static final int BLOCK_BYTES = 16 * 1024;
    /** A ring's slots when taken; a queue of more entries doubles its own. */
    static final int RING_SLOTS = 16;
    /**
     * Spares kept at most: 4 MiB of first blocks, 16 MiB of small ones, 32 MiB of big ones, and
     * as many rings as first blocks.
     */
    static final int MAX_SPARE_FIRST = 16 * 1024;
    static final int MAX_SPARE_BLOCKS = 2 * 1024;
    /** A grown ring up to this many slots is kept for reuse; a bigger one is left to the collector. */
    static final int MAX_POOLED_RING = 256;

    private final BlockPool first;
    private final BlockPool small;
    private final BlockPool big;
    private final Spares<ByteBuffer[]> rings;

    OutputPools() {
        this(MAX_SPARE_FIRST, MAX_SPARE_BLOCKS);
    }

    /** Pools keeping at most these spares (first and small blocks, big ones); 0 and 0 keep nothing (each queue on its own). */
    OutputPools(int maxSpareFirst, int maxSpareBlocks) {
        // A queue gives a block back once it is written or the queue is cleared, and keeps no
        // other reference: what the pools do not keep can be freed at once.
        this.first = new BlockPool(maxSpareFirst, FIRST_BLOCK_BYTES, true);
        this.small = new BlockPool(maxSpareFirst, SMALL_BLOCK_BYTES, true);
        this.big = new BlockPool(maxSpareBlocks, BLOCK_BYTES, true);
        this.rings = new Spares<>(maxSpareFirst);
    }

    /** An empty block of {@code bytes}: {@value #FIRST_BLOCK_BYTES}, {@value #SMALL_BLOCK_BYTES} or {@value #BLOCK_BYTES}. */
    ByteBuffer takeBlock(int bytes) {
        return pool(bytes).take();
    }

    void giveBlock(ByteBuffer block) {
        pool(block.capacity()).give(block);
    }

    private BlockPool pool(int bytes) {
        return switch (bytes) {
            case FIRST_BLOCK_BYTES -> first;
            case SMALL_BLOCK_BYTES -> small;
            case BLOCK_BYTES -> big;
            default -> throw new IllegalArgumentException("no block of " + bytes + " bytes");
        };
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
        small.trim();
        big.trim();
        rings.trim(ring -> { });
    }

    /** The bytes the spare blocks hold, for {@code /metrics}. */
    long spareBytes() {
        return first.spareBytes() + small.spareBytes() + big.spareBytes();
    }

    int spareBlocks() {
        return first.spare() + small.spare() + big.spare();
    }

    int spareRings() {
        return rings.count();
    }
}
