package chatroom.server.net;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees a direct buffer now instead of at the next full collection. An idle server runs none,
 * so the blocks an attack or a burst made, once dropped, kept their native memory for as long
 * as the server stayed quiet (hostile round 1 of issue 15: 113 MB held for minutes after every
 * client had gone, back at once on a GC). The JDK's {@code sun.misc.Unsafe.invokeCleaner}, as
 * Netty and Lucene use it; where it is missing the buffer is left to the collector.
 *
 * <p>Only for buffers nothing else refers to: a freed buffer read again is a crash, not an
 * exception. Here that is the output pools' own blocks, dropped by the pool itself.
 */
final class DirectMemory {

    private static final Logger log = LoggerFactory.getLogger(DirectMemory.class);
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private DirectMemory() {
    }

    /** Frees {@code block}, a buffer made by {@code allocateDirect} (not a slice or a view of one). */
    static void free(ByteBuffer block) {
        if (UNSAFE != null && block.isDirect()) {
            UNSAFE.invokeCleaner(block);
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("event=direct_free_unavailable error=\"{}\"", e.toString());
            return null;
        }
    }
}
