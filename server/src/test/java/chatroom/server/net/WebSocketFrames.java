package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * WebSocket frames for tests, the one place that builds them: what a client sends (masked,
 * as RFC 6455 §5.3 wants, unless a test breaks that on purpose) and reading what the server
 * sends (unmasked). Built by hand from the RFC's layout rather than by the server's own
 * {@link WebSocketFraming#header}, so a mistake there is not repeated here.
 */
final class WebSocketFrames {

    static final int FIN = 0x80;
    /** A key with four different bytes, so a key byte used at the wrong place shows. */
    private static final byte[] KEY = {(byte) 0x37, (byte) 0xfa, (byte) 0x21, (byte) 0x3d};

    private WebSocketFrames() {}

    /** A masked client frame: {@code first} is the FIN, RSV and opcode byte. */
    static byte[] frame(int first, byte[] payload) {
        return frame(first, payload, true);
    }

    static byte[] frame(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        writeLength(out, masked ? 0x80 : 0, payload.length);
        if (masked) {
            out.writeBytes(KEY);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ KEY[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    /** Only the header of a masked frame claiming {@code length} bytes (the 64-bit form, so 2^62 fits). */
    static byte[] header64(int first, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift));
        }
        out.writeBytes(KEY);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int maskBit, int length) {
        if (length <= 125) {
            out.write(maskBit | length);
        } else if (length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(length >>> 8);
            out.write(length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift));
            }
        }
    }

    static byte[] text(String text) {
        return frame(FIN | WebSocketFrame.TEXT, utf8(text));
    }

    static byte[] ping(byte[] payload) {
        return frame(FIN | WebSocketFrame.PING, payload);
    }

    static byte[] close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return frame(FIN | WebSocketFrame.CLOSE, payload);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A frame the server sent, read back. */
    record ServerFrame(int first, byte[] payload) {

        int opcode() {
            return first & 0x0F;
        }

        /** A Close frame's code (1005, "none", for an empty one). */
        int code() {
            assertThat(opcode()).as("a close frame").isEqualTo(WebSocketFrame.CLOSE);
            return payload.length == 0 ? 1005 : (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        }

        String reason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "ServerFrame[first=" + Integer.toHexString(first) + ", payload=" + Arrays.toString(payload) + "]";
        }
    }

    /** Reads one whole server frame from {@code bytes} (its position is left alone): FIN set, unmasked, shortest length. */
    static ServerFrame read(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate();
        ServerFrame frame = readNext(in);
        assertThat(in.hasRemaining()).as("one frame, nothing after it").isFalse();
        return frame;
    }

    /** Reads the next server frame from {@code in}, moving its position past it. */
    static ServerFrame readNext(ByteBuffer in) {
        int first = in.get() & 0xFF;
        assertThat(first & 0xF0).as("FIN set, no RSV bits").isEqualTo(FIN);
        int second = in.get() & 0xFF;
        assertThat(second & 0x80).as("a server frame is not masked").isZero();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.getShort() & 0xFFFF;
            assertThat(length).as("shortest length form").isGreaterThan(125);
        } else if (length == 127) {
            length = in.getLong();
            assertThat(length).as("shortest length form").isGreaterThan(0xFFFF);
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        return new ServerFrame(first, payload);
    }
}
