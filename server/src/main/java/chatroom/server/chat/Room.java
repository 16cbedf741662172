package chatroom.server.chat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A room: its members in the order they came in, the recent history, and the broadcast.
 *
 * <p>Broadcast hands the same encoded buffer to every member; each peer queues its own
 * read-only view of it. Nothing is copied or re-encoded per recipient, and since the loop
 * is single-threaded every member receives the room's lines in one order.
 *
 * <p>History keeps the last few messages as compact byte arrays rather than the shared
 * buffers: a shared buffer is a slice of a 64 KiB chunk, and a quiet room holding one line
 * would keep the whole chunk alive.
 */
final class Room {

    final String name;
    private final Set<Session> members = new LinkedHashSet<>();
    private final ArrayDeque<byte[]> history = new ArrayDeque<>();
    private final int historyLimit;

    /** Joins and leaves not yet announced, in a room too big for a line per person. */
    int pendingJoins;
    int pendingLeaves;
    Scheduler.Timer summaryTimer;

    Room(String name, int historyLimit) {
        this.name = name;
        this.historyLimit = historyLimit;
    }

    void add(Session session) {
        members.add(session);
    }

    void remove(Session session) {
        members.remove(session);
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    Collection<Session> members() {
        return Collections.unmodifiableSet(members);
    }

    /** The names of the first {@code limit} members, oldest first: O(limit), not O(size). */
    List<String> firstNames(int limit) {
        List<String> names = new ArrayList<>(Math.min(limit, members.size()));
        for (Session member : members) {
            if (names.size() == limit) {
                break;
            }
            names.add(member.name);
        }
        return names;
    }

    /** Sends {@code line} to every member except {@code except} (which may be null). */
    void broadcast(ByteBuffer line, Session except) {
        for (Session member : members) {
            if (member != except) {
                member.peer.send(line);
            }
        }
    }

    void remember(byte[] utf8Line) {
        if (historyLimit == 0) {
            return;
        }
        if (history.size() == historyLimit) {
            history.removeFirst();
        }
        history.addLast(utf8Line);
    }

    Collection<byte[]> history() {
        return Collections.unmodifiableCollection(history);
    }
}
