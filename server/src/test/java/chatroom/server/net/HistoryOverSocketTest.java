package chatroom.server.net;

import static chatroom.server.net.HistoryPages.idTexts;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.server.chat.ChatSettings;
import chatroom.server.history.HistorySettings;
import chatroom.server.history.HistoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 over real sockets, in process: a server with a real {@link HistoryStore} stops
 * cleanly and a new one starts on the same directory. The rooms' messages come back with
 * their ids, ids go on from the last one, {@code /history} reaches past what a room keeps in
 * memory, and a room that emptied comes back with its history when someone joins. The story
 * is {@link #sayBeforeRestart} and {@link #checkAfterRestart}, told again by
 * {@link HistoryEndToEndTest} with the real server in a process of its own stopped by SIGTERM.
 */
@Timeout(60)
class HistoryOverSocketTest {

    static final String JSON = "/format json";
    /** What a room keeps in memory and replays on a join: far fewer than it says. */
    static final int KEPT = 5;
    static final int SAID = 30;

    /** What the first life said: the lobby's messages and dev's, as their senders' echoes. */
    record Said(List<Event.Said> lobby, List<Event.Said> dev) {}

    @Test
    void aCleanRestartKeepsTheIdsAndGoesOnFromTheLast(@TempDir Path dir) throws Exception {
        Said said;
        try (TestServer server = start(dir)) {
            said = sayBeforeRestart(server.port());
        }
        try (TestServer server = start(dir)) {
            checkAfterRestart(server.port(), said);
        }
    }

    private static TestServer start(Path dir) throws IOException {
        ChatSettings d = TestServer.config().chat();
        return TestServer.start(TestServer.withChat(TestServer.config(), KEPT, d.announceLimit(), d.loginTimeout(),
                List.of()), HistoryStore.open(HistorySettings.in(dir)));
    }

    /** {@link #SAID} messages in the lobby, 3 in dev, which then empties. */
    static Said sayBeforeRestart(int port) throws Exception {
        try (TestClient alice = TestClient.loginJson(port, "alice", JSON)) {
            List<Event.Said> lobby = HistoryPages.say(alice, "hello", SAID);
            alice.send("/join dev");
            alice.awaitEvent(Event.Entered.class, e -> e.room().equals("dev"));
            List<Event.Said> dev = HistoryPages.say(alice, "dev", 3);
            alice.send("/join lobby");
            alice.awaitEvent(Event.Entered.class, e -> e.room().equals("lobby"));
            // dev is empty and gone from memory; its log is all that is left of it.
            assertThat(idTexts(HistoryPages.history(alice, "/history").messages()))
                    .as("/history 20 of the lobby, which keeps %d in memory: the rest from the log", KEPT)
                    .isEqualTo(idTexts(lobby.subList(SAID - 20, SAID)));
            return new Said(lobby, dev);
        }
    }

    /** What a server started again on the first one's data shows of it, with {@link #KEPT} messages in memory. */
    static void checkAfterRestart(int port, Said before) throws Exception {
        List<Event.Said> lobby = before.lobby();
        long lastLobby = lobby.get(SAID - 1).id();
        try (TestClient bob = TestClient.loginJson(port, "bob", JSON)) {
            assertThat(idTexts(HistoryPages.replay(bob, "lobby").messages())).as("the lobby's replay on a join")
                    .isEqualTo(idTexts(lobby.subList(SAID - KEPT, SAID)));

            HistoryPages.Page page = HistoryPages.history(bob, "/history " + SAID);
            assertThat(idTexts(page.messages())).as("/history past what the lobby keeps, read from its log")
                    .isEqualTo(idTexts(lobby));
            assertThat(page.page().before()).isEqualTo(lastLobby + 1);
            assertThat(page.page().more()).isFalse();

            HistoryPages.Page older = HistoryPages.history(bob, "/history lobby " + lobby.get(10).id() + " 4");
            assertThat(idTexts(older.messages())).as("a page back from an id").isEqualTo(idTexts(lobby.subList(6, 10)));
            assertThat(older.page().more()).isTrue();

            long resumeFrom = lobby.get(SAID - 3).id();
            try (TestClient carol = TestClient.loginJson(port, "carol", JSON, "/resume lobby " + resumeFrom)) {
                HistoryPages.Replay resumed = HistoryPages.replay(carol, "lobby");
                assertThat(resumed.start().since()).isEqualTo(resumeFrom);
                assertThat(resumed.start().missed()).isZero();
                assertThat(idTexts(resumed.messages())).as("resumed from an id of the first life")
                        .isEqualTo(idTexts(lobby.subList(SAID - 2, SAID)));
            }

            Event.Said next = HistoryPages.say(bob, "after", 1).get(0);
            assertThat(next.id()).as("the lobby's next id after a clean stop").isEqualTo(lastLobby + 1);

            bob.send("/join dev");
            HistoryPages.Replay dev = HistoryPages.replay(bob, "dev");
            assertThat(idTexts(dev.messages())).as("dev, empty at the stop, read back on a join")
                    .isEqualTo(idTexts(before.dev()));
            Event.Said inDev = HistoryPages.say(bob, "dev-after", 1).get(0);
            assertThat(inDev.id()).as("dev's next id").isEqualTo(before.dev().get(2).id() + 1);
        }
    }
}
