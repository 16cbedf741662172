package chatroom.server.net;

/**
 * Strict UTF-8 (RFC 3629) one byte at a time, so a message split into WebSocket fragments, or
 * into reads, is judged as it arrives and fails at its first impossible byte (RFC 6455 §8.1;
 * Autobahn's "fail fast"), without waiting for the end of the message. The state is an int
 * the caller keeps between calls: what the next byte may be.
 *
 * <p>Rejected: bytes C0, C1 and F5..FF, a continuation byte where none is due, a lead byte
 * where a continuation is due, overlong forms (E0 80..9F, F0 80..8F), the surrogates U+D800..DFFF
 * (ED A0..BF) and code points past U+10FFFF (F4 90..BF). The second-byte ranges are those of
 * the Unicode standard's table 3-7; the JDK's decoder applies the same rules.
 */
final class Utf8Validator {

    /** Between characters: where every message starts, and where a complete one must end. */
    static final int ACCEPT = 0;
    /** An impossible byte was seen; it stays so. */
    static final int REJECT = -1;

    // One, two or three continuation bytes (80..BF) still due: states 1, 2, 3.
    /** After E0: A0..BF next (anything lower would be overlong), then one more. */
    private static final int AFTER_E0 = 4;
    /** After ED: 80..9F next (anything higher is a surrogate), then one more. */
    private static final int AFTER_ED = 5;
    /** After F0: 90..BF next (anything lower would be overlong), then two more. */
    private static final int AFTER_F0 = 6;
    /** After F4: 80..8F next (anything higher is past U+10FFFF), then two more. */
    private static final int AFTER_F4 = 7;

    private Utf8Validator() {}

    /** The state after byte {@code b} (0..255) in state {@code state}. */
    static int step(int state, int b) {
        return switch (state) {
            case ACCEPT -> first(b);
            case 1, 2, 3 -> between(b, 0x80, 0xBF) ? state - 1 : REJECT;
            case AFTER_E0 -> between(b, 0xA0, 0xBF) ? 1 : REJECT;
            case AFTER_ED -> between(b, 0x80, 0x9F) ? 1 : REJECT;
            case AFTER_F0 -> between(b, 0x90, 0xBF) ? 2 : REJECT;
            case AFTER_F4 -> between(b, 0x80, 0x8F) ? 2 : REJECT;
            default -> REJECT;
        };
    }

    private static int first(int b) {
        if (b < 0x80) {
            return ACCEPT;
        }
        if (between(b, 0xC2, 0xDF)) {
            return 1;
        }
        if (b == 0xE0) {
            return AFTER_E0;
        }
        if (b == 0xED) {
            return AFTER_ED;
        }
        if (between(b, 0xE1, 0xEF)) {
            return 2;
        }
        if (b == 0xF0) {
            return AFTER_F0;
        }
        if (b == 0xF4) {
            return AFTER_F4;
        }
        return between(b, 0xF1, 0xF3) ? 3 : REJECT;
    }

    /** True if {@code bytes[from..to)} is complete, valid UTF-8. */
    static boolean isValid(byte[] bytes, int from, int to) {
        int state = ACCEPT;
        for (int i = from; i < to && state != REJECT; i++) {
            state = step(state, bytes[i] & 0xFF);
        }
        return state == ACCEPT;
    }

    private static boolean between(int b, int low, int high) {
        return b >= low && b <= high;
    }
}
