package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SanitizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "[12:00:00] <bob> héllo wörld ✓ 日本語 👋", "a\u200db"})
    void ordinaryTextIsReturnedAsItIs(String text) {
        assertThat(Sanitizer.clean(text)).isSameAs(text);
    }

    @Test
    void escapeSequencesBecomeVisibleHarmlessText() {
        assertThat(Sanitizer.clean("evil \u001b[2J\u001b]0;title\u0007 done"))
                .isEqualTo("evil ␛[2J␛]0;title␇ done");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({
        "0000, ␀", "0007, ␇", "0008, ␈", "000A, ␊", "000D, ␍", "001B, ␛", "001F, ␟",
        "007F, ␡",
        "0080, �", "009B, �", "009F, �",
        "202E, �", "202A, �", "2066, �", "2069, �", "200E, �", "200F, �", "061C, �",
        "2028, �", "2029, �"})
    void everyControlCharacterIsReplaced(String hex, String expected) {
        String control = String.valueOf((char) Integer.parseInt(hex, 16));
        assertThat(Sanitizer.clean("a" + control + "b")).isEqualTo("a" + expected + "b");
    }

    @Test
    void aTabBecomesASpace() {
        assertThat(Sanitizer.clean("a\tb")).isEqualTo("a b");
    }

    @Test
    void theResultNeverHoldsAControlCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String clean = Sanitizer.clean(all.toString());
        assertThat(clean).hasSize(all.length());
        assertThat(clean.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
    }
}
