package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notices of docs/PROTOCOL.md the client acts on, each in the server's exact words. */
class ServerNoticeTest {

    @Test
    void loggingIn() {
        assertThat(ServerNotice.parse("What is your name? (1-24 letters, digits, _ or -)"))
                .contains(new ServerNotice.AskName());
        assertThat(ServerNotice.parse("Hello alice! Type /help for commands."))
                .contains(new ServerNotice.Hello("alice"));
    }

    @Test
    void enteringARoom() {
        assertThat(ServerNotice.parse("You are in lobby. 3 here: bob, carol, alice"))
                .contains(new ServerNotice.EnteredRoom("lobby", 3, List.of("bob", "carol", "alice")));
    }

    @Test
    void enteringABigRoomNamesOnlySome() {
        assertThat(ServerNotice.parse("You are in lobby. 4,210 here: a, b and 4,208 more (/who lists all)"))
                .contains(new ServerNotice.EnteredRoom("lobby", 4210, List.of("a", "b")));
    }

    @Test
    void who() {
        assertThat(ServerNotice.parse("3 in lobby: alice, bob, carol"))
                .contains(new ServerNotice.Members("lobby", List.of("alice", "bob", "carol")));
        assertThat(ServerNotice.parse("1,001 in big: x"))
                .contains(new ServerNotice.Members("big", List.of("x")));
    }

    @Test
    void joinsLeavesAndRenames() {
        assertThat(ServerNotice.parse("bob joined lobby")).contains(new ServerNotice.Joined("bob", "lobby"));
        assertThat(ServerNotice.parse("bob left lobby (quit: lunch (back at 2))"))
                .contains(new ServerNotice.Left("bob", "lobby", "quit: lunch (back at 2)"));
        assertThat(ServerNotice.parse("bob left lobby (moved to dev)"))
                .contains(new ServerNotice.Left("bob", "lobby", "moved to dev"));
        assertThat(ServerNotice.parse("bob is now known as robert"))
                .contains(new ServerNotice.Renamed("bob", "robert"));
        assertThat(ServerNotice.parse("You are now known as al")).contains(new ServerNotice.NowKnownAs("al"));
    }

    @Test
    void bigRoomSummaries() {
        assertThat(ServerNotice.parse("37 joined, 5 left (4,210 here)")).contains(new ServerNotice.Counted(4210));
        assertThat(ServerNotice.parse("12 joined (4,217 here)")).contains(new ServerNotice.Counted(4217));
        assertThat(ServerNotice.parse("3 left (101 here)")).contains(new ServerNotice.Counted(101));
    }

    @Test
    void goodbye() {
        assertThat(ServerNotice.parse("Bye!")).contains(new ServerNotice.Bye());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Welcome to chatroom!", "Server shutting down, bye!", "Last 2 messages in lobby:", "2 rooms: dev (1), lobby (3)",
        "Commands:", "bad name! joined lobby", "You are in lobby. 2 here: not, a name!", "Hello alice!"})
    void otherNoticesAreOnlyShown(String text) {
        assertThat(ServerNotice.parse(text)).isEmpty();
    }
}
