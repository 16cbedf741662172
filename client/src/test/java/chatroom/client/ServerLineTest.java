package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of line in docs/PROTOCOL.md, as the server sends it. */
class ServerLineTest {

    @Test
    void aMessage() {
        assertThat(ServerLine.parse("[12:34:56] <alice> hello everyone"))
                .isEqualTo(new ServerLine.Said("12:34:56", "alice", "hello everyone"));
    }

    @Test
    void aMessageThatLooksLikeOtherKinds() {
        assertThat(ServerLine.parse("[12:34:56] <alice> *** not a notice <bob> -> *carol* x"))
                .isEqualTo(new ServerLine.Said("12:34:56", "alice", "*** not a notice <bob> -> *carol* x"));
    }

    @Test
    void anAction() {
        assertThat(ServerLine.parse("[12:34:56] * alice waves at bob"))
                .isEqualTo(new ServerLine.Action("12:34:56", "alice", "waves at bob"));
    }

    @Test
    void privateMessagesBothWays() {
        assertThat(ServerLine.parse("[12:34:56] *alice* psst"))
                .isEqualTo(new ServerLine.PrivateFrom("12:34:56", "alice", "psst"));
        assertThat(ServerLine.parse("[12:34:56] -> *bob* psst"))
                .isEqualTo(new ServerLine.PrivateTo("12:34:56", "bob", "psst"));
    }

    @Test
    void noticesAndErrorsKeepTheTextAfterTheirMark() {
        assertThat(ServerLine.parse("*** bob joined lobby")).isEqualTo(new ServerLine.Notice("bob joined lobby"));
        assertThat(ServerLine.parse("!!! Unknown command /dance (type /help for the list)"))
                .isEqualTo(new ServerLine.Error("Unknown command /dance (type /help for the list)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "hello", "***no space", "[12:34:56]", "[12:34:56] plain text", "[1:2:3] <a> b",
        "[12:34:56] <not a name> hi", "[12:34:56] <aaaaaaaaaaaaaaaaaaaaaaaaa> 25 letters"})
    void anythingElseIsShownAsItCame(String line) {
        assertThat(ServerLine.parse(line)).isEqualTo(new ServerLine.Other(line));
    }
}
