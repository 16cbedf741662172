package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlankTest {

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
        assertThat(Blank.showsNothing(s)).isTrue();
    }

    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {
        "a", " a ", "\u3164x", ".", "\u00e9", "e\u0301", "\u2801", "\ufffd", "\ue000", "\u0600",
        "\ud83d\ude00", "\u2764\ufe0f", "\ud83d\udc68\u200d\ud83d\udc69", "\u00a0\u00a0-", "\u3042", "\u05d0"
    })
    void oneVisibleCharacterShows(String s) {
        assertThat(Blank.showsNothing(s)).isFalse();
    }
}
