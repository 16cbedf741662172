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
    /** Operator status, passwords and mutes of this session; null until it needs any (most never do). */
    private Standing standing;

    Session(Peer peer) {
        this.peer = peer;
    }

    boolean isNamed() {
        return name != null;
    }

    /** This session's {@link Standing}, made on first use. */
    Standing standing() {
        if (standing == null) {
            standing = new Standing();
        }
        return standing;
    }

    boolean isOperator() {
        return standing != null && standing.operator != null;
    }

    /** The registered name waiting for this session's password, or null. */
    String pendingName() {
        return standing == null ? null : standing.pending;
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
