package chatroom.bench;

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

    private final LineHandler handler;
    private final Carry carry = new Carry();

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
