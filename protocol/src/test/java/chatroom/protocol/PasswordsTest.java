package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"hunter2hunter2", "correct-horse-battery-staple", "12345678", "p\u00e4ssw\u00f6rd!", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"})
    void oneWordOfEightCharactersOrMore(String password) {
        assertThat(Passwords.isValid(password)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1234567", "two words", "tab\there1", "new\nline12", "bell\u0007bell"})
    void notShortNorSeveralWordsNorControlCharacters(String password) {
        assertThat(Passwords.isValid(password)).isFalse();
    }

    @Test
    void atMostTheLongest() {
        assertThat(Passwords.isValid("x".repeat(Passwords.MAX_LENGTH))).isTrue();
        assertThat(Passwords.isValid("x".repeat(Passwords.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void theRuleTheServerStatesIsTheOneChecked() {
        assertThat(Problem.PASSWORD_RULE.event(null).text())
                .contains(Passwords.MIN_LENGTH + "-" + Passwords.MAX_LENGTH);
    }
}
