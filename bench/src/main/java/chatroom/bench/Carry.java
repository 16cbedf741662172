package chatroom.bench;

import java.util.Arrays;

/**
 * The bytes of a line or frame cut off by the end of a read, kept until the rest arrives: one
 * array per connection, allocated on first use and reused, grown when a longer piece comes.
 */
final class Carry {

    private static final int INITIAL_BYTES = 256;

    private byte[] bytes;
    private int length;

    void append(byte[] source, int offset, int count) {
        if (bytes == null) {
            bytes = new byte[Math.max(INITIAL_BYTES, count)];
        } else if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** The array holding the bytes from index 0; valid until the next append. */
    byte[] array() {
        if (bytes == null) {
            bytes = new byte[INITIAL_BYTES];
        }
        return bytes;
    }

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    void clear() {
        length = 0;
    }
}
