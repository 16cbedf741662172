package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.client.ClientState.Phase;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class StatusBarTest {

    @Test
    void thePromptSaysWhoAndWhere() {
        assertThat(StatusBar.prompt(new ClientState(Phase.CHATTING, "h:1", "alice", "dev", 3, 0)))
                .isEqualTo("alice@dev> ");
        assertThat(StatusBar.prompt(new ClientState(Phase.LOGGING_IN, "h:1", null, null, 0, 0))).isEqualTo("> ");
    }

    @Test
    void thePromptSaysWhenOffline() {
        assertThat(StatusBar.prompt(new ClientState(Phase.OFFLINE, "h:1", "alice", "dev", 0, 2)))
                .isEqualTo("(offline) alice@dev> ");
        assertThat(StatusBar.prompt(new ClientState(Phase.OFFLINE, "h:1", null, null, 0, 0)))
                .isEqualTo("(offline) > ");
    }

    @Test
    void theStatusLineAddsServerAndHeadCount() {
        assertThat(StatusBar.line(new ClientState(Phase.CHATTING, "example.org:5000", "alice", "dev", 3, 0), false)
                .toString()).isEqualTo(" chatroom | connected to example.org:5000 | alice in dev, 3 here");
        assertThat(StatusBar.line(new ClientState(Phase.LOGGING_IN, "h:1", null, null, 0, 0), false).toString())
                .isEqualTo(" chatroom | connected to h:1 | choosing a name");
        assertThat(StatusBar.line(new ClientState(Phase.OFFLINE, "h:1", "alice", "dev", 0, 1), false).toString())
                .isEqualTo(" chatroom | offline, reconnecting to h:1 | alice in dev | 1 line waiting to be sent");
    }

    @Test
    void theStatusLineIsInverseOnlyWithColour() {
        ClientState state = new ClientState(Phase.LOGGING_IN, "h:1", null, null, 0, 0);
        assertThat(StatusBar.line(state, true).styleAt(0)).isEqualTo(AttributedStyle.INVERSE);
        assertThat(StatusBar.line(state, false).styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
    }
}
