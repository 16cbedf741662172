package chatroom.server.chat;

import chatroom.protocol.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A room: its members in the order they came in, the recent history, the message ids, and
 * the broadcast.
 *
 * <p>Broadcast hands the same {@link Outbound} to every member, so each wire format is
 * encoded once; since the loop is single-threaded every member receives the room's events
 * in one order.
 *
 * <p>Ids: messages get consecutive ids from {@code firstId}, which the chat sets above every
 * id any room has issued before. So within one life of a room the ids count its messages
 * (how many a {@code /resume} missed is a subtraction), and an id from an earlier life of a
 * room of the same name is always below the current ones.
 *
 * <p>History keeps the last few messages as bare events, not their encoded bytes: a shared
 * encoding is a slice of a 64 KiB chunk, and a quiet room holding one line would keep the
 * whole chunk alive.
 */
final class Room {

    final String name;
    private final Set<Session> members = new LinkedHashSet<>();
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final int historyLimit;
    private final long firstId;
    private long nextId;

    /** Joins and leaves not yet announced, in a room too big for a line per person. */
    int pendingJoins;
    int pendingLeaves;
    Scheduler.Timer summaryTimer;

    Room(String name, int historyLimit, long firstId) {
        this.name = name;
        this.historyLimit = historyLimit;
        this.firstId = firstId;
        this.nextId = firstId;
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

    /** Sends {@code event} to every member except {@code except} (which may be null). */
    void broadcast(Outbound event, Session except) {
        for (Session member : members) {
            if (member != except) {
                member.peer.send(event);
            }
        }
    }

    /** The id the next message gets. */
    long takeId() {
        return nextId++;
    }

    /** The highest id this room has given, or {@code firstId - 1} before its first message. */
    long lastId() {
        return nextId - 1;
    }

    /** Keeps a message (said or action, with the id from {@link #takeId}) for replay. */
    void remember(Event message) {
        if (historyLimit == 0) {
            return;
        }
        if (history.size() == historyLimit) {
            history.removeFirst();
        }
        history.addLast(message);
    }

    Collection<Event> history() {
        return Collections.unmodifiableCollection(history);
    }

    /** The kept messages with an id above {@code since}, oldest first. */
    List<Event> historyAfter(long since) {
        List<Event> newer = new ArrayList<>();
        for (Event event : history) {
            if (idOf(event) > since) {
                newer.add(event);
            }
        }
        return newer;
    }

    /** How many messages with an id above {@code since} this room gave but no longer keeps. */
    long missedAfter(long since) {
        long oldestKept = history.isEmpty() ? nextId : idOf(history.peekFirst());
        return Math.max(0, oldestKept - Math.max(since + 1, firstId));
    }

    private static long idOf(Event message) {
        return message instanceof Event.Said said ? said.id() : ((Event.Action) message).id();
    }
}
