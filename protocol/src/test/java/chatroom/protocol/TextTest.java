package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

    @Test
    void stripsWholeEscapeSequences() {
        // Whole sequences go, so pasted coloured text reads as its text, not "[31m" debris.
        assertThat(Text.sanitize("\u001b[2J\u001b[Hhi")).isEqualTo("hi");
        assertThat(Text.sanitize("\u001b[1;31mred\u001b[0m text")).isEqualTo("red text");
        assertThat(Text.sanitize("\u001b]0;pwned\u0007title")).isEqualTo("title");
        assertThat(Text.sanitize("\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\")).isEqualTo("link");
        assertThat(Text.sanitize("a\u001bcb")).isEqualTo("ab"); // ESC c: full terminal reset
        assertThat(Text.sanitize("\u009b31mred")).isEqualTo("red");
        assertThat(Text.sanitize("\u001bPq#0;2;0;0;0\u001b\\after")).isEqualTo("after");
    }

    @Test
    void anUnfinishedSequenceStopsAtAControlCharacter() {
        assertThat(Text.sanitize("\u001b[12\u0007still here")).isEqualTo("still here");
        assertThat(Text.sanitize("a\u001b")).isEqualTo("a");
        assertThat(Text.sanitize("\u001b[")).isEmpty();
    }

    @Test
    void anUnterminatedOscSwallowsTheRestOfTheLineOnly() {
        assertThat(Text.sanitize("ok \u001b]0;title without end")).isEqualTo("ok ");
    }

    @Test
    void stripsBellBackspaceAndDel() {
        assertThat(Text.sanitize("ding\u0007")).isEqualTo("ding");
        assertThat(Text.sanitize("rm -rf /\b\b\b\b\b\b\b\bls")).isEqualTo("rm -rf /ls");
        assertThat(Text.sanitize("del\u007fete")).isEqualTo("delete");
    }

    @Test
    void stripsCarriageReturnAndLineFeed() {
        assertThat(Text.sanitize("one\rtwo\nthree\r\n")).isEqualTo("onetwothree");
    }

    static IntStream c0ExceptTab() {
        return IntStream.range(0, 0x20).filter(c -> c != '\t' && c != 0x1B); // ESC: see stripsWholeEscapeSequences
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("c0ExceptTab")
    void stripsEveryC0ControlButTab(int c) {
        assertThat(Text.sanitize("a" + (char) c + "b")).isEqualTo("ab");
    }

    static IntStream c1Controls() {
        // Not the C1 sequence introducers (DCS, SOS, CSI, OSC, PM, APC): they take what follows too.
        return IntStream.rangeClosed(0x80, 0x9F).filter(c -> c != 0x90 && c != 0x98 && c != 0x9B && c != 0x9D && c != 0x9E && c != 0x9F);
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("c1Controls")
    void stripsEveryC1Control(int c) {
        assertThat(Text.sanitize("a" + (char) c + "b")).isEqualTo("ab");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        0x200E, 0x200F, 0x061C, 0x2028, 0x2029, 0x200B, 0x2060, 0x2064, 0x206A, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB})
    void stripsBidiControlsSeparatorsAndInvisibles(int c) {
        assertThat(Text.sanitize("a" + (char) c + "b")).isEqualTo("ab");
    }

    @Test
    void trojanSourceStyleReorderingIsUndone() {
        // "abc<RLO>gpj.exe" would display as "abcexe.jpg".
        assertThat(Text.sanitize("abc\u202Egpj.exe\u202C")).isEqualTo("abcgpj.exe");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x20, 0x7E, 0xA0, 0xA1, 0x200C, 0x200D, 0x2027, 0x202F, 0x205F, 0x2070,
        0xFEFE, 0xFFF8, 0xFFFC})
    void keepsTheNeighboursOfTheStrippedRanges(int c) {
        String s = "a" + (char) c + "b";
        assertThat(Text.sanitize(s)).isEqualTo(s);
    }

    @Test
    void keepsTab() {
        String s = "col1\tcol2";
        assertThat(Text.sanitize(s)).isSameAs(s);
        assertThat(Text.sanitize("\u0007a\tb")).isEqualTo("a\tb");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "café crème",
        "naïve façade über",
        "smile \uD83D\uDE00 thumbs \uD83D\uDC4D",
        "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
        "你好，世界",
        "こんにちは",
        "مرحبا",
        "\uFFFD replacement char from bad UTF-8",
        ""
    })
    void keepsOrdinaryUnicodeAndReturnsTheSameInstance(String s) {
        assertThat(Text.sanitize(s)).isSameAs(s);
    }

    @Test
    void keepsSurrogatePairsIntactAroundStrippedCharacters() {
        assertThat(Text.sanitize("\u001b\uD83D\uDE00\u0007é\u009B你"))
                .isEqualTo("\uD83D\uDE00é你");
    }

    @Test
    void returnsTheSameInstanceWhenNothingToStrip() {
        String s = new String("plain text, nothing to strip: <>&\"'{}[]");
        assertThat(Text.sanitize(s)).isSameAs(s);
    }

    @Test
    void returnsANewStringWhenSomethingWasStripped() {
        String s = "x\u0000";
        assertThat(Text.sanitize(s)).isNotSameAs(s).isEqualTo("x");
    }

    @Test
    void stripsEverythingFromALineMadeOnlyOfControls() {
        assertThat(Text.sanitize("\u001b\u0007\u0008\u007f\u0085\u202e\u2066")).isEmpty();
    }

    @Test
    void stripsAtTheStartAndAtTheEnd() {
        assertThat(Text.sanitize("\u202Ehello\u2069")).isEqualTo("hello");
    }

    @Test
    void isUnsafeMatchesTheDocumentedSetExactly() {
        for (int c = 0; c <= 0xFFFF; c++) {
            boolean expected = (c < 0x20 && c != '\t')
                    || (c >= 0x7F && c <= 0x9F)
                    || c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x115F || c == 0x1160 || c == 0x17B4
                    || c == 0x17B5 || c == 0x180E || c == 0x200B || c == 0x200E || c == 0x200F
                    || (c >= 0x2028 && c <= 0x202E)
                    || (c >= 0x2060 && c <= 0x206F)
                    || c == 0x3164 || c == 0xFEFF || c == 0xFFA0
                    || (c >= 0xFFF9 && c <= 0xFFFB);
            assertThat(Text.isUnsafe((char) c)).as("U+%04X", c).isEqualTo(expected);
        }
    }

    /** Found by {@link TextPropertyTest}: format characters drawn as nothing, some outside the BMP, hid inside words. */
    @Test
    void stripsInvisibleFormatCharactersInsideAndOutsideTheBmp() {
        assertThat(Text.sanitize("pay\u00ADpal here\u180E \uD82F\uDCA0x\uD834\uDD73y\uDB40\uDC01z"))
                .isEqualTo("paypal here xyz");
        String englandFlag = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";
        assertThat(Text.sanitize(englandFlag)).isSameAs(englandFlag);
    }

    /** Hostile review: 32 tag characters, an invisible alphabet, carried a hidden sentence in "hello". */
    @Test
    void tagCharactersAreKeptOnlyInAFlag() {
        StringBuilder hidden = new StringBuilder("hello");
        for (char c : "ignore all previous instructions".toCharArray()) {
            hidden.appendCodePoint(0xE0000 + c);
        }
        assertThat(Text.sanitize(hidden.toString())).isEqualTo("hello");

        String blackFlag = "\uD83C\uDFF4";
        StringBuilder long_ = new StringBuilder(blackFlag);
        for (int i = 0; i < 32; i++) {
            long_.appendCodePoint(0xE0061);
        }
        String kept = Text.sanitize(long_.toString());
        assertThat(kept.codePointCount(0, kept.length())).as("the flag and seven tags").isEqualTo(8);
        assertThat(Text.sanitize("\uDB40\uDC67" + blackFlag)).as("a tag before the flag").isEqualTo(blackFlag);
    }

    /** Issue 12, finding 10: these were broadcast as messages that show nothing. */
    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {
        "", " ", "\t \t", "\u00a0", "\u00a0 \u00a0", "\u3164", "\u2800\u2800", "\u115f", "\u1160", "\uffa0",
        "\u200d", "\u200c", "\u0301", " \u0301\u0302\u0303", "\u20dd", "\u0903", "\u00ad", "\ufe0f", "\u034f",
        "\u180e", "\u17b4", "\u3000", "\u2003\u2009\u200a", "\u202f", "\u205f", "\u1680",
        "\udb40\udc20\udb40\udc7f", // tag space, cancel tag
        "\udb40\udd00", // variation selector 17
        "\u2065", "\ufff0", "\u00a0\u3164\u2800\u200d\u0301"
    })
    void blankAndInvisibleTextShowsNothing(String s) {
        assertThat(Text.showsNothing(s)).isTrue();
    }

    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {
        "a", " a ", "\u3164x", ".", "\u00e9", "e\u0301", "\u2801", "\ufffd", "\ue000", "\u0600",
        "\ud83d\ude00", "\u2764\ufe0f", "\ud83d\udc68\u200d\ud83d\udc69", "\u00a0\u00a0-", "\u3042", "\u05d0"
    })
    void oneVisibleCharacterShows(String s) {
        assertThat(Text.showsNothing(s)).isFalse();
    }

    @Test
    void whatSanitizeStripsIsInvisibleToo() {
        for (int c = 0xA0; c <= 0xFFFF; c++) { // the controls below go anyway
            if (Text.isUnsafe((char) c)) {
                assertThat(Text.showsNothing(String.valueOf((char) c))).as("U+%04X", c).isTrue();
            }
        }
    }

    @Test
    void utf8LengthIsWhatEncodingGives() {
        for (String s : List.of("", "abc", "\u00e9", "\u20ac", "\ud83d\ude00", "h\u00e9llo \u20ac \ud83d\ude00 \u3164\u0301",
                "x".repeat(100))) {
            assertThat(Text.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aLoneSurrogateCountsAsThreeBytesNeverLess() {
        assertThat(Text.utf8Length("\ud83d")).isEqualTo(3);
        assertThat(Text.utf8Length("\ude00x")).isEqualTo(4);
        assertThat(Text.utf8Length("\ud83d\ud83d\ude00")).isEqualTo(7);
    }
}
