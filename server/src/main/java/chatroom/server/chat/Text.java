package chatroom.server.chat;

/**
 * Makes user text safe to show on someone else's terminal.
 *
 * <p>Everything a user types is echoed to other people's terminals, so a control character
 * is an attack: ESC starts escape sequences that move the cursor, clear the screen or
 * retitle the window, BEL rings, BS rewrites what was shown. This strips every C0 control
 * except TAB, DEL, every C1 control (U+0080..U+009F, which some terminals treat as ESC
 * sequences), and the Unicode bidirectional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069) that can make text display in a different order than it was typed.
 * Invalid UTF-8 has already become U+FFFD when the line was decoded.
 */
public final class Text {

    private Text() {}

    /** Returns {@code s} without the characters described above; {@code s} itself if it has none. */
    public static String sanitize(String s) {
        int first = firstUnsafe(s);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isUnsafe(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isUnsafe(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static boolean isUnsafe(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        return (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
