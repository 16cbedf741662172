package chatroom.bench;

import java.util.Arrays;

/**
 * Splits one connection's incoming bytes into lines ending in LF (a CR before it is dropped),
 * without allocating per line.
 *
 * <p>Bytes are read into one buffer shared by every connection, so a complete line is handed
 * over as a slice of that buffer; only a line cut off by the end of a read is copied, into
 * this connection's own carry-over array, which is kept and reused.
 */
final class LineAssembler {

    /** Receives each complete line; the slice is valid only during the call. */
    interface LineHandler {
        void onLine(byte[] bytes, int offset, int length);
    }

    private static final int INITIAL_CARRY = 256;

    private final LineHandler handler;
    private byte[] carry;
    private int carried;

    LineAssembler(LineHandler handler) {
        this.handler = handler;
    }

    /** Hands every line completed by {@code bytes[offset, offset + length)} to the handler. */
    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (carried > 0) {
                append(bytes, start, i - start);
                deliver(carry, 0, carried);
                carried = 0;
            } else {
                deliver(bytes, start, i - start);
            }
            start = i + 1;
        }
        if (start < end) {
            append(bytes, start, end - start);
        }
    }

    /** Bytes of an incomplete line waiting for the rest. */
    int pendingBytes() {
        return carried;
    }

    private void deliver(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        handler.onLine(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (carry == null) {
            carry = new byte[Math.max(INITIAL_CARRY, length)];
        } else if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
        }
        System.arraycopy(bytes, offset, carry, carried, length);
        carried += length;
    }
}
