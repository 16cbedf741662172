package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineNamesTest {

    private static final Instant TS = Instant.parse("2026-01-15T12:00:00Z");

    private final OnlineNames names = new OnlineNames();

    private void apply(Event... events) {
        for (Event event : events) {
            names.apply(event);
        }
    }

    private static Event entered(String room, int count, String... names) {
        return new Event.Entered(TS, room, count, List.of(names));
    }

    /** A hostile server's names (64 KiB each, a million of them) must not fill the client's memory. */
    @Test
    void namesTheServersRulesRefuseAreNoOneAndTheListIsBounded() {
        apply(entered("lobby", 2, "alice", "x".repeat(30_000)), new Event.Joined(TS, "lobby", "not a name"));
        assertThat(names.names()).containsExactly("alice");
        for (int i = 0; i < OnlineNames.MAX_NAMES + 100; i++) {
            names.apply(new Event.Joined(TS, "lobby", "u" + i));
        }
        assertThat(names.names()).hasSize(OnlineNames.MAX_NAMES);
    }

    /** A kick or a ban out of the room takes the place of the victim's leaving; the victim's own copy is no leave. */
    @Test
    void aKickOrABanOutOfTheRoomIsALeave() {
        apply(entered("lobby", 4, "alice", "bob", "carol", "dave"),
                new Event.Kicked(TS, "lobby", "bob", "alice", "spam", false),
                new Event.Banned(TS, "lobby", "carol", "alice", null, "", 0, false),
                new Event.Banned(TS, null, "dave", "alice", null, "", 1, false));
        assertThat(names.names()).containsExactly("alice", "dave");
        assertThat(names.here()).isEqualTo(2);
        assertThat(names.everyone()).containsExactly("alice", "dave");
    }

    @Test
    void enteringARoomReplacesTheList() {
        apply(entered("lobby", 3, "carol", "Bob", "alice"));
        assertThat(names.names()).containsExactly("alice", "Bob", "carol");
        assertThat(names.here()).isEqualTo(3);
        apply(entered("dev", 1, "alice"));
        assertThat(names.names()).containsExactly("alice");
    }

    @Test
    void joinsLeavesAndRenamesKeepItCurrent() {
        apply(entered("lobby", 1, "alice"), new Event.Joined(TS, "lobby", "bob"), new Event.Joined(TS, "lobby", "carol"),
                new Event.Left(TS, "lobby", "bob", "quit"), new Event.Renamed(TS, "lobby", "carol", "Caz", false));
        assertThat(names.names()).containsExactly("alice", "Caz");
        assertThat(names.here()).isEqualTo(2);
    }

    @Test
    void namesDifferingOnlyInCaseAreOnePerson() {
        apply(entered("lobby", 1, "alice"), new Event.Joined(TS, "lobby", "bob"),
                new Event.Renamed(TS, "lobby", "bob", "BOB", false), new Event.Left(TS, "lobby", "Bob", "quit"));
        assertThat(names.names()).containsExactly("alice");
    }

    @Test
    void whoListsEveryoneAfterABigRoomNamedOnlySome() {
        apply(entered("lobby", 500, "a", "b"));
        assertThat(names.here()).isEqualTo(500);
        apply(new Event.Summary(TS, "lobby", 12, 2, 510));
        assertThat(names.here()).isEqualTo(510);
        apply(new Event.Who(TS, "lobby", List.of("a", "b", "c")));
        assertThat(names.names()).containsExactly("a", "b", "c");
        assertThat(names.here()).isEqualTo(3);
    }

    @Test
    void aPageOfWhoAddsItsNamesAndGivesTheCount() {
        apply(entered("big", 250, "a", "b"));
        apply(new Event.Who(TS, "big", 250, List.of("c", "d"), 2, 3));
        assertThat(names.names()).containsExactly("a", "b", "c", "d");
        assertThat(names.here()).isEqualTo(250);
    }

    @Test
    void theOwnRenameIsTheEchoedOne() {
        apply(entered("lobby", 2, "alice", "bob"), new Event.Renamed(TS, "lobby", "alice", "al", true));
        assertThat(names.names()).containsExactly("al", "bob");
    }

    @Test
    void whoIsOnlineAndTheRoomsOutliveTheRoomButNotTheConnection() {
        apply(entered("lobby", 2, "alice", "bob"), new Event.Private(TS, "zed", "alice", "psst", false),
                entered("dev", 1, "alice"));
        assertThat(names.names()).containsExactly("alice");
        assertThat(names.everyone()).containsExactly("alice", "bob", "zed");
        assertThat(names.rooms()).containsExactly("dev", "lobby");
        names.clear();
        assertThat(names.everyone()).isEmpty();
        assertThat(names.rooms()).isEmpty();
    }

    @Test
    void otherEventsChangeNothingAndDisconnectingEmptiesIt() {
        apply(entered("lobby", 2, "alice", "bob"), new Event.Said(TS, 1, "lobby", "carol", "hi", false),
                new Event.Joined(TS, "lobby", null));
        assertThat(names.names()).containsExactly("alice", "bob");
        names.clear();
        assertThat(names.names()).isEmpty();
        assertThat(names.here()).isZero();
    }
}
