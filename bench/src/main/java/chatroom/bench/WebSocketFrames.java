package chatroom.bench;

import static chatroom.protocol.WebSocketFrame.CONTINUATION;
import static chatroom.protocol.WebSocketFrame.FIN;
import static chatroom.protocol.WebSocketFrame.LENGTH_16;
import static chatroom.protocol.WebSocketFrame.LENGTH_64;
import static chatroom.protocol.WebSocketFrame.MASKED;
import static chatroom.protocol.WebSocketFrame.OPCODE;
import static chatroom.protocol.WebSocketFrame.RSV;

import java.nio.ByteBuffer;

/**
 * The client's half of WebSocket framing (RFC 6455 §5), as much as the bench needs: frames from
 * the server are read (never masked; a header of 2, 4 or 10 bytes), frames to it are written
 * masked with a key of the caller's choosing.
 *
 * <p>Reading works as {@link LineAssembler} does: a frame wholly inside one read is handed over
 * as a slice of the shared read buffer; only a frame cut off by the end of a read is copied,
 * into this connection's {@link Carry}, and completed from the next reads.
 *
 * <p>The chat server sends each event as one text frame, so a fragmented frame (FIN clear), a
 * masked one, a reserved bit or one longer than {@link #MAX_PAYLOAD_BYTES} is reported as an
 * error rather than handled.
 */
final class WebSocketFrames {

    /** The longest frame from the server the bench takes: a chat event is a few hundred bytes. */
    static final int MAX_PAYLOAD_BYTES = 1 << 20;

    /** Receives each whole frame from the server; the payload is a slice valid only during the call. */
    interface FrameHandler {
        void onFrame(int opcode, byte[] bytes, int offset, int length);

        /** The server sent something this reader does not take; nothing more is read. */
        void onError(String why);
    }

    private final FrameHandler handler;
    private final Carry carry = new Carry();
    private boolean failed;

    WebSocketFrames(FrameHandler handler) {
        this.handler = handler;
    }

    /** Hands every frame completed by {@code bytes[offset, offset + length)} to the handler. */
    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int p = offset;
        while (!carry.isEmpty() && p < end && !failed) {
            long whole = frameBytes(carry.array(), 0, carry.length());
            // A byte at a time while the header is cut off: its length says where the frame ends.
            int take = whole < 0 ? 1 : (int) Math.min(whole - carry.length(), end - p);
            carry.append(bytes, p, take);
            p += take;
            whole = frameBytes(carry.array(), 0, carry.length());
            if (whole == carry.length()) {
                deliver(carry.array(), 0);
                carry.clear();
            }
        }
        while (p < end && !failed) {
            long whole = frameBytes(bytes, p, end - p);
            if (whole < 0 || whole > end - p) {
                if (!failed) {
                    carry.append(bytes, p, end - p);
                }
                return;
            }
            deliver(bytes, p);
            p += (int) whole;
        }
    }

    /** Bytes of a frame waiting for the rest. */
    int pendingBytes() {
        return carry.length();
    }

    /**
     * The length of the frame starting at {@code offset}, header included, or -1 while its header
     * is not all there; also -1, with the error reported, for a frame this reader does not take.
     */
    private long frameBytes(byte[] b, int offset, int available) {
        if (available < 2) {
            return -1;
        }
        int second = b[offset + 1] & 0xFF;
        if ((second & MASKED) != 0) {
            return fail("the server masked a frame (RFC 6455 §5.1: it must not)");
        }
        int len7 = second & 0x7F;
        int header = len7 == LENGTH_64 ? 10 : len7 == LENGTH_16 ? 4 : 2;
        if (available < header) {
            return -1;
        }
        long payload = len7 < LENGTH_16 ? len7 : len7 == LENGTH_16 ? readUnsigned(b, offset + 2, 2)
                : readUnsigned(b, offset + 2, 8);
        if (payload < 0 || payload > MAX_PAYLOAD_BYTES) {
            return fail("a frame of " + Long.toUnsignedString(payload) + " bytes: more than the bench takes");
        }
        return header + payload;
    }

    /** Hands over the whole frame at {@code offset}, whose length {@link #frameBytes} has checked. */
    private void deliver(byte[] b, int offset) {
        int first = b[offset] & 0xFF;
        int len7 = b[offset + 1] & 0x7F;
        int header = len7 == LENGTH_64 ? 10 : len7 == LENGTH_16 ? 4 : 2;
        int payload = (int) (len7 < LENGTH_16 ? len7 : readUnsigned(b, offset + 2, header - 2));
        if ((first & RSV) != 0) {
            fail("a frame with a reserved bit set");
        } else if ((first & FIN) == 0 || (first & OPCODE) == CONTINUATION) {
            fail("a fragmented frame: the chat server sends each event whole");
        } else {
            handler.onFrame(first & OPCODE, b, offset + header, payload);
        }
    }

    private long fail(String why) {
        if (!failed) {
            failed = true;
            carry.clear();
            handler.onError(why);
        }
        return -1;
    }

    private static long readUnsigned(byte[] b, int offset, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = v << 8 | (b[offset + i] & 0xFF);
        }
        return v; // negative only for a 64-bit length with its top bit set, which §5.2 forbids
    }

    // Writing: client frames are always masked (§5.3).

    /** The bytes of a masked frame's header and key for a payload of {@code length} bytes. */
    static int headerBytes(int length) {
        return length < LENGTH_16 ? 6 : length <= 0xFFFF ? 8 : 14;
    }

    /**
     * Appends the header of a whole (FIN) masked frame and its masking key {@code mask}; the
     * caller appends the payload and then masks it with {@link #mask}.
     */
    static void writeHeader(ByteBuffer out, int opcode, int length, int mask) {
        out.put((byte) (FIN | opcode));
        if (length < LENGTH_16) {
            out.put((byte) (MASKED | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (MASKED | LENGTH_16));
            out.putShort((short) length);
        } else {
            out.put((byte) (MASKED | LENGTH_64));
            out.putLong(length);
        }
        out.putInt(mask);
    }

    /** Masks (or unmasks) {@code a[from, to)} in place with the 4-byte key {@code mask}, first byte first. */
    static void mask(byte[] a, int from, int to, int mask) {
        for (int i = from; i < to; i++) {
            a[i] ^= (byte) (mask >>> (24 - 8 * ((i - from) & 3)));
        }
    }

    /** Appends {@code payload} as one whole masked frame of kind {@code opcode}. */
    static void write(ByteBuffer out, int opcode, byte[] payload, int mask) {
        writeHeader(out, opcode, payload.length, mask);
        int start = out.arrayOffset() + out.position();
        out.put(payload);
        mask(out.array(), start, start + payload.length, mask);
    }
}
