package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.testing.Awkward;
import chatroom.protocol.testing.Unicode;
import org.junit.jupiter.api.Test;

/**
 * {@link Sanitizer#clean(String)} over {@link Awkward#terminalText}, {@link Awkward#TRIES}
 * inputs per property: nothing that could act on the terminal survives, by Unicode's own tables
 * and by the list the class documents; every character is kept or replaced one for one by a
 * visible stand-in, so nothing is dropped and no surrogate pair is parted; cleaning twice
 * changes nothing more. None of it throws.
 */
class SanitizerPropertyTest {

    @Test
    void nothingThatActsOnTheTerminalSurvives() {
        Awkward.forAll(71, Awkward::terminalText, s -> assertThat(Unicode.codePointsWhere(Sanitizer.clean(s),
                cp -> Unicode.isControl(cp) || Unicode.isLineOrParagraphSeparator(cp) || Unicode.reordersText(cp)
                        || isDocumentedInvisible(cp)))
                .isEmpty());
    }

    /** The marks and invisibles the class names besides the reordering characters: ALM, LRM, RLM, ZWSP, BOM. */
    private static boolean isDocumentedInvisible(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x200B || cp == 0xFEFF;
    }

    @Test
    void everyCharacterIsKeptOrReplacedOneForOneByAVisibleStandIn() {
        Awkward.forAll(72, Awkward::terminalText, s -> {
            String clean = Sanitizer.clean(s);
            assertThat(clean).hasSameSizeAs(s);
            for (int i = 0; i < s.length(); i++) {
                char was = s.charAt(i);
                char is = clean.charAt(i);
                if (is != was) {
                    // Surrogates are neither, so a pair is never parted.
                    assertThat(Unicode.isControl(was) || Unicode.isFormat(was) || Unicode.isLineOrParagraphSeparator(was))
                            .as("U+%04X at %d is a control, format or separator character", (int) was, i).isTrue();
                    assertThat(isStandIn(is)).as("U+%04X at %d is a stand-in", (int) is, i).isTrue();
                }
            }
        });
    }

    /** A space (for TAB), a control picture (U+2400..U+2421: ␀ to ␟ and ␡), or U+FFFD. */
    private static boolean isStandIn(char c) {
        return c == ' ' || (c >= '\u2400' && c <= '\u2421') || c == '\uFFFD';
    }

    @Test
    void cleaningTwiceChangesNothingMore() {
        Awkward.forAll(73, Awkward::terminalText, s -> {
            String once = Sanitizer.clean(s);
            assertThat(Sanitizer.clean(once)).isEqualTo(once);
        });
    }
}
