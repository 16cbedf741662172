package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineNamesTest {

    private final OnlineNames names = new OnlineNames();

    @Test
    void enteringARoomReplacesTheList() {
        names.apply(new ServerNotice.EnteredRoom("lobby", 3, List.of("carol", "Bob", "alice")));
        assertThat(names.names()).containsExactly("alice", "Bob", "carol");
        assertThat(names.here()).isEqualTo(3);
        names.apply(new ServerNotice.EnteredRoom("dev", 1, List.of("alice")));
        assertThat(names.names()).containsExactly("alice");
    }

    @Test
    void joinsLeavesAndRenamesKeepItCurrent() {
        names.apply(new ServerNotice.EnteredRoom("lobby", 1, List.of("alice")));
        names.apply(new ServerNotice.Joined("bob", "lobby"));
        names.apply(new ServerNotice.Joined("carol", "lobby"));
        names.apply(new ServerNotice.Left("bob", "lobby", "quit"));
        names.apply(new ServerNotice.Renamed("carol", "Caz"));
        assertThat(names.names()).containsExactly("alice", "Caz");
        assertThat(names.here()).isEqualTo(2);
    }

    @Test
    void namesDifferingOnlyInCaseAreOnePerson() {
        names.apply(new ServerNotice.EnteredRoom("lobby", 1, List.of("alice")));
        names.apply(new ServerNotice.Joined("bob", "lobby"));
        names.apply(new ServerNotice.Renamed("bob", "BOB"));
        names.apply(new ServerNotice.Left("Bob", "lobby", "quit"));
        assertThat(names.names()).containsExactly("alice");
    }

    @Test
    void whoListsEveryoneAfterABigRoomNamedOnlySome() {
        names.apply(new ServerNotice.EnteredRoom("lobby", 500, List.of("a", "b")));
        assertThat(names.here()).isEqualTo(500);
        names.apply(new ServerNotice.Counted(510));
        assertThat(names.here()).isEqualTo(510);
        names.apply(new ServerNotice.Members("lobby", List.of("a", "b", "c")));
        assertThat(names.names()).containsExactly("a", "b", "c");
        assertThat(names.here()).isEqualTo(3);
    }

    @Test
    void ownRenameAndDisconnect() {
        names.apply(new ServerNotice.EnteredRoom("lobby", 2, List.of("alice", "bob")));
        names.renamed("alice", "al");
        assertThat(names.names()).containsExactly("al", "bob");
        names.clear();
        assertThat(names.names()).isEmpty();
        assertThat(names.here()).isZero();
    }
}
