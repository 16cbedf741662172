package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a", "Z", "7", "_", "-", "alice", "Bob", "CAROL", "dave_99", "e-v-e", "__init__", "--", "x1y2z3",
        "abcdefghijklmnopqrstuvwx", // 24
        "ABCDEFGHIJKLMNOPQRSTUVWX"
    })
    void valid(String name) {
        assertThat(Names.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        " ",
        "al ice",
        " alice",
        "alice ",
        "alice\t",
        "alice.b",
        "alice@home",
        "#dev",
        "/nick",
        "al'ice",
        "émile",
        "alice\u00A0",
        "аlice", // Cyrillic а: a look-alike
        "ａｌｉｃｅ", // full-width
        "\uD83D\uDE00",
        "名前",
        "abcdefghijklmnopqrstuvwxy" // 25
    })
    void invalid(String name) {
        assertThat(Names.isValid(name)).isFalse();
    }

    @Test
    void lengthLimitIs24() {
        assertThat(Names.MAX_LENGTH).isEqualTo(24);
        assertThat(Names.isValid("x".repeat(24))).isTrue();
        assertThat(Names.isValid("x".repeat(25))).isFalse();
        assertThat(Names.isValid("x".repeat(1000))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(chars = {'/', ':', '@', '[', '`', '{', '.', ' ', '\u0000', '\u007f'})
    void asciiNeighboursOfTheAllowedRangesAreRejected(char c) {
        assertThat(Names.isValid("a" + c + "b")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "alice, alice",
        "Alice, alice",
        "ALICE, alice",
        "Dave_99, dave_99",
        "A-B-C, a-b-c",
        "lobby, lobby",
        "LoBbY, lobby"
    })
    void keyFoldsCase(String name, String key) {
        assertThat(Names.key(name)).isEqualTo(key);
    }

    @Test
    void namesDifferingOnlyInCaseShareAKeyAndOthersDoNot() {
        assertThat(Names.key("Alice")).isEqualTo(Names.key("aLICE"));
        assertThat(Names.key("alice")).isNotEqualTo(Names.key("alice_"));
    }

    @Test
    void keyIgnoresTheDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            // In Turkish, "I".toLowerCase() is a dotless ı; keys must not depend on that.
            assertThat(Names.key("IRENE")).isEqualTo("irene");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}
