package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MentionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"bob", "bob: lunch?", "thanks, Bob!", "BOB", "hey @bob", "(bob)", "ask bob."})
    void aWholeWordIsAMention(String text) {
        assertThat(Mentions.in(text, "bob")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bobby", "kebob", "bob-2 is here", "bob_fan", "b o b", "", "2bob"})
    void partOfAnotherWordIsNot(String text) {
        assertThat(Mentions.in(text, "bob")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob-2", "hi bob-2!", "Bob-2: ok"})
    void aNameWithADashIsFoundWhole(String text) {
        assertThat(Mentions.in(text, "bob-2")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x bob_ bob"})
    void aLaterOccurrenceCounts(String text) {
        assertThat(Mentions.in(text, "bob")).isTrue();
        assertThat(Mentions.in("bob_ bobs", "bob")).isFalse();
    }
}
