package chatroom.server.net;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import chatroom.protocol.WebSocketFrame;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Turns events into the bytes of a {@link Wire} format, once per event and format, into
 * read-only direct buffers that every recipient shares.
 *
 * <p>Why direct: the JDK copies a heap buffer into a temporary direct buffer on every socket
 * write, which for a broadcast would be one copy per recipient. Why chunks: allocating a
 * direct buffer is slow (a malloc, zeroing, a Cleaner registration), too slow to do per
 * message at high rates. So encodings are carved out of 64 KiB direct chunks as read-only
 * slices; a chunk is freed by the GC once nothing holds a slice of it. An encoding a queue
 * would keep as a view rather than copy ({@link OutboundQueue#COPY_BELOW_BYTES} or longer) gets
 * a direct buffer of its own instead: a reader that stops then holds what it is counted for,
 * not a whole chunk per line.
 *
 * <p>Not thread-safe: one encoder belongs to the event loop.
 */
final class EventEncoder {

    static final int CHUNK_BYTES = 64 * 1024;
    private static final int OWN_BUFFER_BYTES = OutboundQueue.COPY_BELOW_BYTES;
    private static final byte[] CRLF = {'\r', '\n'};
    /** What an event with no form in some wire (a text user's own message) is sent as: nothing. */
    static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final TextCodec text;
    private final JsonCodec json = new JsonCodec();
    private ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);

    /** @param zone the time zone of the {@code HH:MM:SS} in text lines: the server's */
    EventEncoder(ZoneId zone) {
        this.text = new TextCodec(zone);
    }

    /** {@code out} in {@code wire}: made on the first call, the same shared bytes on every later one. */
    ByteBuffer bytes(Outbound out, Wire wire) {
        ByteBuffer bytes = out.encoded(wire.ordinal());
        if (bytes == null) {
            bytes = encode(out.event(), wire);
            out.encoded(wire.ordinal(), bytes);
        }
        return bytes;
    }

    /** One event for one recipient (a rejection straight from accept): no caching. */
    ByteBuffer encode(Event event, Wire wire) {
        if (wire == Wire.TEXT_LINES) {
            String line = text.encode(event);
            if (line == null) {
                return NOTHING;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            return share(null, bytes, bytes.length, CRLF);
        }
        byte[] line = json.encodeLine(event);
        if (wire == Wire.JSON_LINES) {
            return share(null, line, line.length, null);
        }
        // A text frame's payload is the JSON without the line end; the frame ends the message.
        int payload = line.length - CRLF.length;
        return share(WebSocketFraming.header(WebSocketFrame.TEXT, payload), line, payload, null);
    }

    /**
     * Copies {@code head} (if any), the first {@code length} bytes of {@code bytes}, then
     * {@code end} (if any) into one shareable read-only buffer.
     */
    private ByteBuffer share(byte[] head, byte[] bytes, int length, byte[] end) {
        int size = (head == null ? 0 : head.length) + length + (end == null ? 0 : end.length);
        ByteBuffer target;
        if (size >= OWN_BUFFER_BYTES) {
            target = ByteBuffer.allocateDirect(size);
        } else {
            if (chunk.remaining() < size) {
                chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
            }
            target = chunk;
        }
        int start = target.position();
        if (head != null) {
            target.put(head);
        }
        target.put(bytes, 0, length);
        if (end != null) {
            target.put(end);
        }
        return target.slice(start, size).asReadOnlyBuffer();
    }
}
