package chatroom.server.history;

import chatroom.protocol.Event;
import chatroom.protocol.Names;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The bytes of one segment of a room's log, pure: no files here.
 *
 * <pre>
 * header:  "CHATLOG1" | u8 version | u16 n | n bytes: the room's name as first typed (UTF-8)
 * record:  u32 payload length | u32 CRC32C of the payload | payload
 * payload: u8 kind (1 said, 2 action) | i64 id | i64 epoch seconds | i32 nanos
 *          | u16 n | n bytes: sender (UTF-8) | the text (UTF-8, the rest)
 * </pre>
 *
 * <p>Big-endian throughout. {@link #scan} never throws on what it reads: a record whose length,
 * checksum or content is wrong is skipped and counted, and reading goes on at the next offset
 * where a whole record with a matching checksum starts (a bad length would otherwise lose the
 * rest of the file). What cannot be followed by any good record is a <em>torn tail</em>: the
 * last write of a process that stopped in the middle of it, never to be replayed.
 */
final class SegmentFormat {

    static final int VERSION = 1;
    /** A payload longer than this is corruption: the chat's lines are far shorter. */
    static final int MAX_PAYLOAD = 1 << 20;
    static final byte SAID = 1;
    static final byte ACTION = 2;

    private static final byte[] MAGIC = "CHATLOG1".getBytes(StandardCharsets.US_ASCII);
    private static final int FRAME = 8;
    private static final int FIXED_PAYLOAD = 1 + 8 + 8 + 4 + 2;

    private SegmentFormat() {}

    /**
     * What {@link #scan} found in a segment.
     *
     * @param room the room's name from the header, null when the header is not one
     * @param headerEnd where the records start: the header's length, 0 without a header
     * @param validEnd just past the last good record (or the header): where a writer may append
     * @param skippedRecords records whose checksum matched but whose content makes no sense
     * @param skippedBytes bytes skipped in the middle: good records follow them
     * @param tornBytes bytes at the end that no good record follows
     */
    record Scan(String room, int headerEnd, int validEnd, int records, int skippedRecords, long skippedBytes,
            long tornBytes) {

        boolean headerOk() {
            return room != null;
        }
    }

    /** The header of a segment of {@code room}, a valid name. */
    static byte[] header(String room) {
        byte[] name = room.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + 2 + name.length);
        out.put(MAGIC).put((byte) VERSION).putShort((short) name.length).put(name);
        return out.array();
    }

    /**
     * {@code message} (a {@link Event.Said} or {@link Event.Action}) as a record.
     *
     * @throws IllegalArgumentException for another event, or a payload past {@link #MAX_PAYLOAD}
     */
    static byte[] record(Event message) {
        byte kind;
        long id;
        String from;
        String text;
        if (message instanceof Event.Said said) {
            kind = SAID;
            id = said.id();
            from = said.from();
            text = said.text();
        } else if (message instanceof Event.Action action) {
            kind = ACTION;
            id = action.id();
            from = action.from();
            text = action.text();
        } else {
            throw new IllegalArgumentException("not a room message: " + message.getClass().getSimpleName());
        }
        byte[] sender = from.getBytes(StandardCharsets.UTF_8);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        int payload = FIXED_PAYLOAD + sender.length + body.length;
        if (sender.length > 0xffff || payload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("message too long: " + payload + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(FRAME + payload);
        out.position(FRAME);
        out.put(kind).putLong(id).putLong(message.ts().getEpochSecond()).putInt(message.ts().getNano())
                .putShort((short) sender.length).put(sender).put(body);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), FRAME, payload);
        out.putInt(0, payload).putInt(4, (int) crc.getValue());
        return out.array();
    }

    /**
     * Reads {@code data[0, length)}, a whole segment, handing each good message to {@code each}
     * in file order; {@code fallbackRoom} names the messages when the header is not readable.
     */
    static Scan scan(byte[] data, int length, String fallbackRoom, Consumer<Event> each) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        String room = headerRoom(in, utf8);
        int headerEnd = room == null ? 0 : in.position();
        String named = room == null ? fallbackRoom : room;
        int at = headerEnd;
        int validEnd = headerEnd;
        int records = 0;
        int skippedRecords = 0;
        long skippedBytes = 0;
        while (at < length) {
            int payload = framed(data, at, length);
            if (payload < 0) {
                int next = resync(data, at + 1, length);
                if (next < 0) {
                    return new Scan(room, headerEnd, validEnd, records, skippedRecords, skippedBytes, length - at);
                }
                skippedBytes += next - at;
                at = next;
                continue;
            }
            Event message = message(data, at + FRAME, payload, named, utf8);
            if (message == null) {
                skippedRecords++;
            } else {
                records++;
                each.accept(message);
            }
            at += FRAME + payload;
            validEnd = at;
        }
        return new Scan(room, headerEnd, validEnd, records, skippedRecords, skippedBytes, 0);
    }

    /** The room named by a header at {@code in}'s start, leaving {@code in} past it; null when there is none. */
    private static String headerRoom(ByteBuffer in, CharsetDecoder utf8) {
        if (in.remaining() < MAGIC.length + 3) {
            return null;
        }
        for (byte b : MAGIC) {
            if (in.get() != b) {
                return null;
            }
        }
        int version = in.get() & 0xff;
        int n = in.getShort() & 0xffff;
        if (version != VERSION || n > in.remaining()) {
            return null;
        }
        String room = text(in, n, utf8);
        return room != null && Names.isValid(room) ? room : null;
    }

    /** The payload length of a whole record at {@code at} whose checksum matches, else -1. */
    private static int framed(byte[] data, int at, int length) {
        if (length - at < FRAME + FIXED_PAYLOAD) {
            return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        int payload = in.getInt(at);
        if (payload < FIXED_PAYLOAD || payload > MAX_PAYLOAD || payload > length - at - FRAME) {
            return -1;
        }
        byte kind = data[at + FRAME];
        if (kind != SAID && kind != ACTION) {
            return -1; // cheap, and spares a checksum over a megabyte at most offsets of garbage
        }
        CRC32C crc = new CRC32C();
        crc.update(data, at + FRAME, payload);
        return (int) crc.getValue() == in.getInt(at + 4) ? payload : -1;
    }

    /** The first offset from {@code from} where a good record starts, -1 for none. */
    private static int resync(byte[] data, int from, int length) {
        for (int at = from; at < length; at++) {
            if (framed(data, at, length) >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** The message of a payload whose checksum matched, or null when what it holds makes no sense. */
    private static Event message(byte[] data, int start, int payload, String room, CharsetDecoder utf8) {
        ByteBuffer in = ByteBuffer.wrap(data, start, payload).slice();
        byte kind = in.get();
        long id = in.getLong();
        long seconds = in.getLong();
        int nanos = in.getInt();
        int n = in.getShort() & 0xffff;
        if (nanos < 0 || nanos > 999_999_999 || n > in.remaining()
                || seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            return null;
        }
        String from = text(in, n, utf8);
        String text = text(in, in.remaining(), utf8);
        if (from == null || text == null) {
            return null;
        }
        Instant ts = Instant.ofEpochSecond(seconds, nanos);
        return kind == SAID ? new Event.Said(ts, id, room, from, text, false)
                : new Event.Action(ts, id, room, from, text, false);
    }

    /** The next {@code n} bytes of {@code in} as UTF-8, or null when they are not. */
    private static String text(ByteBuffer in, int n, CharsetDecoder utf8) {
        ByteBuffer bytes = in.slice().limit(n);
        in.position(in.position() + n);
        try {
            CharBuffer chars = utf8.reset().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
