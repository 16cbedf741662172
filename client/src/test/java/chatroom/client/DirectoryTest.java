package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    private static final Instant TS = Instant.parse("2026-01-15T12:00:00Z");

    private final Directory directory = new Directory();

    private void apply(Event... events) {
        for (Event event : events) {
            directory.apply(event);
        }
    }

    private static Event.Entered entered(String room, String... names) {
        return new Event.Entered(TS, room, names.length, List.of(names));
    }

    private static Event.Said said(String room, String from) {
        return new Event.Said(TS, 1, room, from, "hi", false);
    }

    private static Event.Rooms rooms(String... names) {
        return new Event.Rooms(TS, List.of(names).stream().map(name -> new Event.RoomCount(name, 1)).toList());
    }

    @Test
    void everyoneSeenOnlineInAnyRoomAndNotOnlyTheLastRoomsMembers() {
        apply(entered("lobby", "alice", "bob"), new Event.Joined(TS, "lobby", "carol"),
                new Event.Private(TS, "dave", "alice", "psst", false), new Event.Private(TS, "alice", "erin", "hi", true),
                said("lobby", "fay"), new Event.Action(TS, 2, "lobby", "gus", "waves", false),
                new Event.Who(TS, "lobby", List.of("hal")),
                entered("dev", "ivy"));
        assertThat(directory.online()).containsExactly("alice", "bob", "carol", "dave", "erin", "fay", "gus", "hal", "ivy");
    }

    /** A replayed message's sender may have left long ago; what is said live is someone online. */
    @Test
    void theSendersOfReplayedHistoryAreNotOnline() {
        apply(new Event.HistoryStart(TS, "lobby", 1, -1, 0), said("lobby", "old"), new Event.HistoryEnd(TS, "lobby"),
                said("lobby", "new"));
        assertThat(directory.online()).containsExactly("new");
    }

    @Test
    void theSendersOfAHistoryPageAreNotOnline() {
        apply(new Event.HistoryPage(TS, "dev", 1, 9, false), said("dev", "old"), new Event.HistoryEnd(TS, "dev"),
                said("dev", "new"));
        assertThat(directory.online()).containsExactly("new");
        assertThat(directory.rooms()).contains("dev");
    }

    @Test
    void whoLeavesTheServerIsGoneAndWhoMovesToAnotherRoomIsNot() {
        apply(entered("lobby", "alice", "bob", "carol", "dave", "erin"),
                new Event.Left(TS, "lobby", "BOB", "quit"),
                new Event.Left(TS, "lobby", "carol", "quit: bye (for now)"),
                new Event.Left(TS, "lobby", "dave", Event.Left.movedTo("dev")),
                new Event.Left(TS, "lobby", "erin", "idle timeout"));
        assertThat(directory.online()).containsExactly("alice", "dave");
    }

    @Test
    void aNewNameReplacesTheOld() {
        apply(entered("lobby", "alice"), new Event.Renamed(TS, "lobby", "alice", "Al", false),
                new Event.Renamed(TS, "dev", "bob", "rob", false));
        assertThat(directory.online()).containsExactly("Al", "rob");
    }

    @Test
    void roomsFromEveryEventsRoomCaseIgnored() {
        apply(entered("lobby"), said("dev", "alice"), new Event.Joined(TS, "Ops", "bob"),
                new Event.Summary(TS, "big", 3, 0, 40), said("LOBBY", "carol"), said(null, "text-line"));
        assertThat(directory.rooms()).containsExactly("big", "dev", "LOBBY", "Ops");
    }

    @Test
    void aWholeRoomsAnswerIsEveryRoomThereIsAndAPageAddsToThem() {
        apply(said("gone", "alice"), rooms("lobby", "dev"));
        assertThat(directory.rooms()).as("an emptied room is no more").containsExactly("dev", "lobby");
        apply(new Event.Rooms(TS, 250, List.of(new Event.RoomCount("games", 3)), 2, 3));
        assertThat(directory.rooms()).containsExactly("dev", "games", "lobby");
    }

    /** A hostile server's names and rooms (64 KiB each, a million of them) must not fill the client's memory. */
    @Test
    void namesAndRoomsTheServersRulesRefuseAreIgnoredAndBothAreBounded() {
        apply(entered("not a room", "alice", "x".repeat(30_000)), new Event.Private(TS, "no one", null, "hi", false),
                rooms("lobby", "y".repeat(30_000), ""));
        assertThat(directory.online()).containsExactly("alice");
        assertThat(directory.rooms()).containsExactly("lobby");

        List<Event.RoomCount> many = new ArrayList<>();
        for (int i = 0; i < Directory.MAX_ROOMS + 100; i++) {
            many.add(new Event.RoomCount("r" + i, 1));
            directory.apply(new Event.Joined(TS, null, "u" + i));
        }
        for (int i = 0; i < OnlineNames.MAX_NAMES; i++) {
            directory.apply(new Event.Joined(TS, null, "v" + i));
        }
        directory.apply(new Event.Rooms(TS, many));
        assertThat(directory.rooms()).hasSize(Directory.MAX_ROOMS);
        assertThat(directory.online()).hasSize(OnlineNames.MAX_NAMES);
    }

    @Test
    void clearingForgetsEverything() {
        apply(entered("lobby", "alice"), rooms("dev"), new Event.HistoryStart(TS, "lobby", 1, -1, 0));
        directory.clear();
        assertThat(directory.online()).isEmpty();
        assertThat(directory.rooms()).isEmpty();
        apply(said("lobby", "bob"));
        assertThat(directory.online()).as("no longer replaying").containsExactly("bob");
    }
}
