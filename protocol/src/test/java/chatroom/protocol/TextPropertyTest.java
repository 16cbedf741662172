package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.testing.Awkward;
import chatroom.protocol.testing.Unicode;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Text} over {@link Awkward#terminalText}, {@link Awkward#TRIES} inputs per property:
 * nothing it calls unsafe survives {@link Text#sanitize}, nor anything Unicode's own tables
 * call a control, a separator, a reordering or an invisible format character; sanitizing twice
 * changes nothing more; it only removes, and never half a surrogate pair; and a line with a
 * visible character in it never {@link Text#showsNothing shows nothing}. None of it throws.
 */
class TextPropertyTest {

    /** The four Hangul fillers are letters and U+2800 a symbol, yet all five are drawn as nothing. */
    private static final int[] DRAWN_AS_NOTHING = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800};

    @Test
    void nothingTextCallsUnsafeSurvives() {
        Awkward.forAll(61, Awkward::terminalText, s -> {
            String clean = Text.sanitize(s);
            assertThat(clean).doesNotContain("\u001b");
            assertThat(IntStream.range(0, clean.length()).filter(i -> Text.isUnsafe(clean.charAt(i))))
                    .as("indexes of unsafe characters in %s", Awkward.show(clean)).isEmpty();
        });
    }

    @Test
    void noControlSeparatorOrReorderingByUnicodesTablesSurvives() {
        Awkward.forAll(62, Awkward::terminalText, s -> assertThat(Unicode.codePointsWhere(Text.sanitize(s),
                cp -> (Unicode.isControl(cp) && cp != '\t') || Unicode.isLineOrParagraphSeparator(cp)
                        || Unicode.reordersText(cp)))
                .isEmpty());
    }

    /**
     * Most format characters are drawn as nothing, yet change the text around them. Text keeps,
     * on purpose, the joiners that emoji sequences and several scripts need, and the tag
     * characters that spell out flags such as England's; a few others are drawn as something (a
     * mark, or a box on a terminal that does not know them), so they cannot hide anything.
     */
    @Test
    void noInvisibleFormatCharacterSurvivesButTheJoinersAndTags() {
        Awkward.forAll(63, Awkward::terminalText, s -> assertThat(Unicode.codePointsWhere(Text.sanitize(s),
                cp -> Unicode.isFormat(cp) && !keptOnPurpose(cp) && !drawnAsSomething(cp))).isEmpty());
    }

    private static boolean keptOnPurpose(int cp) {
        return cp == 0x200C || cp == 0x200D || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    /** The format characters that are not Default_Ignorable in Unicode's DerivedCoreProperties.txt. */
    private static boolean drawnAsSomething(int cp) {
        return (cp >= 0x0600 && cp <= 0x0605) || cp == 0x06DD || cp == 0x070F || cp == 0x0890 || cp == 0x0891
                || cp == 0x08E2 || cp == 0x110BD || cp == 0x110CD // number signs, written under the digits after them
                || (cp >= 0x13430 && cp <= 0x1343F); // Egyptian hieroglyph format controls
    }

    @Test
    void sanitizingTwiceChangesNothingMore() {
        Awkward.forAll(64, Awkward::terminalText, s -> {
            String once = Text.sanitize(s);
            assertThat(Text.sanitize(once)).isEqualTo(once);
        });
    }

    @Test
    void itOnlyRemovesAndNeverLeavesHalfASurrogatePair() {
        Awkward.forAll(65, Awkward::terminalText, s -> {
            String clean = Text.sanitize(s);
            assertThat(isSubsequence(clean, s)).as("%s is what is left of the input", Awkward.show(clean)).isTrue();
            // Removing whole characters can join two lone halves, never part a pair.
            assertThat(loneSurrogates(clean)).isLessThanOrEqualTo(loneSurrogates(s));
        });
    }

    @Test
    void aLineWithAVisibleCharacterNeverShowsNothing() {
        Awkward.forAll(66, Awkward::terminalText, s -> {
            String clean = Text.sanitize(s);
            if (clean.codePoints().anyMatch(TextPropertyTest::isVisible)) {
                assertThat(Text.showsNothing(clean)).isFalse();
            }
        });
    }

    /** A letter, digit, punctuation mark, symbol or private-use character, which a terminal draws as something. */
    private static boolean isVisible(int cp) {
        if (IntStream.of(DRAWN_AS_NOTHING).anyMatch(blank -> blank == cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }

    private static boolean isSubsequence(String part, String whole) {
        int at = 0;
        for (int i = 0; i < part.length(); i++) {
            at = whole.indexOf(part.charAt(i), at) + 1;
            if (at == 0) {
                return false;
            }
        }
        return true;
    }

    private static long loneSurrogates(String s) {
        return s.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE).count();
    }
}
