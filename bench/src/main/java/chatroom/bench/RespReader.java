package chatroom.bench;

/**
 * An incremental reader of what a Redis server sends (RESP2): arrays, bulk strings, integers,
 * simple strings and errors, fed in whatever pieces the socket delivers, without allocating
 * per frame.
 *
 * <p>Elements are reported as they complete; arrays only by their length, so a caller that
 * knows the shape of its frames (pub/sub pushes are flat arrays of three) counts elements
 * itself. A bulk string or error text that lies whole in the bytes fed is handed over as a
 * slice of them; only one cut off by the end of a read is copied, into a carry-over array
 * that is kept and reused. Numbers are accumulated digit by digit, so they may be cut
 * anywhere too.
 *
 * <p>Anything that is not RESP (a bad type byte, a length that is not a number, a bulk string
 * not followed by CR LF) is reported once through {@link Handler#malformed} and everything
 * after it is ignored: there is no way to find the next frame in a broken stream.
 */
final class RespReader {

    /** Receives each element; byte slices are valid only during the call. */
    interface Handler {
        /** {@code *N}: the next {@code length} elements belong to an array (-1: a null array). */
        void arrayStart(int length);

        /** {@code $N} and its bytes; {@code length} -1 for a null bulk string. */
        void bulk(byte[] bytes, int offset, int length);

        /** {@code :N}. */
        void integer(long value);

        /** {@code +TEXT}, without the CR LF. */
        void simple(byte[] bytes, int offset, int length);

        /** {@code -TEXT}, without the CR LF. */
        void error(byte[] bytes, int offset, int length);

        /** The stream is not RESP; nothing more is read. */
        void malformed(String why);
    }

    private enum State { TYPE, NUMBER, NUMBER_LF, TEXT, TEXT_LF, BULK, BULK_CR, BULK_LF, BROKEN }

    private static final byte[] EMPTY = {};
    /** Longer bulk strings are not something this client asks for; refusing them bounds the carry-over. */
    static final int MAX_BULK_BYTES = 64 * 1024 * 1024;

    private final Handler handler;
    private State state = State.TYPE;
    /** The type byte of the element being read: * $ : + or -. */
    private byte type;
    private long number;
    private boolean negative;
    private int digits;
    /** Bytes of the bulk string still to come. */
    private int bulkLeft;
    private int bulkLength;
    private final Carry carry = new Carry();

    RespReader(Handler handler) {
        this.handler = handler;
    }

    /** Reads {@code bytes[offset, offset + length)}, reporting every element it completes. */
    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int p = offset;
        while (p < end) {
            switch (state) {
                case TYPE -> {
                    type = bytes[p++];
                    switch (type) {
                        case '*', '$', ':' -> {
                            state = State.NUMBER;
                            number = 0;
                            negative = false;
                            digits = 0;
                            p = number(bytes, p, end);
                            p = numberLf(bytes, p, end);
                        }
                        case '+', '-' -> {
                            state = State.TEXT;
                            carry.clear();
                        }
                        default -> broken("unexpected type byte " + (bytes[p - 1] & 0xFF));
                    }
                }
                case NUMBER -> p = number(bytes, p, end);
                case NUMBER_LF -> p = numberLf(bytes, p, end);
                case TEXT -> p = text(bytes, p, end);
                case TEXT_LF -> {
                    if (bytes[p++] != '\n') {
                        broken("no LF after a line");
                    } else {
                        textDone(carry.array(), 0, carry.length());
                    }
                }
                case BULK -> p = bulk(bytes, p, end);
                case BULK_CR -> state = bytes[p++] == '\r' ? State.BULK_LF : broken("no CR after a bulk string");
                case BULK_LF -> state = bytes[p++] == '\n' ? State.TYPE : broken("no LF after a bulk string");
                case BROKEN -> p = end;
            }
        }
    }

    /** True once the stream was found not to be RESP. */
    boolean isBroken() {
        return state == State.BROKEN;
    }

    private int number(byte[] bytes, int p, int end) {
        for (; p < end; p++) {
            byte b = bytes[p];
            if (b >= '0' && b <= '9' && digits < 18) {
                number = number * 10 + (b - '0');
                digits++;
            } else if (b == '-' && digits == 0 && !negative) {
                negative = true;
            } else if (b == '\r' && digits > 0) {
                state = State.NUMBER_LF;
                return p + 1;
            } else {
                broken("bad number");
                return end;
            }
        }
        return p;
    }

    /**
     * The LF after a number's CR, if the number has reached it and the LF is here. Called straight
     * after the number is read, not only on the next turn of {@link #feed}'s loop: a push's
     * numbers nearly always lie whole in one read, and a state switch per byte of framing was the
     * larger part of the generator's time per Redis delivery.
     */
    private int numberLf(byte[] bytes, int p, int end) {
        if (state != State.NUMBER_LF || p >= end) {
            return p;
        }
        if (bytes[p] != '\n') {
            broken("no LF after a number");
            return end;
        }
        numberDone();
        return p + 1;
    }

    private void numberDone() {
        long value = negative ? -number : number;
        state = State.TYPE;
        switch (type) {
            case '*' -> {
                if (value < -1 || value > Integer.MAX_VALUE) {
                    broken("bad array length " + value);
                } else {
                    handler.arrayStart((int) value);
                }
            }
            case '$' -> {
                if (value == -1) {
                    handler.bulk(null, 0, -1);
                } else if (value < 0 || value > MAX_BULK_BYTES) {
                    broken("bad bulk length " + value);
                } else {
                    bulkLength = (int) value;
                    bulkLeft = bulkLength;
                    carry.clear();
                    state = State.BULK;
                    if (bulkLength == 0) {
                        bulkDone(EMPTY, 0, 0);
                    }
                }
            }
            default -> handler.integer(value);
        }
    }

    private int text(byte[] bytes, int p, int end) {
        int cr = p;
        while (cr < end && bytes[cr] != '\r') {
            cr++;
        }
        if (cr == end) {
            carry.append(bytes, p, end - p);
            return end;
        }
        if (carry.isEmpty() && cr + 1 < end) {
            // The whole line is in this read: hand over the slice.
            if (bytes[cr + 1] != '\n') {
                broken("no LF after a line");
                return end;
            }
            textDone(bytes, p, cr - p);
            return cr + 2;
        }
        carry.append(bytes, p, cr - p);
        state = State.TEXT_LF;
        return cr + 1;
    }

    private void textDone(byte[] bytes, int offset, int length) {
        state = State.TYPE;
        carry.clear();
        if (type == '-') {
            handler.error(bytes, offset, length);
        } else {
            handler.simple(bytes, offset, length);
        }
    }

    private int bulk(byte[] bytes, int p, int end) {
        int available = end - p;
        if (carry.isEmpty() && available >= bulkLeft) {
            int start = p;
            p += bulkLeft;
            bulkDone(bytes, start, bulkLength);
            if (p + 1 < end && bytes[p] == '\r' && bytes[p + 1] == '\n') {
                state = State.TYPE; // the CR LF after it is here too (see numberLf)
                return p + 2;
            }
            return p;
        }
        int take = Math.min(available, bulkLeft);
        carry.append(bytes, p, take);
        bulkLeft -= take;
        if (bulkLeft == 0) {
            bulkDone(carry.array(), 0, carry.length());
        }
        return p + take;
    }

    private void bulkDone(byte[] bytes, int offset, int length) {
        state = State.BULK_CR;
        bulkLeft = 0;
        handler.bulk(bytes, offset, length);
        carry.clear();
    }

    private State broken(String why) {
        if (state != State.BROKEN) {
            state = State.BROKEN;
            handler.malformed(why);
        }
        return State.BROKEN;
    }
}
