package chatroom.protocol;

/**
 * Makes user text safe to show on someone else's terminal.
 *
 * <p>Everything a user types is echoed to other people's terminals, so a control character
 * is an attack: ESC starts sequences that move the cursor, clear the screen or retitle the
 * window, BEL rings, BS rewrites what was shown. This removes:
 * <ul>
 *   <li>whole escape sequences: CSI ({@code ESC [ ... final} or U+009B), OSC, DCS and the
 *       other string sequences up to their terminator, and two-character {@code ESC x}, so
 *       pasted coloured text shows as its text, not as {@code [31m} debris;</li>
 *   <li>every other C0 control except TAB, DEL, and every C1 control (U+0080..U+009F);</li>
 *   <li>invisible characters that can forge or disguise text: the bidirectional overrides,
 *       isolates and marks (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C), the
 *       line and paragraph separators some terminals treat as newlines (U+2028, U+2029),
 *       zero-width space, word joiner and other invisible operators (U+200B, U+2060..U+2065,
 *       U+206A..U+206F), the byte-order mark (U+FEFF), annotation marks (U+FFF9..U+FFFB), and
 *       the other characters drawn as nothing that could hide inside a word: the soft hyphen
 *       (U+00AD), the combining grapheme joiner (U+034F), the Hangul fillers (U+115F, U+1160,
 *       U+3164, U+FFA0), the Khmer inherent vowels (U+17B4, U+17B5), the Mongolian vowel
 *       separator (U+180E), shorthand format controls (U+1BCA0..U+1BCA3), musical symbol
 *       formatting (U+1D173..U+1D17A), the language tag (U+E0001), and tag characters
 *       (U+E0020..U+E007F) except in a flag: after U+1F3F4, at most seven.</li>
 * </ul>
 * Zero-width (non-)joiners and variation selectors stay: emoji sequences and several scripts
 * need them. Invalid UTF-8 has already become U+FFFD when the line was decoded.
 *
 * <p>{@link #showsNothing} tells a line that, sanitized, would show as blank: the server drops it
 * as it drops a blank line, rather than send everyone an empty-looking message, and answers
 * nothing; a client that waits for answers (the terminal client's send queue) applies the same
 * rule, here, so it never sends one.
 */
public final class Text {

    private static final char ESC = '\u001b';
    private static final char BEL = '\u0007';
    private static final char C1_CSI = '\u009b';
    private static final char C1_ST = '\u009c';
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;
    /** The most tag characters a flag keeps, its cancel tag included: the flags in use need six. */
    private static final int MAX_FLAG_TAGS = 7;

    private Text() {}

    /** Returns {@code s} without the characters described above; {@code s} itself if it has none. */
    public static String sanitize(String s) {
        if (firstUnsafe(s) < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int tagsAllowed = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ESC) {
                i = skipEscape(s, i + 1);
                tagsAllowed = 0;
            } else if (c == C1_CSI) {
                i = skipCsi(s, i + 1);
                tagsAllowed = 0;
            } else if (isStringStart(c)) {
                i = skipString(s, i + 1);
                tagsAllowed = 0;
            } else {
                int cp = s.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (isUnsafeAt(s, i) || (isTag(cp) && tagsAllowed <= 0)) {
                    tagsAllowed = 0;
                } else {
                    out.append(s, i, next);
                    tagsAllowed = tagsAllowedAfter(cp, tagsAllowed);
                }
                i = next;
            }
        }
        return out.toString();
    }

    /**
     * True if {@code s} would show as nothing or only as blank space, the way an empty or
     * all-spaces line does: every code point in it is
     * <ul>
     *   <li>white space of any kind (TAB, U+00A0 NO-BREAK SPACE, the U+2000..U+200A spaces,
     *       U+3000 IDEOGRAPHIC SPACE ...);</li>
     *   <li>default-ignorable, which fonts draw as nothing: format characters such as U+200D
     *       ZERO WIDTH JOINER and U+00AD SOFT HYPHEN, variation selectors, tag characters, the
     *       Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the code points Unicode keeps
     *       for more of these;</li>
     *   <li>a combining mark (accents and the like): with only blanks before it, it has no
     *       letter to sit on;</li>
     *   <li>U+2800 BRAILLE PATTERN BLANK, a symbol drawn as an empty cell.</li>
     * </ul>
     * Empty text shows nothing too. A single visible character anywhere makes it false.
     */
    public static boolean showsNothing(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isBlank(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isBlank(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x2800) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || isDefaultIgnorable(cp)
                || (cp >= 0xFFF9 && cp <= 0xFFFB); // annotation marks: not default-ignorable, but drawn as nothing
    }

    /**
     * Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which also covers the
     * invisible characters {@link #sanitize} already removes. Written out rather than taken from
     * {@link Character#getType}: format characters include visible ones (U+0600 ARABIC NUMBER
     * SIGN), and the fillers are letters.
     */
    private static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
                || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164
                || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0
                || (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
                || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }

    /**
     * How many bytes {@code s} takes in UTF-8, counted without encoding it. A lone surrogate
     * counts 3, as if it were a character of its own (Java writes it as one byte, {@code ?}):
     * over, never under.
     */
    public static long utf8Length(CharSequence s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** After ESC: returns the index just past the sequence it starts. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsi(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipString(s, i + 1);
        }
        // A two-character sequence (ESC c, ESC 7, ...); anything else just loses the ESC.
        return c >= 0x20 && c <= 0x7e ? i + 1 : i;
    }

    /** CSI: parameter and intermediate characters, then one final character in @..~. */
    private static int skipCsi(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c >= 0x40 && c <= 0x7e) {
                return i;
            }
            if (c < 0x20 || c > 0x7e) {
                return i - 1; // not part of a CSI: let the main loop judge it
            }
        }
        return i;
    }

    /** OSC, DCS, SOS, PM, APC: everything up to BEL, ESC \ or ST. */
    private static int skipString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == BEL || c == C1_ST) {
                return i;
            }
            if (c == ESC) {
                return i < s.length() && s.charAt(i) == '\\' ? i + 1 : i;
            }
        }
        return i;
    }

    private static boolean isStringStart(char c) {
        return c == '\u009d' || c == '\u0090' || c == '\u0098' || c == '\u009e' || c == '\u009f';
    }

    private static int firstUnsafe(String s) {
        int tagsAllowed = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isUnsafeAt(s, i) || (isTag(cp) && tagsAllowed <= 0)) {
                return i;
            }
            tagsAllowed = tagsAllowedAfter(cp, tagsAllowed);
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * Tag characters spell out the subdivision flags (England's is U+1F3F4, five tags, and a
     * cancel tag), and nothing else a terminal draws; anywhere else they are an invisible
     * alphabet, a hidden message riding in a visible one. So they are kept only after U+1F3F4,
     * at most {@value #MAX_FLAG_TAGS} of them, up to a cancel tag.
     */
    private static int tagsAllowedAfter(int kept, int tagsAllowed) {
        if (kept == BLACK_FLAG) {
            return MAX_FLAG_TAGS;
        }
        if (isTag(kept)) {
            return kept == CANCEL_TAG ? 0 : tagsAllowed - 1;
        }
        return 0;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= CANCEL_TAG;
    }

    /** True if the character, or the surrogate pair, at {@code i} is one {@link #sanitize} removes. */
    private static boolean isUnsafeAt(String s, int i) {
        char c = s.charAt(i);
        if (!Character.isHighSurrogate(c)) {
            return isUnsafe(c);
        }
        int cp = s.codePointAt(i);
        return (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || cp == 0xE0001;
    }

    static boolean isUnsafe(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        if (c < 0x7f) {
            return false;
        }
        return c <= 0x9f
                || c == '\u00ad' || c == '\u034f' || c == '\u061c' || c == '\u115f' || c == '\u1160'
                || c == '\u17b4' || c == '\u17b5' || c == '\u180e'
                || c == '\u200b' || c == '\u200e' || c == '\u200f'
                || (c >= '\u2028' && c <= '\u202e')
                || (c >= '\u2060' && c <= '\u206f')
                || c == '\u3164' || c == '\ufeff' || c == '\uffa0'
                || (c >= '\ufff9' && c <= '\ufffb');
    }
}
