package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.server.history.HistoryLog;
import chatroom.server.history.HistorySettings;
import chatroom.server.history.HistoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat over a log of its rooms' messages ({@link ScriptedHistory}): rooms read back with
 * their ids, messages said while a log is read, {@code /history} from memory and from the log.
 * The log itself is {@code HistoryStoreTest}'s; this is what the chat does with its answers.
 */
class RoomLogTest {

    private static final Instant T = TestClocks.INSTANT;
    /** Rooms keep 3 messages in memory. */
    private static final int KEPT = 3;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final ScriptedHistory log = new ScriptedHistory();
    private Chat chat;
    private long nextPeer = 1;

    private Chat chat() {
        if (chat == null) {
            chat = new Chat(new ChatSettings(KEPT, 100, Duration.ofSeconds(30), List.of()), scheduler,
                    TestClocks.FIXED, ChatServices.none().withHistory(log));
        }
        return chat;
    }

    private record User(FakePeer peer, Session session) {}

    private User login(String name) {
        FakePeer peer = new FakePeer(nextPeer++);
        User user = new User(peer, chat().connected(peer));
        chat().line(user.session, name);
        peer.takeEvents();
        return user;
    }

    private void type(User user, String line) {
        chat().line(user.session, line);
    }

    private static Event.Said said(long id, String room, String text) {
        return new Event.Said(T, id, room, "old", text, false);
    }

    /** A log holding the messages {@code ids} of {@code room} (newest last) and going on at {@code nextId}. */
    private static HistoryLog.Loaded logOf(String room, long oldestId, long nextId, long... ids) {
        List<Event> newest = new ArrayList<>();
        for (long id : ids) {
            newest.add(said(id, room, "m" + id));
        }
        return new HistoryLog.Loaded(newest, nextId, oldestId, false);
    }

    /** {@code loaded} with the jumps {@code gaps}. */
    private static HistoryLog.Loaded withGaps(HistoryLog.Loaded loaded, HistoryLog.Gap... gaps) {
        return new HistoryLog.Loaded(loaded.newest(), loaded.nextId(), loaded.oldestId(), loaded.failed(),
                List.of(gaps));
    }

    private static <T extends Event> List<T> of(Class<T> type, List<Event> events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<Long> ids(List<Event> events) {
        return events.stream().filter(e -> e instanceof Event.Said || e instanceof Event.Action)
                .map(HistoryLog::idOf).toList();
    }

    @Nested
    class TheLobby {

        @Test
        void isReadBackAtStartAndGoesOnFromTheLogsIds() {
            log.log("lobby", logOf("lobby", 1, 43, 40, 41, 42));
            User alice = login("alice");

            assertThat(ids(alice.peer.events())).containsExactly(40L, 41L, 42L);
            type(alice, "hi");

            Event.Said echo = of(Event.Said.class, alice.peer.takeEvents()).get(0);
            assertThat(echo.id()).isEqualTo(43);
            assertThat(log.appended).containsExactly(new Event.Said(T, 43, "lobby", "alice", "hi", false));
        }

        @Test
        void logsMessagesAndActionsButNotPrivateMessages() {
            User alice = login("alice");
            login("bob");

            type(alice, "hello");
            type(alice, "/me waves");
            type(alice, "/msg bob psst");

            assertThat(log.appended).extracting(e -> e.getClass().getSimpleName()).containsExactly("Said", "Action");
        }
    }

    @Nested
    class ARoomReadBack {

        @Test
        void hasItsMembersAtOnceAndItsHistoryOnceTheLogAnswers() {
            log.log("dev", logOf("dev", 5, 11, 9, 10));
            User alice = login("alice");

            type(alice, "/join dev");
            List<Event> before = alice.peer.takeEvents();
            assertThat(of(Event.Entered.class, before)).hasSize(1);
            assertThat(of(Event.HistoryStart.class, before)).isEmpty();
            assertThat(log.loadsAsked).containsExactly("dev");

            log.answerLoad("dev");
            List<Event> after = alice.peer.takeEvents();
            assertThat(of(Event.HistoryStart.class, after)).singleElement().extracting(Event.HistoryStart::count)
                    .isEqualTo(2);
            assertThat(ids(after)).containsExactly(9L, 10L);
        }

        @Test
        void holdsWhatIsSaidMeanwhileAndSaysItInOrderWithTheLogsIds() {
            log.log("dev", logOf("dev", 5, 11, 10));
            User alice = login("alice");
            User bob = login("bob");
            type(alice, "/join dev");
            type(bob, "/join dev");
            alice.peer.takeEvents();
            bob.peer.takeEvents();

            type(alice, "one");
            type(bob, "two");
            type(alice, "three");
            assertThat(ids(alice.peer.takeEvents())).as("no ids before the log answers").isEmpty();
            assertThat(log.appended).isEmpty();

            log.answerLoad("dev");

            List<Event> seen = bob.peer.takeEvents();
            // bob's history (the log's message 10), then the three in the order said, with ids 11, 12, 13
            assertThat(ids(seen)).containsExactly(10L, 11L, 12L, 13L);
            assertThat(of(Event.Said.class, seen)).extracting(Event.Said::text).containsExactly("m10", "one", "two",
                    "three");
            assertThat(log.appended).extracting(HistoryLog::idOf).containsExactly(11L, 12L, 13L);
        }

        @Test
        void startsWithFreshIdsWhenTheLogDoesNotAnswerInTime() {
            log.log("dev", logOf("dev", 5, 11, 10));
            User alice = login("alice");
            type(alice, "hello"); // a lobby id, above which every fresh room starts
            long lobbyId = HistoryLog.idOf(log.appended.get(0));
            type(alice, "/join dev");
            alice.peer.takeEvents();
            type(alice, "waiting");

            scheduler.advance(Chat.LOG_READ_TIMEOUT);
            List<Event> seen = alice.peer.takeEvents();
            assertThat(of(Event.HistoryStart.class, seen)).singleElement().extracting(Event.HistoryStart::count)
                    .isEqualTo(0);
            assertThat(ids(seen)).singleElement().isEqualTo(lobbyId + 1);

            log.answerLoad("dev"); // too late: ignored
            assertThat(alice.peer.takeEvents()).isEmpty();
        }

        @Test
        void thatEmptiedWhileReadStaysUntilTheAnswerThenGoes() {
            User alice = login("alice");
            type(alice, "/join dev");
            type(alice, "said and left");
            type(alice, "/join lobby");
            assertThat(chat().rooms()).isEqualTo(2);

            log.answerLoad("dev");

            assertThat(chat().rooms()).isEqualTo(1);
            assertThat(log.appended).singleElement().extracting(e -> ((Event.Said) e).text()).isEqualTo("said and left");
        }

        @Test
        void saysWhatWasHeldUnderTheNameItWasSaidWith() {
            User alice = login("alice");
            User bob = login("bob");
            type(alice, "/join dev");
            type(bob, "/join dev");
            type(alice, "said as alice");
            type(alice, "/nick carol");
            alice.peer.takeEvents();
            bob.peer.takeEvents();

            log.answerLoad("dev");

            assertThat(of(Event.Said.class, bob.peer.takeEvents())).extracting(Event.Said::from)
                    .containsExactly("alice");
            assertThat(of(Event.Said.class, alice.peer.takeEvents())).extracting(Event.Said::from)
                    .containsExactly("alice");
            assertThat(log.appended).extracting(e -> ((Event.Said) e).from()).containsExactly("alice");
        }

        @Test
        void refusesMessagesPastWhatItHolds() {
            User alice = login("alice");
            type(alice, "/join dev");
            for (int i = 0; i < Chat.HELD_MESSAGES; i++) {
                type(alice, "m" + i);
            }
            alice.peer.takeEvents();

            type(alice, "one too many");

            assertThat(of(Event.Error.class, alice.peer.takeEvents())).extracting(Event.Error::code)
                    .containsExactly(Problem.HISTORY_BUSY.code());
        }
    }

    @Nested
    class Resuming {

        @Test
        void countsMissedMessagesButNotTheIdsTheLogSkipped() {
            // the log ends at 10 and goes on at 1,000,011: the previous run did not stop cleanly
            log.log("lobby", withGaps(logOf("lobby", 1, 1_000_011, 8, 9, 10), new HistoryLog.Gap(11, 1_000_010)));
            User alice = login("alice");
            for (int i = 0; i < KEPT; i++) {
                type(alice, "new " + i); // 1,000,011..13: the lobby keeps only these now
            }

            FakePeer peer = new FakePeer(nextPeer++);
            Session bob = chat().connected(peer);
            chat().line(bob, "/resume lobby 5");
            chat().line(bob, "bob");

            Event.HistoryStart start = of(Event.HistoryStart.class, peer.events()).get(0);
            assertThat(start.count()).isEqualTo(KEPT);
            assertThat(start.missed()).as("6 to 10; not the million skipped").isEqualTo(5);
        }

        /** The tester's case: the jump was made by an earlier read of the room, not by this one. */
        @Test
        void countsNoJumpOfAnEarlierRead() {
            log.log("dev", withGaps(logOf("dev", 1, 1_000_011, 8, 9, 10), new HistoryLog.Gap(11, 1_000_010)));
            User alice = login("alice");
            type(alice, "/join dev");
            log.answerLoad("dev");
            for (int i = 0; i < 5; i++) {
                type(alice, "new " + i); // 1,000,011..15
            }
            type(alice, "/join lobby"); // dev empties and leaves memory
            // Read again, the log goes on where it stopped and still knows the jump.
            log.log("dev", withGaps(logOf("dev", 1, 1_000_016, 1_000_013, 1_000_014, 1_000_015),
                    new HistoryLog.Gap(11, 1_000_010)));

            FakePeer peer = new FakePeer(nextPeer++);
            Session bob = chat().connected(peer);
            chat().line(bob, "/resume dev 5");
            chat().line(bob, "bob");
            log.answerLoad("dev");

            Event.HistoryStart start = of(Event.HistoryStart.class, peer.events()).get(0);
            assertThat(start.count()).isEqualTo(KEPT);
            assertThat(start.missed()).as("6 to 10 and 1,000,011 to 12").isEqualTo(7);
        }
    }

    /**
     * The chat over the real log, on its own thread in a temporary directory: the log's answers
     * come back through {@link #toLoop} and are run on the test's thread, as the loop would.
     */
    @Nested
    class ResumingOverTheStore {

        @TempDir
        Path data;

        private final LinkedBlockingQueue<Runnable> toLoop = new LinkedBlockingQueue<>();
        private final List<HistoryStore> stores = new ArrayList<>();

        @AfterEach
        void closeStores() {
            stores.forEach(HistoryStore::close);
        }

        private HistoryStore open() throws IOException {
            HistoryStore store = HistoryStore.open(new HistorySettings(data.resolve("history"),
                    HistorySettings.FsyncPolicy.ALWAYS, null, 0, Long.MAX_VALUE, 1024));
            store.attach(toLoop::add);
            stores.add(store);
            return store;
        }

        private Chat chatOver(HistoryStore store) {
            return new Chat(new ChatSettings(KEPT, 100, Duration.ofSeconds(30), List.of()), scheduler, TestClocks.FIXED,
                    ChatServices.none().withHistory(store));
        }

        /** Runs the log's next answer, as the loop would. */
        private void logAnswers() throws InterruptedException {
            Runnable answer = toLoop.poll(30, TimeUnit.SECONDS);
            assertThat(answer).as("the log's answer").isNotNull();
            answer.run();
        }

        private Event.HistoryStart resume(Chat on, String room, long since) throws InterruptedException {
            FakePeer peer = new FakePeer(nextPeer++);
            Session session = on.connected(peer);
            on.line(session, "/resume " + room + " " + since);
            on.line(session, "bob" + nextPeer);
            logAnswers();
            return of(Event.HistoryStart.class, peer.events()).get(0);
        }

        @Test
        void countsTheTrueMissedAfterTheRoomIsReadAgainAndAfterACleanRestart() throws Exception {
            // A log never stopped cleanly (a new directory is as good as a crash) holds dev's 1..10.
            HistoryStore first = open();
            for (long id = 1; id <= 10; id++) {
                first.append(said(id, "dev", "m" + id));
            }
            Chat chat = chatOver(first);
            FakePeer alicePeer = new FakePeer(nextPeer++);
            Session alice = chat.connected(alicePeer);
            chat.line(alice, "alice");
            chat.line(alice, "/join dev");
            logAnswers(); // the read that jumps: dev goes on at 1,000,011
            for (int i = 0; i < 5; i++) {
                chat.line(alice, "new " + i);
            }
            chat.line(alice, "/join lobby"); // dev empties and leaves memory
            assertThat(of(Event.Said.class, alicePeer.takeEvents())).extracting(Event.Said::id)
                    .contains(1_000_011L, 1_000_015L);

            Event.HistoryStart again = resume(chat, "dev", 5);
            first.close();
            Event.HistoryStart restarted = resume(chatOver(open()), "dev", 5);

            for (Event.HistoryStart start : List.of(again, restarted)) {
                assertThat(start.count()).isEqualTo(KEPT);
                assertThat(start.missed()).as("6 to 10 and 1,000,011 to 12; not the million skipped").isEqualTo(7);
            }
        }
    }

    @Nested
    class HistoryCommand {

        @Test
        void isAnsweredFromMemoryWhenTheRoomKeepsEnough() {
            log.log("lobby", logOf("lobby", 1, 21, LongStream.rangeClosed(18, 20).toArray()));
            User alice = login("alice");

            type(alice, "/history 2");

            List<Event> seen = alice.peer.takeEvents();
            assertThat(of(Event.HistoryPage.class, seen)).singleElement()
                    .isEqualTo(new Event.HistoryPage(T, "lobby", 2, 21, true));
            assertThat(ids(seen)).containsExactly(19L, 20L);
            assertThat(log.pages).isEmpty();
        }

        @Test
        void readsTheLogForMoreThanMemoryKeepsAndAnswersWhenItComes() {
            log.log("lobby", logOf("lobby", 1, 21, 18, 19, 20));
            User alice = login("alice");

            type(alice, "/history 10");
            assertThat(log.pages).singleElement().satisfies(read -> {
                assertThat(read.room()).isEqualTo("lobby");
                assertThat(read.before()).isEqualTo(21);
                assertThat(read.limit()).isEqualTo(10);
            });
            assertThat(of(Event.HistoryPage.class, alice.peer.events())).isEmpty();

            List<Event> page = new ArrayList<>();
            for (long id = 11; id <= 20; id++) {
                page.add(said(id, "lobby", "m" + id));
            }
            log.answerPage(new HistoryLog.Older(page, true, false));

            List<Event> seen = alice.peer.takeEvents();
            assertThat(of(Event.HistoryPage.class, seen)).singleElement()
                    .isEqualTo(new Event.HistoryPage(T, "lobby", 10, 21, true));
            assertThat(ids(seen)).containsExactly(LongStream.rangeClosed(11, 20).boxed().toArray(Long[]::new));
            assertThat(of(Event.HistoryEnd.class, seen)).hasSize(1);
        }

        @Test
        void pagesBackInARoomNotInMemory() {
            User alice = login("alice");

            type(alice, "/history #Dev 500 50");

            assertThat(log.pages).singleElement().satisfies(read -> {
                assertThat(read.room()).isEqualTo("Dev");
                assertThat(read.before()).isEqualTo(500);
                assertThat(read.limit()).isEqualTo(50);
            });
            log.answerPage(new HistoryLog.Older(List.of(said(498, "dev", "a"), said(499, "dev", "b")), false, false));
            assertThat(of(Event.HistoryPage.class, alice.peer.events())).singleElement()
                    .isEqualTo(new Event.HistoryPage(T, "dev", 2, 500, false)); // as the room's messages name it
        }

        @Test
        void allowsOneReadAtATimeAndSaysSoWhenTheLogIsBusy() {
            User alice = login("alice");
            User bob = login("bob");
            type(alice, "/history dev 500");
            alice.peer.takeEvents();

            type(alice, "/history dev 400");
            log.takesPages = false;
            type(bob, "/history dev 400");

            assertThat(of(Event.Error.class, alice.peer.takeEvents())).extracting(Event.Error::code)
                    .containsExactly(Problem.HISTORY_BUSY.code());
            assertThat(of(Event.Error.class, bob.peer.takeEvents())).extracting(Event.Error::code)
                    .containsExactly(Problem.HISTORY_BUSY.code());
            assertThat(log.pages).hasSize(1);
        }

        @Test
        void dropsTheAnswerForSomeoneGone() {
            User alice = login("alice");
            type(alice, "/history dev 500");
            type(alice, "/quit");
            int before = alice.peer.events().size();

            log.answerPage(new HistoryLog.Older(List.of(said(499, "dev", "b")), false, false));

            assertThat(alice.peer.events()).hasSize(before);
        }

        @Test
        void refusesARoomThatIsNotAName() {
            User alice = login("alice");

            type(alice, "/history ../etc 5 5");

            assertThat(of(Event.Error.class, alice.peer.takeEvents())).extracting(Event.Error::code)
                    .containsExactly(Problem.INVALID_ROOM.code());
            assertThat(log.pages).isEmpty();
        }

        @Test
        void withoutALogAnswersWithWhatMemoryKeeps() {
            chat = new Chat(new ChatSettings(KEPT, 100, Duration.ofSeconds(30), List.of()), scheduler,
                    TestClocks.FIXED);
            User alice = login("alice");
            type(alice, "one");
            type(alice, "two");
            alice.peer.takeEvents();

            type(alice, "/history 10");

            List<Event> seen = alice.peer.takeEvents();
            assertThat(of(Event.HistoryPage.class, seen)).singleElement()
                    .satisfies(page -> {
                        assertThat(page.count()).isEqualTo(2);
                        assertThat(page.more()).isFalse();
                    });
            assertThat(of(Event.Said.class, seen)).extracting(Event.Said::text).containsExactly("one", "two");
        }
    }
}
