package chatroom.protocol;

/**
 * The WebSocket frame layout of RFC 6455 §5.2, once, for the server's framing and the bench's
 * client: the bits of a frame's first two bytes, the opcodes chatroom meets, the length forms,
 * and the limits §5.5 puts on control frames.
 *
 * <pre>
 *   byte 0: FIN | RSV1-3 | opcode (4 bits)      byte 1: MASK | length (7 bits)
 *   length 0-125 as is; 126: a u16 follows; 127: a u64 follows (top bit 0); then a 4-byte mask if MASK
 * </pre>
 */
public final class WebSocketFrame {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Byte 0: this frame ends its message. */
    public static final int FIN = 0x80;
    /** Byte 0: the three bits an extension may use; none is ever agreed here. */
    public static final int RSV = 0x70;
    /** Byte 0: the opcode. */
    public static final int OPCODE = 0x0F;
    /** Byte 1: a masking key follows the length (every client frame, no server frame). */
    public static final int MASKED = 0x80;
    /** Byte 1's length saying a 16-bit length follows. */
    public static final int LENGTH_16 = 126;
    /** Byte 1's length saying a 64-bit length follows. */
    public static final int LENGTH_64 = 127;
    /** The most payload a control frame (close, ping, pong) may carry. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private WebSocketFrame() {
    }
}
