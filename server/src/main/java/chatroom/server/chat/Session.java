package chatroom.server.chat;

/**
 * One user's place in the chat: their name once chosen and the room they are in. The
 * transport holds it for its connection and hands it back with every line; only the chat
 * reads or changes it.
 */
public final class Session {

    final Peer peer;
    String name;
    Room room;
    Scheduler.Timer loginTimer;
    boolean gone;

    Session(Peer peer) {
        this.peer = peer;
    }

    boolean isNamed() {
        return name != null;
    }

    /** The chosen name, or null before the user picked one. */
    public String name() {
        return name;
    }

    /** How many connections a line from this user reaches: their room's members, 0 before they are in one. */
    public int audience() {
        return room == null ? 0 : room.size();
    }

    @Override
    public String toString() {
        return "Session[id=" + peer.id() + ", name=" + name + "]";
    }
}
