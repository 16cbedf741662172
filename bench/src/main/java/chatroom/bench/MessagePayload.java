package chatroom.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The text of a benchmark message: {@code SENDER SEQ NANOS} in decimal, then {@code .}
 * padding up to the requested size, for example {@code 3 1042 81234567890123.......}.
 *
 * <p>{@code NANOS} is {@link System#nanoTime()} when the message was written; sender and
 * receivers are one process, so the receiver subtracts it from its own clock for the latency.
 * The padding is not a space because the server trims trailing spaces, and not a digit so
 * the last number ends where the padding starts. A message whose three numbers do not fit in
 * the requested size is sent without padding, a little longer than asked.
 *
 * <p>Writing and parsing work on byte arrays and a reused {@link Parsed}: nothing is
 * allocated per message.
 */
final class MessagePayload {

    static final byte PAD = '.';
    /** What a stretch of padding looks like, for {@link #isPadding}; longer padding is compared in turns. */
    private static final byte[] PADDING = new byte[256];

    static {
        Arrays.fill(PADDING, PAD);
    }

    /** Room for the three numbers at their widest: int, long, signed long, two spaces. */
    static final int MAX_FIELDS_BYTES = 10 + 1 + 19 + 1 + 20;

    /** The fields of one parsed message; one instance is reused for every line. */
    static final class Parsed {
        int sender;
        long sequence;
        long sentNanos;
        /** The length of the whole text, padding included. */
        int length;
        /** Where the padding starts: the length of the three numbers. */
        int fieldsLength;
        /** Every byte after the numbers is padding, as written. */
        boolean paddingIntact;

        /** The length the text must have if it arrived as it was sent. */
        boolean hasLength(int payloadSize) {
            return length == Math.max(payloadSize, fieldsLength);
        }
    }

    private MessagePayload() {}

    /** The most bytes {@link #write} may write for a payload of {@code size} bytes. */
    static int maxTextBytes(int size) {
        return Math.max(size, MAX_FIELDS_BYTES);
    }

    /** The most bytes {@link #writeLine} may write for a payload of {@code size} bytes. */
    static int maxLineBytes(int size) {
        return maxTextBytes(size) + 1;
    }

    /** Exactly how many bytes {@link #write} writes for these fields: a framing that counts bytes needs it first. */
    static int textLength(int sender, long sequence, long sentNanos, int size) {
        int fields = Ascii.decimalLength(sender) + 1 + Ascii.decimalLength(sequence) + 1 + Ascii.decimalLength(sentNanos);
        return Math.max(size, fields);
    }

    /**
     * Appends the message text to {@code out}, which must be a heap buffer in write mode with
     * at least {@link #maxTextBytes} bytes remaining.
     */
    static void write(ByteBuffer out, int sender, long sequence, long sentNanos, int size) {
        byte[] a = out.array();
        int start = out.arrayOffset() + out.position();
        int p = Ascii.writeDecimal(a, start, sender);
        a[p++] = ' ';
        p = Ascii.writeDecimal(a, p, sequence);
        a[p++] = ' ';
        p = Ascii.writeDecimal(a, p, sentNanos);
        int end = start + size;
        while (p < end) {
            a[p++] = PAD;
        }
        out.position(p - out.arrayOffset());
    }

    /** {@link #write} and an LF: a message as a line. */
    static void writeLine(ByteBuffer out, int sender, long sequence, long sentNanos, int size) {
        write(out, sender, sequence, sentNanos, size);
        out.put((byte) '\n');
    }

    /** Parses a message text into {@code into}; false if it is not a benchmark message. */
    static boolean parse(byte[] bytes, int offset, int length, Parsed into) {
        int end = offset + length;
        int p = offset;
        long sender = 0;
        int digits = 0;
        for (; p < end && isDigit(bytes[p]); p++, digits++) {
            sender = sender * 10 + (bytes[p] - '0');
        }
        if (digits == 0 || digits > 10 || sender > Integer.MAX_VALUE || p >= end || bytes[p++] != ' ') {
            return false;
        }
        long sequence = 0;
        digits = 0;
        for (; p < end && isDigit(bytes[p]); p++, digits++) {
            sequence = sequence * 10 + (bytes[p] - '0');
        }
        if (digits == 0 || digits > 18 || p >= end || bytes[p++] != ' ') {
            return false;
        }
        boolean negative = p < end && bytes[p] == '-';
        if (negative) {
            p++;
        }
        long nanos = 0;
        digits = 0;
        for (; p < end && isDigit(bytes[p]); p++, digits++) {
            nanos = nanos * 10 + (bytes[p] - '0');
        }
        if (digits == 0 || digits > 19) {
            return false;
        }
        into.sender = (int) sender;
        into.sequence = sequence;
        into.sentNanos = negative ? -nanos : nanos;
        into.length = length;
        into.fieldsLength = p - offset;
        into.paddingIntact = isPadding(bytes, p, end);
        return true;
    }

    /**
     * Whether {@code bytes[from, end)} is all {@link #PAD}: compared with {@link #PADDING} by
     * {@link Arrays#mismatch}, which the JIT turns into word-wide compares. Checked a byte at a
     * time, {@link #parse} was a quarter of the generator's samples in workload 1 (JFR).
     */
    static boolean isPadding(byte[] bytes, int from, int end) {
        for (int p = from; p < end; p += PADDING.length) {
            int n = Math.min(PADDING.length, end - p);
            if (Arrays.mismatch(bytes, p, p + n, PADDING, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
