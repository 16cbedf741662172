package chatroom.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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

    /** Little-endian, so the lowest byte of a word is the first in the array. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final LineHandler handler;
    private final Carry carry = new Carry();

    LineAssembler(LineHandler handler) {
        this.handler = handler;
    }

    /** Hands every line completed by {@code bytes[offset, offset + length)} to the handler. */
    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int start = offset;
        for (int i = indexOfLf(bytes, offset, end); i >= 0; i = indexOfLf(bytes, start, end)) {
            if (!carry.isEmpty()) {
                carry.append(bytes, start, i - start);
                deliver(carry.array(), 0, carry.length());
                carry.clear();
            } else {
                deliver(bytes, start, i - start);
            }
            start = i + 1;
        }
        if (start < end) {
            carry.append(bytes, start, end - start);
        }
    }

    /**
     * The first LF in {@code bytes[from, end)}, or -1: eight bytes at a time, a word read at once and
     * tested for a zero byte after XOR with LFs (the classic "has zero byte" bit trick, whose lowest
     * flagged byte is always a true one). A byte at a time, this scan was some 45% of the
     * generator's samples in workload 1 (JFR).
     */
    static int indexOfLf(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long x = (long) WORDS.get(bytes, i) ^ LFS;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The input ended where a line may not: hands over the line left without an end, if any,
     * so nothing carries on. A datagram's last line needs no end, and its lines never go on in
     * the next datagram (which may be lost).
     */
    void finish() {
        if (!carry.isEmpty()) {
            deliver(carry.array(), 0, carry.length());
            carry.clear();
        }
    }

    /** Bytes of an incomplete line waiting for the rest. */
    int pendingBytes() {
        return carry.length();
    }

    private void deliver(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        handler.onLine(bytes, offset, length);
    }
}
