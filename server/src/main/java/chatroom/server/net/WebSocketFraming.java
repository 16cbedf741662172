package chatroom.server.net;

import static chatroom.protocol.WebSocketFrame.BINARY;
import static chatroom.protocol.WebSocketFrame.CLOSE;
import static chatroom.protocol.WebSocketFrame.CONTINUATION;
import static chatroom.protocol.WebSocketFrame.FIN;
import static chatroom.protocol.WebSocketFrame.LENGTH_16;
import static chatroom.protocol.WebSocketFrame.LENGTH_64;
import static chatroom.protocol.WebSocketFrame.MASKED;
import static chatroom.protocol.WebSocketFrame.MAX_CONTROL_PAYLOAD;
import static chatroom.protocol.WebSocketFrame.OPCODE;
import static chatroom.protocol.WebSocketFrame.PING;
import static chatroom.protocol.WebSocketFrame.PONG;
import static chatroom.protocol.WebSocketFrame.RSV;
import static chatroom.protocol.WebSocketFrame.TEXT;

import chatroom.protocol.Format;
import chatroom.server.chat.Outbound;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6455 frames after the upgrade: a text message in, one chat line; an event out, one text
 * frame of JSON ({@link Wire#WS_JSON}). Only what a chat page needs is accepted, and every
 * other thing gets the RFC's answer, a Close frame with its code, then the draining close:
 *
 * <ul>
 *   <li>1002, protocol error: an unmasked frame, RSV bits (no extension is negotiated), a
 *       reserved opcode, a control frame fragmented or over 125 bytes, a continuation with no
 *       message open or a new message while one is, a 64-bit length with its top bit set, a
 *       Close with a 1-byte payload or a code nobody may send;</li>
 *   <li>1003: a binary message (the chat is text);</li>
 *   <li>1007: text that is not UTF-8, judged byte by byte across fragments so it fails at the
 *       first impossible byte ({@link Utf8Validator}), and a Close reason that is not;</li>
 *   <li>1009: a message over the line limit, judged from the frame header before a byte of it
 *       is kept, so a length of 2^62 costs nothing.</li>
 * </ul>
 * A ping is answered with a pong of the same payload ({@link Inbound.Answer}); a pong is
 * ignored; the client's Close is answered with a Close of the same code ({@link Inbound.Hangup}).
 *
 * <p>One text message is one chat line, whatever it holds: CR and LF inside it end nothing and
 * are removed by the chat with every other control character ({@code Text.sanitize}), as a
 * telnet user's line never holds them either.
 *
 * <p>The decoder pulls, like {@link LineDecoder}: {@link #next} takes bytes up to the end of one
 * frame that means something (a whole message, a ping, a close) and keeps any part of a header
 * or payload for the next call, so input may come one byte at a time. Between messages it keeps
 * no array ({@link #releaseIfIdle}); the payload is unmasked as it is copied out of the read
 * buffer, and a message's buffer grows only as its bytes arrive.
 */
final class WebSocketFraming implements Framing {

    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int UNSUPPORTED_DATA = 1003;
    static final int INVALID_DATA = 1007;
    static final int TOO_BIG = 1009;

    /** What is left of a Close frame's payload for the reason, after its 2-byte code. */
    static final int MAX_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

    // Where the decoder is in the current frame.
    private static final int FIRST_BYTE = 0;
    private static final int SECOND_BYTE = 1;
    private static final int LENGTH = 2;
    private static final int MASK = 3;
    private static final int PAYLOAD = 4;
    /** After a Close, ours or the client's: nothing more is read. */
    private static final int ENDED = 5;

    // Small fields are bytes, not ints: an idle connection holds this object, 48 bytes rather than 64.
    private final int maxLineBytes;
    private byte stage = FIRST_BYTE;
    /** The current frame's first byte: FIN and opcode. */
    private byte first;
    /** Bytes of the extended length or of the masking key still to come. */
    private byte due;
    /** The current frame's payload bytes still to come (while LENGTH: the length so far). */
    private long remaining;
    /** The masking key, turned one byte left for each payload byte, so its top byte is the next one's. */
    private int mask;
    /** The payload of the control frame being read; null between control frames. */
    private byte[] control;
    /** The text message being put together, its first {@code messageLength} bytes; null when none is. */
    private byte[] message;
    private int messageLength;
    /** A fragmented message has begun and its final fragment not yet come. */
    private boolean messageOpen;
    /** The {@link Utf8Validator} state at the end of the message so far. */
    private byte utf8 = Utf8Validator.ACCEPT;

    WebSocketFraming(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Inbound next(ByteBuffer in) {
        while (in.hasRemaining()) {
            Inbound result = switch (stage) {
                case FIRST_BYTE -> firstByte(in.get() & 0xFF);
                case SECOND_BYTE -> secondByte(in.get() & 0xFF);
                case LENGTH -> lengthByte(in.get() & 0xFF);
                case MASK -> maskByte(in.get() & 0xFF);
                case PAYLOAD -> payload(in);
                default -> {
                    in.position(in.limit()); // after the end: the connection reads only for EOF
                    yield null;
                }
            };
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    private Inbound firstByte(int b) {
        if ((b & RSV) != 0) {
            return fail(PROTOCOL_ERROR, "reserved bits set");
        }
        int opcode = b & OPCODE;
        boolean fin = (b & FIN) != 0;
        if (isControl(opcode)) {
            if (opcode > PONG) {
                return fail(PROTOCOL_ERROR, "reserved opcode " + opcode);
            }
            if (!fin) {
                return fail(PROTOCOL_ERROR, "fragmented control frame");
            }
        } else if (opcode > BINARY) {
            return fail(PROTOCOL_ERROR, "reserved opcode " + opcode);
        } else if (opcode == CONTINUATION && !messageOpen) {
            return fail(PROTOCOL_ERROR, "continuation with no message begun");
        } else if (opcode != CONTINUATION && messageOpen) {
            return fail(PROTOCOL_ERROR, "new message before the last one ended");
        } else if (opcode == BINARY) {
            return fail(UNSUPPORTED_DATA, "binary messages are not accepted");
        }
        first = (byte) b;
        stage = SECOND_BYTE;
        return null;
    }

    private Inbound secondByte(int b) {
        if ((b & MASKED) == 0) {
            return fail(PROTOCOL_ERROR, "unmasked frame");
        }
        int length = b & 0x7F;
        if (isControl(first & OPCODE) && length > MAX_CONTROL_PAYLOAD) {
            return fail(PROTOCOL_ERROR, "control frame over " + MAX_CONTROL_PAYLOAD + " bytes");
        }
        if (length < LENGTH_16) {
            remaining = length;
            return lengthKnown();
        }
        remaining = 0;
        due = (byte) (length == LENGTH_16 ? 2 : 8);
        stage = LENGTH;
        return null;
    }

    private Inbound lengthByte(int b) {
        remaining = remaining << 8 | b;
        return --due == 0 ? lengthKnown() : null;
    }

    /** The whole length is in: judged now, before a byte of the payload is kept. */
    private Inbound lengthKnown() {
        if (remaining < 0) {
            return fail(PROTOCOL_ERROR, "frame length with its most significant bit set");
        }
        if (!isControl(first & OPCODE) && remaining > maxLineBytes - messageLength) {
            return fail(TOO_BIG, "message over " + maxLineBytes + " bytes");
        }
        stage = MASK;
        due = 4;
        mask = 0;
        return null;
    }

    private Inbound maskByte(int b) {
        mask = mask << 8 | b;
        if (--due > 0) {
            return null;
        }
        stage = PAYLOAD;
        if (isControl(first & OPCODE)) {
            control = new byte[(int) remaining];
        }
        return remaining == 0 ? frameEnd() : null;
    }

    /** Unmasks what {@code in} holds of the payload into the message or control buffer. */
    private Inbound payload(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), remaining);
        byte[] into;
        int at;
        if (control != null) {
            into = control;
            at = control.length - (int) remaining;
        } else {
            reserve(n);
            into = message;
            at = messageLength;
        }
        for (int i = 0; i < n; i++) {
            int b = (in.get() ^ mask >>> 24) & 0xFF;
            mask = Integer.rotateLeft(mask, 8);
            into[at + i] = (byte) b;
            if (control == null) {
                utf8 = (byte) Utf8Validator.step(utf8, b);
                if (utf8 == Utf8Validator.REJECT) {
                    return fail(INVALID_DATA, "invalid UTF-8");
                }
            }
        }
        if (control == null) {
            messageLength += n;
        }
        remaining -= n;
        return remaining == 0 ? frameEnd() : null;
    }

    /** Room in the message buffer for {@code n} more bytes; the header check keeps it within the cap. */
    private void reserve(int n) {
        int needed = messageLength + n;
        if (message == null) {
            message = new byte[needed];
        } else if (message.length < needed) {
            message = Arrays.copyOf(message, Math.max(needed, (int) Math.min(2L * message.length, maxLineBytes)));
        }
    }

    private Inbound frameEnd() {
        stage = FIRST_BYTE;
        int opcode = first & OPCODE;
        if (isControl(opcode)) {
            byte[] payload = control;
            control = null;
            if (opcode == CLOSE) {
                return closeReceived(payload);
            }
            return opcode == PING ? new Inbound.Answer(frame(PONG, payload)) : null; // a pong: nothing to do
        }
        if ((first & FIN) == 0) {
            messageOpen = true;
            return null;
        }
        messageOpen = false;
        if (utf8 != Utf8Validator.ACCEPT) {
            return fail(INVALID_DATA, "invalid UTF-8"); // the last character cut short
        }
        String text = messageLength == 0 ? "" : new String(message, 0, messageLength, StandardCharsets.UTF_8);
        messageLength = 0;
        return new Inbound.Line(text);
    }

    /** The client's Close: checked, then answered with its code (RFC 6455 §5.5.1). */
    private Inbound closeReceived(byte[] payload) {
        if (payload.length == 1) {
            return fail(PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = NORMAL;
        if (payload.length >= 2) {
            code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
            if (!mayBeSent(code)) {
                return fail(PROTOCOL_ERROR, "close code " + code);
            }
            if (!Utf8Validator.isValid(payload, 2, payload.length)) {
                return fail(INVALID_DATA, "close reason not UTF-8");
            }
        }
        end();
        return new Inbound.Hangup(close(code, ""), Inbound.PEER_CLOSED);
    }

    /**
     * The codes a Close frame may carry (RFC 6455 §7.4, and IANA's registry for 1012..1014):
     * 1004 is reserved, 1005, 1006 and 1015 stand for "no code", "no Close" and "TLS failed"
     * and must never be sent, 3000..4999 are for libraries and applications.
     */
    static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The client broke the protocol: a Close with {@code code}, and the connection ends. */
    private Inbound fail(int code, String why) {
        end();
        return new Inbound.Hangup(close(code, why), "websocket error " + code + ": " + why);
    }

    private void end() {
        stage = ENDED;
        message = null;
        control = null;
        messageLength = 0;
    }

    private static boolean isControl(int opcode) {
        return opcode >= CLOSE;
    }

    /** A frame cut off by the end of the stream is no message. */
    @Override
    public Inbound finish() {
        return null;
    }

    @Override
    public void releaseIfIdle() {
        if (messageLength == 0) {
            message = null;
        }
    }

    @Override
    public ByteBuffer encode(Outbound event, EventEncoder encoder) {
        return encoder.bytes(event, Wire.WS_JSON);
    }

    /** A WebSocket speaks JSON only: {@code /format text} from it changes nothing, and the answer says so. */
    @Override
    public Format format(Format format) {
        return Format.JSON;
    }

    /** On {@code /metrics} a WebSocket is a WebSocket, whatever carries it. */
    @Override
    public ConnectionKind kind(Transport transport) {
        return ConnectionKind.WEBSOCKET;
    }

    @Override
    public ByteBuffer goodbye(String reason, boolean goingAway) {
        return close(goingAway ? GOING_AWAY : NORMAL, reason);
    }

    // ---------------------------------------------------------------- server frames

    /** The header of a server frame: FIN, {@code opcode}, the shortest length form, no mask (§5.1). */
    static byte[] header(int opcode, int length) {
        byte[] header;
        if (length <= 125) {
            header = new byte[] {0, (byte) length};
        } else if (length <= 0xFFFF) {
            header = new byte[] {0, LENGTH_16, (byte) (length >>> 8), (byte) length};
        } else {
            header = new byte[10];
            header[1] = LENGTH_64;
            for (int i = 0; i < 8; i++) {
                header[9 - i] = (byte) ((long) length >>> (8 * i));
            }
        }
        header[0] = (byte) (FIN | opcode);
        return header;
    }

    /** One whole server frame, read-only: a pong or a close, for one connection. */
    private static ByteBuffer frame(int opcode, byte[] payload) {
        byte[] header = header(opcode, payload.length);
        ByteBuffer frame = ByteBuffer.allocate(header.length + payload.length);
        return frame.put(header).put(payload).flip().asReadOnlyBuffer();
    }

    /** A Close frame: {@code code}, then {@code reason} cut to fit without splitting a character. */
    static ByteBuffer close(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int length = text.length;
        if (length > MAX_REASON_BYTES) {
            length = MAX_REASON_BYTES;
            while ((text[length] & 0xC0) == 0x80) {
                length--; // text[length] continues a character: cut before the character begins
            }
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return frame(CLOSE, payload);
    }
}
