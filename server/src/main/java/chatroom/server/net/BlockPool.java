package chatroom.server.net;

import java.nio.ByteBuffer;

/**
 * Direct buffers of one size, for output queues ({@link OutputPools}) and TLS records. A fresh
 * direct buffer is a malloc, a zeroing and a cleaner, and a freed one comes back only at the
 * next collection: with ten readers that never read, taking fresh ones made the server's memory
 * grow by up to 38 MiB instead of 8. So given-back blocks are kept ({@link Spares}) for the next
 * taker. Loop thread only.
 */
final class BlockPool {

    private final int blockBytes;
    private final Spares<ByteBuffer> spares;
    /** Blocks the pool lets go of are freed at once ({@link DirectMemory}), not left to the collector. */
    private final boolean freeDropped;

    /** A pool whose dropped blocks are left to the collector. */
    BlockPool(int maxSpare, int blockBytes) {
        this(maxSpare, blockBytes, false);
    }

    /**
     * @param maxSpare the most spare blocks kept at once
     * @param freeDropped free a block the pool does not keep at once: only when whoever gives a
     *     block back certainly holds no other reference to it
     */
    BlockPool(int maxSpare, int blockBytes, boolean freeDropped) {
        if (blockBytes < 1) {
            throw new IllegalArgumentException("block bytes must be positive: " + blockBytes);
        }
        this.blockBytes = blockBytes;
        this.spares = new Spares<>(maxSpare);
        this.freeDropped = freeDropped;
    }

    /** An empty block: position 0, limit 0, so bytes are added by raising the limit. */
    ByteBuffer take() {
        ByteBuffer block = spares.take();
        if (block == null) {
            block = ByteBuffer.allocateDirect(blockBytes);
        }
        return block.position(0).limit(0);
    }

    /** A block of this pool's size that nothing refers to any more. */
    void give(ByteBuffer block) {
        if (!spares.give(block) && freeDropped) {
            DirectMemory.free(block);
        }
    }

    /** Lets go of the spares no one took since the last trim. */
    void trim() {
        spares.trim(freeDropped ? DirectMemory::free : block -> { });
    }

    int blockBytes() {
        return blockBytes;
    }

    int spare() {
        return spares.count();
    }

    /** The bytes the spares hold. */
    long spareBytes() {
        return (long) spares.count() * blockBytes;
    }
}
