package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.Event;
import chatroom.server.history.HistoryLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoomTest {

    private long ids;

    private Session member(Room room, String name) {
        Session session = new Session(new FakePeer(++ids));
        session.name = name;
        session.room = room;
        room.add(session);
        return session;
    }

    private static FakePeer peer(Session s) {
        return (FakePeer) s.peer;
    }

    private static Outbound notice(String text) {
        return new Outbound(new Event.Notice(TestClocks.INSTANT, text));
    }

    /** Says {@code text} in {@code room} as a chat message would be: a fresh id, then remembered. */
    private static Event.Said say(Room room, String text) {
        Event.Said said = new Event.Said(TestClocks.INSTANT, room.takeId(), room.name, "a", text, false);
        room.remember(said);
        return said;
    }

    private static List<Long> ids(List<Event> messages) {
        List<Long> ids = new ArrayList<>();
        for (Event message : messages) {
            ids.add(message instanceof Event.Said said ? said.id() : ((Event.Action) message).id());
        }
        return ids;
    }

    @Test
    void broadcastSkipsOnlyTheExceptedAndSharesOneOutbound() {
        Room room = new Room("r", 5, 1);
        Session a = member(room, "a");
        Session b = member(room, "b");
        Session c = member(room, "c");
        Outbound x = notice("x");

        room.broadcast(x, b);

        assertThat(peer(a).lines()).containsExactly("*** x");
        assertThat(peer(b).lines()).isEmpty();
        assertThat(peer(c).lines()).containsExactly("*** x");
        assertThat(peer(a).lastShared()).isSameAs(x);
        assertThat(peer(c).lastShared()).isSameAs(x);

        room.broadcast(notice("y"), null);
        assertThat(peer(b).lines()).containsExactly("*** y");
        assertThat(peer(a).lines()).containsExactly("*** x", "*** y");
    }

    @Test
    void historyAndMembersCannotBeChangedFromOutside() {
        Room room = new Room("r", 3, 1);
        member(room, "a");
        say(room, "m");

        assertThatThrownBy(() -> room.history().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> room.members().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void firstNamesInArrivalOrderUpToTheLimit() {
        Room room = new Room("r", 0, 1);
        member(room, "zed");
        member(room, "amy");
        member(room, "bo");

        assertThat(room.firstNames(2)).containsExactly("zed", "amy");
        assertThat(room.firstNames(20)).containsExactly("zed", "amy", "bo");
        assertThat(room.firstNames(0)).isEmpty();
    }

    @Test
    void sizeAndRemove() {
        Room room = new Room("r", 0, 1);
        Session a = member(room, "a");
        Session b = member(room, "b");
        assertThat(room.size()).isEqualTo(2);

        room.remove(a);
        assertThat(room.members()).containsExactly(b);
        room.remove(b);
        assertThat(room.isEmpty()).isTrue();
    }

    @Nested
    class Ids {

        @Test
        void startAtFirstIdAndCountUpByOne() {
            Room room = new Room("r", 5, 40);

            assertThat(room.takeId()).isEqualTo(40);
            assertThat(room.takeId()).isEqualTo(41);
            assertThat(room.takeId()).isEqualTo(42);
        }

        @Test
        void lastIdIsTheHighestGivenAndOneBelowFirstIdBeforeAny() {
            Room room = new Room("r", 5, 40);
            assertThat(room.lastId()).isEqualTo(39);

            room.takeId();
            assertThat(room.lastId()).isEqualTo(40);
            room.takeId();
            assertThat(room.lastId()).isEqualTo(41);
        }

        @Test
        void areGivenEvenWhenNothingIsKept() {
            Room room = new Room("r", 0, 7);
            say(room, "one");
            say(room, "two");

            assertThat(room.lastId()).isEqualTo(8);
            assertThat(room.takeId()).isEqualTo(9);
        }
    }

    @Nested
    class History {

        @Test
        void keepsTheLastMessagesInOrder() {
            Room room = new Room("r", 3, 1);
            for (int i = 1; i <= 5; i++) {
                say(room, "m" + i);
            }

            assertThat(room.history()).extracting(e -> ((Event.Said) e).text()).containsExactly("m3", "m4", "m5");
        }

        @Test
        void keepsTheEventsThemselves() {
            Room room = new Room("r", 3, 1);
            Event.Said said = say(room, "m");
            Event.Action action = new Event.Action(TestClocks.INSTANT, room.takeId(), "r", "a", "waves", false);
            room.remember(action);

            assertThat(room.history()).containsExactly(said, action);
            assertThat(room.history().iterator().next()).isSameAs(said);
        }

        @Test
        void aLimitOfZeroRemembersNothing() {
            Room room = new Room("r", 0, 1);
            say(room, "m");

            assertThat(room.history()).isEmpty();
            assertThat(room.historyAfter(0)).isEmpty();
        }
    }

    @Nested
    class HistoryAfter {

        /** Ids 10..14 said, 12..14 kept. */
        private final Room room = new Room("r", 3, 10);

        HistoryAfter() {
            for (int i = 0; i < 5; i++) {
                say(room, "m" + i);
            }
        }

        @Test
        void isWhatIsKeptAboveTheId() {
            assertThat(ids(room.historyAfter(12))).containsExactly(13L, 14L);
            assertThat(ids(room.historyAfter(13))).containsExactly(14L);
        }

        @Test
        void isNothingAtOrAboveTheLastId() {
            assertThat(room.historyAfter(14)).isEmpty();
            assertThat(room.historyAfter(1000)).isEmpty();
        }

        @Test
        void isEverythingKeptBelowTheOldestKept() {
            assertThat(ids(room.historyAfter(11))).containsExactly(12L, 13L, 14L);
            assertThat(ids(room.historyAfter(9))).containsExactly(12L, 13L, 14L);
            assertThat(ids(room.historyAfter(0))).containsExactly(12L, 13L, 14L);
        }

        @Test
        void isACopyInOrder() {
            List<Event> after = room.historyAfter(11);
            say(room, "later");

            assertThat(ids(after)).containsExactly(12L, 13L, 14L);
            assertThat(ids(room.historyAfter(11))).containsExactly(13L, 14L, 15L);
        }
    }

    @Nested
    class MissedAfter {

        @Test
        void countsTheMessagesAboveTheIdThatAreNoLongerKept() {
            Room room = new Room("r", 3, 10);
            for (int i = 0; i < 5; i++) {
                say(room, "m" + i); // ids 10..14, 12..14 kept
            }

            assertThat(room.missedAfter(9)).isEqualTo(2);
            assertThat(room.missedAfter(10)).isEqualTo(1);
            assertThat(room.missedAfter(11)).isZero();
            assertThat(room.missedAfter(13)).isZero();
            assertThat(room.missedAfter(14)).isZero();
            assertThat(room.missedAfter(99)).isZero();
        }

        /** Ids below firstId belong to an earlier room of the same name: not this room's to count. */
        @Test
        void anIdBelowFirstIdCountsOnlyThisRoomsMessages() {
            Room room = new Room("r", 3, 10);
            for (int i = 0; i < 5; i++) {
                say(room, "m" + i);
            }

            assertThat(room.missedAfter(0)).isEqualTo(2);
            assertThat(room.missedAfter(5)).isEqualTo(2);
        }

        @Test
        void isZeroWhenEverythingIsKept() {
            Room room = new Room("r", 10, 10);
            say(room, "one");
            say(room, "two");

            assertThat(room.missedAfter(0)).isZero();
            assertThat(room.missedAfter(10)).isZero();
        }

        @Test
        void isZeroForARoomWithNoMessagesYet() {
            Room room = new Room("r", 3, 10);

            assertThat(room.missedAfter(0)).isZero();
            assertThat(room.missedAfter(9)).isZero();
            assertThat(room.missedAfter(20)).isZero();
        }

        @Test
        void withALimitOfZeroEveryMessageAboveTheIdIsMissed() {
            Room room = new Room("r", 0, 10);
            for (int i = 0; i < 3; i++) {
                say(room, "m" + i); // ids 10..12, none kept
            }

            assertThat(room.missedAfter(0)).isEqualTo(3);
            assertThat(room.missedAfter(9)).isEqualTo(3);
            assertThat(room.missedAfter(11)).isEqualTo(1);
            assertThat(room.missedAfter(12)).isZero();
        }

        @Test
        void addsUpWithHistoryAfterToEveryMessageAboveTheId() {
            Room room = new Room("r", 4, 100);
            for (int i = 0; i < 11; i++) {
                say(room, "m" + i); // ids 100..110
            }

            for (long since = 95; since <= 112; since++) {
                long above = Math.max(0, 110 - Math.max(since, 99));
                assertThat(room.historyAfter(since).size() + room.missedAfter(since)).as("since %d", since)
                        .isEqualTo(above);
            }
        }
    }

    /** A room read back from a log whose ids jumped: the ids skipped were never messages. */
    @Nested
    class MissedAcrossTheLogsJumps {

        private static final long M = 1_000_000;

        /** {@code room} read back holding {@code newest}, going on at {@code nextId}, its oldest id on disk {@code oldestId}. */
        private Room readBack(long oldestId, long nextId, List<Long> newest, HistoryLog.Gap... gaps) {
            Room room = new Room("r", 3, 1);
            List<Event> messages = new ArrayList<>();
            for (long id : newest) {
                messages.add(new Event.Said(TestClocks.INSTANT, id, "r", "a", "m" + id, false));
            }
            room.restore(new HistoryLog.Loaded(messages, nextId, oldestId, false, List.of(gaps)), 999 * M);
            return room;
        }

        @Test
        void oneJumpIsNotCounted() {
            Room room = readBack(1, M + 11, List.of(8L, 9L, 10L), new HistoryLog.Gap(11, M + 10));
            for (int i = 0; i < 3; i++) {
                say(room, "m" + i); // M+11..M+13, the only ones kept
            }

            assertThat(room.missedAfter(5)).as("6 to 10").isEqualTo(5);
            assertThat(room.missedAfter(10)).isZero();
            assertThat(room.missedAfter(500)).as("inside the jump").isZero();
            assertThat(room.missedAfter(M + 11)).isZero();
        }

        @Test
        void severalJumpsAreNotCounted() {
            // 1..10, a jump, M+11..M+15, a jump at this read
            Room room = readBack(1, 2 * M + 16, List.of(M + 13, M + 14, M + 15),
                    new HistoryLog.Gap(11, M + 10), new HistoryLog.Gap(M + 16, 2 * M + 15));
            for (int i = 0; i < 3; i++) {
                say(room, "m" + i); // 2M+16..2M+18, the only ones kept
            }

            assertThat(room.missedAfter(5)).as("6 to 10 and M+11 to M+15").isEqualTo(10);
            assertThat(room.missedAfter(500)).as("inside the first jump").isEqualTo(5);
            assertThat(room.missedAfter(M + 12)).isEqualTo(3);
            assertThat(room.missedAfter(M + 500)).as("inside the second jump").isZero();
        }

        @Test
        void anIdBeforeTheOldestOnDiskCountsFromThere() {
            Room room = readBack(4, M + 11, List.of(8L, 9L, 10L), new HistoryLog.Gap(11, M + 10));
            for (int i = 0; i < 3; i++) {
                say(room, "m" + i);
            }

            assertThat(room.missedAfter(0)).as("4 to 10").isEqualTo(7);
            assertThat(room.missedAfter(2)).isEqualTo(7);
        }

        @Test
        void aJumpBelowTheOldestOnDiskIsNotSubtracted() {
            // retention took the segments up to M+12: the first jump reaches below the oldest id left
            Room room = readBack(M + 12, M + 16, List.of(M + 13, M + 14, M + 15), new HistoryLog.Gap(11, M + 10));

            assertThat(room.missedAfter(5)).as("M+12").isEqualTo(1);
        }

        @Test
        void addsUpWithHistoryAfterToEveryMessageAboveTheId() {
            // messages 1..6, 10, 11 on disk, then 20..25 said: 7..9 and 12..19 were skipped
            Room room = readBack(1, 20, List.of(5L, 6L, 10L, 11L), new HistoryLog.Gap(7, 9),
                    new HistoryLog.Gap(12, 19));
            for (int i = 0; i < 6; i++) {
                say(room, "m" + i);
            }
            List<Long> given = List.of(1L, 2L, 3L, 4L, 5L, 6L, 10L, 11L, 20L, 21L, 22L, 23L, 24L, 25L);

            for (long since = -1; since <= 26; since++) {
                long s = since;
                long above = given.stream().filter(id -> id > s).count();
                assertThat(room.historyAfter(since).size() + room.missedAfter(since)).as("since %d", since)
                        .isEqualTo(above);
            }
        }
    }

    @Nested
    class HistoryBytes {

        @Test
        void textBytesCountsTheTextOfSaidAndActionInUtf8() {
            assertThat(Room.textBytes(said("h\u00e9llo \u20ac"))).isEqualTo(10);
            assertThat(Room.textBytes(new Event.Action(TestClocks.INSTANT, 1, "r", "a", "waves", false))).isEqualTo(5);
        }

        @Test
        void theOldestGoUntilTheTextFits() {
            Room room = new Room("r", 10, 10, 1);
            say(room, "aaaa");
            say(room, "bbbb");
            assertThat(room.historyBytes()).isEqualTo(8);

            say(room, "ccc");

            assertThat(room.history()).extracting(e -> ((Event.Said) e).text()).containsExactly("bbbb", "ccc");
            assertThat(room.historyBytes()).isEqualTo(7);
            assertThat(room.missedAfter(0)).isEqualTo(1);
        }

        @Test
        void bothBoundsHold() {
            Room room = new Room("r", 2, 100, 1);
            say(room, "a");
            say(room, "b");
            say(room, "c");

            assertThat(room.history()).hasSize(2);
            assertThat(room.historyBytes()).isEqualTo(2);
        }

        @Test
        void aMessageOverTheBoundEmptiesTheHistory() {
            Room room = new Room("r", 10, 4, 1);
            say(room, "ok");

            say(room, "toolong");

            assertThat(room.history()).isEmpty();
            assertThat(room.historyBytes()).isZero();
            assertThat(room.historyAfter(0)).isEmpty();
            assertThat(room.missedAfter(0)).isEqualTo(2);
        }

        private static Event.Said said(String text) {
            return new Event.Said(TestClocks.INSTANT, 1, "r", "a", text, false);
        }
    }

    @Nested
    class SortedNames {

        @Test
        void sortedIgnoringCaseAndKeptUntilSomeoneComesGoesOrIsRenamed() {
            Room room = new Room("r", 0, 1);
            member(room, "carol");
            Session bob = member(room, "Bob");
            member(room, "alice");

            List<String> sorted = room.sortedNames();
            assertThat(sorted).containsExactly("alice", "Bob", "carol");
            assertThat(room.sortedNames()).isSameAs(sorted);
            assertThatThrownBy(() -> sorted.clear()).isInstanceOf(UnsupportedOperationException.class);

            bob.name = "Zed";
            room.renamed();
            assertThat(room.sortedNames()).containsExactly("alice", "carol", "Zed");
            member(room, "ann");
            assertThat(room.sortedNames()).containsExactly("alice", "ann", "carol", "Zed");
            room.remove(bob);
            assertThat(room.sortedNames()).containsExactly("alice", "ann", "carol");
        }
    }
}
