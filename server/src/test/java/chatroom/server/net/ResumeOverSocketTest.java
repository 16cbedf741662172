package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that drops off and comes back with {@code /resume}, as the chatroom client does
 * after a reconnect: it gets exactly what it missed, and the rooms see a plain return.
 */
@Timeout(60)
class ResumeOverSocketTest {

    /** Sends {@code line} and waits until the room has it: the sender's echo. */
    private static Event.Said say(TestClient jsonUser, String line) throws Exception {
        jsonUser.send(line);
        return jsonUser.awaitEvent(Event.Said.class, s -> s.echo() && s.text().equals(line));
    }

    /** Asks for {@code /who} and returns every line up to the answer, the answer left out. */
    private static List<String> linesUntilWho(TestClient textUser) throws Exception {
        textUser.send("/who");
        List<String> before = new ArrayList<>();
        String line;
        while (!(line = textUser.nextLine()).matches("\\*\\*\\* \\d+ in \\w+: .*")) {
            before.add(line);
        }
        return before;
    }

    @Test
    void aReturningUserGetsExactlyWhatItMissedAndTheLobbyHearsNothing() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient watcher = TestClient.login(server.port(), "watcher");
             TestClient carol = TestClient.login(server.port(), "carol")) {
            carol.send("/join dev");
            carol.awaitLine("*** You are in dev. 1 here: carol");
            long lastSeen;
            try (TestClient alice = TestClient.loginJson(server.port(), "alice", "/format json")) {
                alice.send("/join dev");
                alice.awaitEvent(Event.HistoryEnd.class);
                carol.awaitLine("*** alice joined dev");
                say(alice, "a1");
                lastSeen = say(alice, "a2").id();
                carol.send("before the drop");
                lastSeen = alice.awaitEvent(Event.Said.class, s -> s.text().equals("before the drop")).id();
            }
            carol.awaitLine("*** alice left dev (connection closed)");
            carol.send("c1");
            carol.send("/me c2");
            carol.send("c3");
            linesUntilWho(watcher); // whatever the lobby heard up to now

            TestClient alice = TestClient.connect(server.port());
            try {
                // What a reconnecting client sends at once, before it has read a thing.
                alice.sendRaw("/format json\r\n/resume dev %d\r\nalice\r\n".formatted(lastSeen)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                alice.awaitEvent(Event.Hello.class);
                List<Event> events = new ArrayList<>();
                Event event;
                do {
                    event = alice.nextEvent();
                    events.add(event);
                } while (!(event instanceof Event.HistoryEnd));

                assertThat(events.get(0)).isInstanceOf(Event.Entered.class);
                assertThat(((Event.Entered) events.get(0)).room()).isEqualTo("dev");
                Event.HistoryStart start = (Event.HistoryStart) events.get(1);
                assertThat(start.room()).isEqualTo("dev");
                assertThat(start.since()).isEqualTo(lastSeen);
                assertThat(start.count()).isEqualTo(3);
                assertThat(start.missed()).isZero();
                List<Event> replay = events.subList(2, events.size() - 1);
                assertThat(replay).extracting(ResumeOverSocketTest::describe)
                        .containsExactly("carol: c1", "carol * c2", "carol: c3");
                assertThat(replay).extracting(ResumeOverSocketTest::id)
                        .containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3);

                carol.awaitLine("*** alice joined dev");
                List<String> lobby = linesUntilWho(watcher);
                assertThat(lobby).as("the lobby heard nothing of alice's return").isEmpty();
                List<String> dev = linesUntilWho(carol);
                assertThat(dev).noneMatch(l -> l.contains("alice"));

                carol.send("welcome back");
                assertThat(alice.awaitEvent(Event.Said.class).text()).isEqualTo("welcome back");
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void tooFewKeptToFillTheGapIsSaid() throws Exception {
        var config = TestServer.withChat(TestServer.config(), 2, 100, java.time.Duration.ofSeconds(60),
                List.of());
        try (TestServer server = TestServer.start(config);
             TestClient carol = TestClient.loginJson(server.port(), "carol", "/format json")) {
            long first = say(carol, "m1").id();
            for (int i = 2; i <= 5; i++) {
                say(carol, "m" + i);
            }

            try (TestClient alice = TestClient.loginJson(server.port(), "alice", "/format json",
                    "/resume lobby " + first)) {
                Event.HistoryStart start = alice.awaitEvent(Event.HistoryStart.class);
                assertThat(start.count()).isEqualTo(2);
                assertThat(start.missed()).isEqualTo(2);
                assertThat(alice.nextEvent()).extracting(ResumeOverSocketTest::describe).isEqualTo("carol: m4");
                assertThat(alice.nextEvent()).extracting(ResumeOverSocketTest::describe).isEqualTo("carol: m5");
                assertThat(alice.nextEvent()).isInstanceOf(Event.HistoryEnd.class);
            }
        }
    }

    @Test
    void aTextUserCanResumeToo() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient carol = TestClient.loginJson(server.port(), "carol", "/format json")) {
            long first = say(carol, "one").id();
            say(carol, "two");

            try (TestClient alice = TestClient.connect(server.port())) {
                alice.send("/resume lobby " + first);
                alice.send("alice");

                alice.awaitLine("*** You are in lobby. 2 here: carol, alice");
                assertThat(alice.nextLine()).isEqualTo("*** 1 new message in lobby:");
                assertThat(alice.nextLine()).endsWith("<carol> two");
            }
        }
    }

    private static String describe(Event event) {
        if (event instanceof Event.Said said) {
            assertThat(said.echo()).isFalse();
            return said.from() + ": " + said.text();
        }
        if (event instanceof Event.Action action) {
            assertThat(action.echo()).isFalse();
            return action.from() + " * " + action.text();
        }
        return event.toString();
    }

    private static long id(Event event) {
        return event instanceof Event.Said said ? said.id() : ((Event.Action) event).id();
    }
}
