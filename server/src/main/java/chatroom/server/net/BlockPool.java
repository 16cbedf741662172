package chatroom.server.net;

import java.nio.ByteBuffer;

/**
 * Spare blocks for the queues of readers that fell behind ({@link OutboundQueue#detach()}).
 * Readers under full load fall behind and catch up again many times a second; a fresh direct
 * buffer each time is a malloc, a zeroing and a cleaner, and the freed ones come back only
 * at the next collection, which with ten readers that never read made the server's memory
 * grow by up to 38 MiB instead of 8. A few megabytes of spare blocks are kept for the next
 * queue that needs one; beyond that, returned blocks are left to the collector, so what an
 * attack needed is not kept forever. Loop thread only, like the queues.
 */
final class BlockPool {

    /** The size of a block of the queues' pool. */
    static final int BLOCK_BYTES = 16 * 1024;
    /** Spare blocks kept at most: 4 MiB. */
    static final int DEFAULT_SPARE_BLOCKS = 256;

    private final ByteBuffer[] spare;
    private final int blockBytes;
    private int count;

    BlockPool(int spareBlocks) {
        this(spareBlocks, BLOCK_BYTES);
    }

    /** A pool of blocks of another size: TLS records ({@link TlsTransport#PACKET_BYTES}). */
    BlockPool(int spareBlocks, int blockBytes) {
        this.spare = new ByteBuffer[spareBlocks];
        this.blockBytes = blockBytes;
    }

    /** An empty block: position 0, limit 0, so bytes are added by raising the limit. */
    ByteBuffer take() {
        ByteBuffer block;
        if (count > 0) {
            block = spare[--count];
            spare[count] = null;
        } else {
            block = ByteBuffer.allocateDirect(blockBytes);
        }
        return block.position(0).limit(0);
    }

    /** A block nothing refers to any more. */
    void give(ByteBuffer block) {
        if (count < spare.length) {
            spare[count++] = block;
        }
    }

    int spare() {
        return count;
    }
}
