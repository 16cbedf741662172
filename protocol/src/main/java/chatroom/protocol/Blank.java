package chatroom.protocol;

/**
 * The rule for text that shows nothing: the server ignores a message that, sanitised, would
 * look empty (as it ignores a blank line) and answers nothing, so a client must know it too,
 * or it would wait for an answer that never comes. Pure.
 */
public final class Blank {

    private Blank() {}

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
     * invisible characters the server's sanitising already removes. Written out rather than taken from
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
}
