package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.client.ClientState.Phase;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusBarTest {

    private static final int WIDE = 200;

    @Test
    void thePromptSaysWhoAndWhere() {
        assertThat(StatusBar.prompt(new ClientState(Phase.CHATTING, "h:1", "alice", "dev", 3, 0)))
                .isEqualTo("alice@dev> ");
        assertThat(StatusBar.prompt(new ClientState(Phase.LOGGING_IN, "h:1", null, null, 0, 0))).isEqualTo("> ");
    }

    @Test
    void thePromptSaysWhenANameIsWanted() {
        assertThat(StatusBar.prompt(new ClientState(Phase.NAMING, "h:1", "alice", "dev", 0, 3))).isEqualTo("name> ");
    }

    @Test
    void thePromptSaysWhenOffline() {
        assertThat(StatusBar.prompt(new ClientState(Phase.OFFLINE, "h:1", "alice", "dev", 0, 2)))
                .isEqualTo("(offline) alice@dev> ");
        assertThat(StatusBar.prompt(new ClientState(Phase.OFFLINE, "h:1", null, null, 0, 0)))
                .isEqualTo("(offline) > ");
    }

    @Test
    void theStatusLinePutsWhoAndWhereFirst() {
        assertThat(line(new ClientState(Phase.CHATTING, "example.org:5000", "alice", "dev", 3, 0), WIDE))
                .isEqualTo("-- alice in dev, 3 here | example.org:5000 | chatroom");
        assertThat(line(new ClientState(Phase.NAMING, "h:1", null, null, 0, 0), WIDE))
                .isEqualTo("-- type your name | h:1 | chatroom");
        assertThat(line(new ClientState(Phase.OFFLINE, "h:1", "alice", "dev", 0, 1), WIDE))
                .isEqualTo("-- offline, reconnecting | alice in dev | 1 to send | h:1 | chatroom");
    }

    @Test
    void loggedInBeforeAnyRoomSaysNoNullRoom() {
        String line = line(new ClientState(Phase.CHATTING, "h:1", "ivan", null, 0, 0), WIDE);
        assertThat(line).startsWith("-- ivan | ").doesNotContain("null");
        assertThat(StatusBar.prompt(new ClientState(Phase.CHATTING, "h:1", "ivan", null, 0, 0))).isEqualTo("ivan> ");
    }

    @Test
    void mentionsAndTheSendQueueAreCounted() {
        assertThat(line(new ClientState(Phase.CHATTING, "h:1", "alice", "dev", 3, 8_000, 2), WIDE))
                .isEqualTo("-- alice in dev, 3 here | 2 mentions | 8000 to send | h:1 | chatroom");
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 40, 30, 24})
    void aNarrowWindowLosesTheLeastUsefulPartsFirst(int width) {
        String line = line(new ClientState(Phase.CHATTING, "a-long-host-name.example.org:5000", "alice", "dev", 3, 0, 1),
                width);
        assertThat(line.length()).isLessThanOrEqualTo(width);
        assertThat(line).startsWith("-- alice in dev, 3 here");
    }

    @Test
    void aWindowNarrowerThanTheFirstPartCutsIt() {
        String line = line(new ClientState(Phase.CHATTING, "h:1", "alice", "dev", 3, 0), 12);
        assertThat(line).hasSize(12).startsWith("-- alice").endsWith("…");
    }

    @Test
    void theStatusLineIsInverseWithColourAndMarkedWithout() {
        ClientState state = new ClientState(Phase.LOGGING_IN, "h:1", null, null, 0, 0);
        assertThat(StatusBar.line(state, true, WIDE).styleAt(0)).isEqualTo(AttributedStyle.INVERSE);
        assertThat(StatusBar.line(state, true, WIDE).toString()).startsWith(" logging in");
        assertThat(StatusBar.line(state, false, WIDE).styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
        assertThat(StatusBar.line(state, false, WIDE).toString()).startsWith(StatusBar.PLAIN_MARK + "logging in");
    }

    private static String line(ClientState state, int width) {
        return StatusBar.line(state, false, width).toString();
    }
}
