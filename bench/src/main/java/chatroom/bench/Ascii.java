package chatroom.bench;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for the server's ASCII line prefixes, so matching a line allocates nothing. */
final class Ascii {

    private Ascii() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String string(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** How many bytes {@link #writeDecimal} writes for {@code value}, sign included. */
    static int decimalLength(long value) {
        int digits = value < 0 ? 2 : 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes {@code value} in decimal at {@code a[p]}; returns the index after it. */
    static int writeDecimal(byte[] a, int p, long value) {
        int end = p + decimalLength(value);
        int first = p;
        if (value < 0) {
            a[first++] = '-';
        }
        // Digit by digit from the right; abs() of the remainder keeps negatives (even MIN_VALUE) right.
        for (int i = end - 1; i >= first; i--) {
            a[i] = (byte) ('0' + Math.abs(value % 10));
            value /= 10;
        }
        return end;
    }

    /** True if {@code bytes[offset, offset + length)} is exactly {@code expected}. */
    static boolean equals(byte[] bytes, int offset, int length, byte[] expected) {
        return length == expected.length && startsWith(bytes, offset, length, expected);
    }
}
