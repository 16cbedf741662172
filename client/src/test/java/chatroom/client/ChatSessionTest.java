package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.client.ClientState.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The session's protocol logic with a fake connection and UI: no sockets, no terminal. */
class ChatSessionTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    private final FakeUi ui = new FakeUi();
    private final FakeLink link = new FakeLink();

    private ChatSession session(String name) {
        ChatSession session = new ChatSession(ui, new MessageRenderer(false), new OnlineNames(), NOON, "h:1", name);
        session.attach(link);
        return session;
    }

    private ChatSession loggedIn(String room) {
        ChatSession session = session("alice");
        session.connected();
        receive(session, "*** Welcome to chatroom!", "*** What is your name? (1-24 letters, digits, _ or -)",
                "*** Hello alice! Type /help for commands.", "*** You are in lobby. 2 here: bob, alice");
        if (!room.equals("lobby")) {
            session.typed("/join " + room);
            receive(session, "*** You are in " + room + ". 1 here: alice");
        }
        link.sent.clear();
        ui.shown.clear();
        return session;
    }

    @Test
    void aNameFromTheCommandLineIsSentAsSoonAsTheConnectionIsUp() {
        ChatSession session = session("alice");
        assertThat(ui.lastState().phase()).isEqualTo(Phase.OFFLINE);
        session.connected();
        assertThat(link.sent).containsExactly("alice");
        assertThat(ui.lastState().phase()).isEqualTo(Phase.LOGGING_IN);
        receive(session, "*** Hello alice! Type /help for commands.", "*** You are in lobby. 2 here: bob, alice");
        assertThat(ui.lastState()).isEqualTo(new ClientState(Phase.CHATTING, "h:1", "alice", "lobby", 2, 0));
    }

    @Test
    void withoutANameTheFirstLineTypedIsTheNameAndTheNextWaitForTheAnswer() {
        ChatSession session = session(null);
        session.connected();
        assertThat(link.sent).isEmpty();
        session.typed("alice");
        session.typed("hello");
        assertThat(link.sent).containsExactly("alice");
        receive(session, "*** Hello alice! Type /help for commands.", "*** You are in lobby. 1 here: alice");
        assertThat(link.sent).containsExactly("alice", "hello");
        assertThat(ui.shown).endsWith("[12:00:00] <alice> hello");
    }

    @Test
    void aRefusedNameLetsTheUserTypeAnother() {
        ChatSession session = session("alice");
        session.connected();
        receive(session, "!!! The name alice is taken, try another",
                "*** What is your name? (1-24 letters, digits, _ or -)");
        session.typed("alice2");
        assertThat(link.sent).containsExactly("alice", "alice2");
        receive(session, "*** Hello alice2! Type /help for commands.", "*** You are in lobby. 2 here: alice, alice2");
        assertThat(ui.lastState().name()).isEqualTo("alice2");
    }

    @Test
    void anErrorThatIsNoVerdictOnTheNameKeepsIt() {
        ChatSession session = session("alice");
        session.connected();
        receive(session, "!!! Server full (10000 users), try again later");
        session.lost("the server closed the connection");
        session.connected();
        assertThat(link.sent).containsExactly("alice", "alice");
    }

    @Test
    void ownMessagesAreSentAndShownOnceFormattedAsTheRoomSeesThem() {
        ChatSession session = loggedIn("lobby");
        session.typed("hi all");
        session.typed("/me waves");
        session.typed("//etc/hosts is a file");
        session.typed("/who");
        session.typed("   ");
        assertThat(link.sent).containsExactly("hi all", "/me waves", "//etc/hosts is a file", "/who");
        assertThat(ui.shown).containsExactly(
                "[12:00:00] <alice> hi all", "[12:00:00] * alice waves", "[12:00:00] <alice> /etc/hosts is a file");
    }

    @Test
    void aPasteOfSeveralLinesSendsEachOne() {
        ChatSession session = loggedIn("lobby");
        session.typed("one\ntwo\r\nthree");
        assertThat(link.sent).containsExactly("one", "two", "three");
    }

    @Test
    void linesTypedOfflineAreSentAfterTheReconnectInTheRoomTheUserWasIn() {
        ChatSession session = loggedIn("dev");
        session.lost("Connection reset");
        assertThat(ui.notes).containsExactly("Connection to h:1 lost: Connection reset.");
        session.retrying(Duration.ofMillis(1500), null);
        session.typed("are you there?");
        session.typed("/me waits");
        assertThat(link.sent).isEmpty();
        assertThat(ui.notes).contains("Reconnecting in 1.5 s.",
                "Not connected: this line will be sent after reconnecting (2 waiting).");
        assertThat(ui.lastState()).isEqualTo(new ClientState(Phase.OFFLINE, "h:1", "alice", "dev", 0, 2));

        session.connected();
        assertThat(link.sent).containsExactly("alice");
        receive(session, "*** Hello alice! Type /help for commands.", "*** You are in lobby. 1 here: alice");
        assertThat(link.sent).containsExactly("alice", "/join dev");
        session.typed("typed while rejoining");
        receive(session, "*** You are in dev. 2 here: bob, alice");
        assertThat(link.sent).containsExactly("alice", "/join dev", "are you there?", "/me waits",
                "typed while rejoining");
        assertThat(ui.lastState()).isEqualTo(new ClientState(Phase.CHATTING, "h:1", "alice", "dev", 2, 0));
    }

    @Test
    void aLineThatCouldNotBeSentWaitsForTheReconnect() {
        ChatSession session = loggedIn("lobby");
        link.up = false;
        session.typed("lost?");
        assertThat(ui.shown).isEmpty();
        assertThat(ui.lastState().waiting()).isEqualTo(1);
    }

    @Test
    void theWaitingLineHasALimit() {
        ChatSession session = session("alice");
        for (int i = 0; i <= ChatSession.MAX_WAITING; i++) {
            session.typed("line " + i);
        }
        assertThat(ui.lastState().waiting()).isEqualTo(ChatSession.MAX_WAITING);
        assertThat(ui.notes).last().isEqualTo("Not sent: 100 lines are already waiting for the connection.");
    }

    @Test
    void quitSaysGoodbyeAndHangsUpWhenTheServerAnswers() throws InterruptedException {
        ChatSession session = loggedIn("lobby");
        session.typed("/quit lunch");
        assertThat(session.isQuitting()).isTrue();
        assertThat(link.sent).containsExactly("/quit lunch");
        assertThat(session.awaitGoodbye(Duration.ZERO)).isFalse();
        receive(session, "*** Bye!");
        assertThat(session.awaitGoodbye(Duration.ZERO)).isTrue();
        assertThat(link.hungUp).isTrue();
    }

    @Test
    void aScriptsQuitWaitsBehindItsMessage() {
        ChatSession session = session(null);
        session.connected();
        session.typed("alice");
        session.typed("hello");
        session.typed("/quit");
        assertThat(session.isQuitting()).isTrue();
        assertThat(link.sent).containsExactly("alice");
        receive(session, "*** Hello alice! Type /help for commands.", "*** You are in lobby. 1 here: alice");
        assertThat(link.sent).containsExactly("alice", "hello", "/quit");
    }

    @Test
    void leavingSendsQuit() throws InterruptedException {
        ChatSession session = loggedIn("lobby");
        session.leave();
        assertThat(link.sent).containsExactly("/quit");
        session.lost("the server closed the connection");
        assertThat(session.awaitGoodbye(Duration.ZERO)).isTrue();
        assertThat(ui.notes).isEmpty();
    }

    @Test
    void leavingOfflineIsImmediateAndSaysWhatWasNotSent() throws InterruptedException {
        ChatSession session = loggedIn("lobby");
        session.lost("reset");
        session.typed("unsent");
        session.typed("/quit");
        assertThat(link.sent).isEmpty();
        assertThat(session.awaitGoodbye(Duration.ZERO)).isTrue();
        assertThat(ui.notes).last().isEqualTo("Leaving offline: 1 waiting line(s) not sent.");
    }

    @Test
    void theOwnNameFollowsNick() {
        ChatSession session = loggedIn("lobby");
        receive(session, "*** You are now known as al");
        session.typed("hi");
        assertThat(ui.shown).endsWith("[12:00:00] <al> hi");
        assertThat(ui.lastState().name()).isEqualTo("al");
        session.lost("reset");
        session.connected();
        assertThat(link.sent).endsWith("al");
    }

    @Test
    void wireTextIsSanitisedBeforeItIsShown() {
        ChatSession session = loggedIn("lobby");
        receive(session, "[12:00:00] <bob> \u001b]0;pwned\u0007\u001b[2J");
        assertThat(ui.shown).containsExactly("[12:00:00] <bob> ␛]0;pwned␇␛[2J");
    }

    private static void receive(ChatSession session, String... lines) {
        for (String line : lines) {
            session.received(line);
        }
    }

    private static final class FakeUi implements Ui {
        final List<String> shown = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<ClientState> states = new ArrayList<>();

        @Override
        public void show(AttributedString line) {
            if (!line.toString().startsWith("***")) {
                shown.add(line.toString());
            }
        }

        @Override
        public void note(String text) {
            notes.add(text);
        }

        @Override
        public void state(ClientState state) {
            states.add(state);
        }

        ClientState lastState() {
            return states.get(states.size() - 1);
        }

        @Override
        public String read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    private static final class FakeLink implements Link {
        final List<String> sent = new ArrayList<>();
        boolean up = true;
        boolean hungUp;

        @Override
        public boolean send(String line) {
            if (up) {
                sent.add(line);
            }
            return up;
        }

        @Override
        public void hangUp() {
            hungUp = true;
        }
    }
}
