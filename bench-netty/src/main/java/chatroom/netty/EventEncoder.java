package chatroom.netty;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.ZoneId;

/**
 * An event as the text line chatroom sends, by the protocol module's own {@link TextCodec}, in
 * a direct buffer. Direct because both transports would otherwise copy a heap buffer into a
 * direct one for every channel it is written to: a broadcast shares one buffer among all its
 * recipients only if it is direct from the start.
 *
 * <p>The codec caches the current second's {@code HH:MM:SS} and is not thread-safe: one encoder
 * serves the one event loop.
 */
final class EventEncoder {

    private final TextCodec codec;

    EventEncoder(ZoneId zone) {
        codec = new TextCodec(zone);
    }

    /** The event's lines, CR LF at the end of each; null if it has no text form. */
    ByteBuf encode(ByteBufAllocator alloc, Event event) {
        byte[] lines = codec.encodeLines(event);
        if (lines == null) {
            return null;
        }
        return alloc.directBuffer(lines.length).writeBytes(lines);
    }
}
