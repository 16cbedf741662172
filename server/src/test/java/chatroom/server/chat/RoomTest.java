package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoomTest {

    private final LineEncoder encoder = new LineEncoder();
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void broadcastSkipsOnlyTheExcepted() {
        Room room = new Room("r", 5);
        Session a = member(room, "a");
        Session b = member(room, "b");
        Session c = member(room, "c");
        ByteBuffer line = encoder.encode("x");

        room.broadcast(line, b);

        assertThat(peer(a).lines()).containsExactly("x");
        assertThat(peer(b).lines()).isEmpty();
        assertThat(peer(c).lines()).containsExactly("x");
        assertThat(peer(a).lastBuffer()).isSameAs(line);
        assertThat(peer(c).lastBuffer()).isSameAs(line);

        room.broadcast(encoder.encode("y"), null);
        assertThat(peer(b).lines()).containsExactly("y");
    }

    @Test
    void historyKeepsTheLastLinesInOrder() {
        Room room = new Room("r", 3);
        for (int i = 1; i <= 5; i++) {
            room.remember(utf8("m" + i));
        }

        assertThat(room.history()).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("m3", "m4", "m5");
    }

    @Test
    void zeroHistoryRemembersNothing() {
        Room room = new Room("r", 0);
        room.remember(utf8("m"));

        assertThat(room.history()).isEmpty();
    }

    @Test
    void historyAndMembersCannotBeChangedFromOutside() {
        Room room = new Room("r", 3);
        member(room, "a");

        assertThatThrownBy(() -> room.history().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> room.members().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void firstNamesInArrivalOrderUpToTheLimit() {
        Room room = new Room("r", 0);
        member(room, "zed");
        member(room, "amy");
        member(room, "bo");

        assertThat(room.firstNames(2)).containsExactly("zed", "amy");
        assertThat(room.firstNames(20)).containsExactly("zed", "amy", "bo");
        assertThat(room.firstNames(0)).isEmpty();
    }

    @Test
    void sizeAndRemove() {
        Room room = new Room("r", 0);
        Session a = member(room, "a");
        Session b = member(room, "b");
        assertThat(room.size()).isEqualTo(2);

        room.remove(a);
        assertThat(room.members()).containsExactly(b);
        room.remove(b);
        assertThat(room.isEmpty()).isTrue();
    }
}
