package chatroom.server.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes outgoing lines once, as UTF-8 ending in CR LF, into read-only direct buffers that
 * every recipient shares.
 *
 * <p>Why direct: the JDK copies a heap buffer into a temporary direct buffer on every socket
 * write, which for a broadcast would be one copy per recipient. Why chunks: allocating a
 * direct buffer is slow (a malloc, zeroing, a Cleaner registration), too slow to do per
 * message at high rates. So lines are carved out of 64 KiB direct chunks as read-only
 * slices; a chunk is freed by the GC once no queue and no history holds a slice of it.
 * Lines too big to share a chunk get a direct buffer of their own.
 *
 * <p>Not thread-safe: one encoder belongs to the event loop.
 */
public final class LineEncoder {

    static final int CHUNK_BYTES = 64 * 1024;
    private static final int OWN_BUFFER_BYTES = CHUNK_BYTES / 8;
    private static final byte[] CRLF = {'\r', '\n'};

    private ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);

    /** Encodes {@code line} plus CR LF. The result is read-only and may be shared. */
    public ByteBuffer encode(String line) {
        return encodeBytes(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies an already encoded line, without its CR LF, into a shareable buffer. */
    public ByteBuffer encodeBytes(byte[] utf8) {
        int size = utf8.length + CRLF.length;
        ByteBuffer target;
        if (size > OWN_BUFFER_BYTES) {
            target = ByteBuffer.allocateDirect(size);
        } else {
            if (chunk.remaining() < size) {
                chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
            }
            target = chunk;
        }
        int start = target.position();
        target.put(utf8).put(CRLF);
        return target.slice(start, size).asReadOnlyBuffer();
    }
}
