package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's rules for what a typed line is (docs/PROTOCOL.md, "Talking" and "Commands"). */
class OutgoingTest {

    @Test
    void messagesKeepLeadingSpacesAndLoseTrailingOnes() {
        assertThat(Outgoing.of("hello")).isEqualTo(new Outgoing.Say("hello"));
        assertThat(Outgoing.of("  indented  ")).isEqualTo(new Outgoing.Say("  indented"));
    }

    @Test
    void aDoubledSlashSendsALineStartingWithOne() {
        assertThat(Outgoing.of("//etc/hosts is the file")).isEqualTo(new Outgoing.Say("/etc/hosts is the file"));
        assertThat(Outgoing.of("  //x")).isEqualTo(new Outgoing.Say("/x"));
    }

    @Test
    void actions() {
        assertThat(Outgoing.of("/me waves  ")).isEqualTo(new Outgoing.Me("waves"));
        assertThat(Outgoing.of("/ME   jumps high")).isEqualTo(new Outgoing.Me("jumps high"));
        assertThat(Outgoing.of("/me")).isEqualTo(new Outgoing.Command()); // the server answers with usage
    }

    @ParameterizedTest
    @ValueSource(strings = {"/quit", "/quit gone for lunch", "/QUIT", "/exit", " /quit"})
    void quitting(String line) {
        assertThat(Outgoing.of(line)).isEqualTo(new Outgoing.Quit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/who", "/msg bob hi", " /msg bob secret", "/join dev", "/dance", "/", "/quitter"})
    void otherCommandsAreOnlyAnsweredByTheServer(String line) {
        assertThat(Outgoing.of(line)).isEqualTo(new Outgoing.Command());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void blankLinesAreNotSent(String line) {
        assertThat(Outgoing.of(line)).isEqualTo(new Outgoing.Blank());
    }
}
