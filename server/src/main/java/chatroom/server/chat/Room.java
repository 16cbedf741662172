package chatroom.server.chat;

import chatroom.protocol.Event;
import chatroom.protocol.Text;
import chatroom.server.history.HistoryLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * room of the same name is always below the current ones. A room read back from its log on
 * disk ({@link #restore}) goes on from the log's ids instead, so they stay consecutive across
 * restarts, except for the jumps the log made (ids that may have been given but never written
 * must not be given again), which it lists ({@link HistoryLog.Loaded#gaps}) and
 * {@link #missedAfter} leaves out of its count.
 *
 * <p>While its log is being read ({@link #loading}), a room has members but no ids yet: what
 * they say waits in {@link Loading#held}, and each member's history replay waits in
 * {@link Loading#replays}. {@link #restore} ends it.
 *
 * <p>History keeps the last few messages as bare events, not their encoded bytes: a shared
 * encoding is a slice of a 64 KiB chunk, and a quiet room holding one line would keep the
 * whole chunk alive. It is bounded twice, by messages and by the bytes of their text, so that
 * what all rooms keep together is at most rooms × the byte bound, however long the lines.
 */
final class Room {

    final String name;
    private final Set<Session> members = new LinkedHashSet<>();
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final int historyLimit;
    private final int historyBytesLimit;
    /** UTF-8 bytes of the text of the messages in {@link #history}. */
    private long historyBytes;
    /** The lowest id the room is known to have given: of this life, or the oldest one on disk. */
    private long firstId;
    private long nextId;
    /** Ids the log skipped, never given, oldest first: none in a room that was not read back. */
    private List<HistoryLog.Gap> gaps = List.of();
    /** Non-null while the room's log is being read. */
    Loading loading;
    /**
     * The members' names sorted ignoring case, for {@code /who}: made when first asked for and
     * dropped when anyone comes, goes or changes name, so a page of a big room costs a copy of
     * a hundred names rather than a sort of them all on every request.
     */
    private List<String> sortedNames;

    /** Joins, leaves and renames not yet announced, in a room too big for a line per person. */
    int pendingJoins;
    int pendingLeaves;
    int pendingRenames;
    Scheduler.Timer summaryTimer;
    /** The topic as set ({@code changed} false, so it can be shown as is), or null for none. */
    Event.Topic topic;

    /** A room whose history is bounded by messages only. */
    Room(String name, int historyLimit, long firstId) {
        this(name, historyLimit, Integer.MAX_VALUE, firstId);
    }

    Room(String name, int historyLimit, int historyBytesLimit, long firstId) {
        this.name = name;
        this.historyLimit = historyLimit;
        this.historyBytesLimit = historyBytesLimit;
        this.firstId = firstId;
        this.nextId = firstId;
    }

    /**
     * What waits for the room's log: each member's replay (with the {@code /resume} id, -1 for
     * none) and the messages said meanwhile, to be said, in order, once there are ids.
     */
    static final class Loading {
        final Map<Session, Long> replays = new LinkedHashMap<>();
        final List<Runnable> held = new ArrayList<>();
        Scheduler.Timer timeout;
    }

    /**
     * The room as its log left it: the newest messages (within this room's bounds) and where the
     * ids go on; {@code freshId} if the log knows no ids for it (nothing on disk, or it could not
     * be read in time). Ends {@link #loading}; the chat then replays and releases what waited.
     */
    void restore(HistoryLog.Loaded loaded, long freshId) {
        if (loaded.nextId() > 0) {
            nextId = loaded.nextId();
            firstId = loaded.oldestId() > 0 ? loaded.oldestId() : nextId;
            gaps = loaded.gaps();
            for (Event message : loaded.newest()) {
                remember(message);
            }
        } else {
            nextId = freshId;
            firstId = freshId;
        }
        if (loading != null && loading.timeout != null) {
            loading.timeout.cancel();
        }
        loading = null;
    }

    void add(Session session) {
        members.add(session);
        sortedNames = null;
    }

    void remove(Session session) {
        members.remove(session);
        sortedNames = null;
    }

    /** A member changed name: the sorted names are out of date. */
    void renamed() {
        sortedNames = null;
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

    /** Every member's name, sorted ignoring case; unmodifiable. */
    List<String> sortedNames() {
        if (sortedNames == null) {
            List<String> names = new ArrayList<>(members.size());
            for (Session member : members) {
                names.add(member.name);
            }
            names.sort(String.CASE_INSENSITIVE_ORDER);
            sortedNames = Collections.unmodifiableList(names);
        }
        return sortedNames;
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

    /**
     * Keeps a message (said or action, with the id from {@link #takeId}) for replay, dropping
     * the oldest ones past either bound. A message bigger than the byte bound by itself is not
     * kept (nor is anything before it): the bound holds whatever the line limit.
     */
    void remember(Event message) {
        if (historyLimit == 0) {
            return;
        }
        history.addLast(message);
        historyBytes += textBytes(message);
        while (!history.isEmpty() && (history.size() > historyLimit || historyBytes > historyBytesLimit)) {
            historyBytes -= textBytes(history.removeFirst());
        }
    }

    /** The bytes of message text kept, in UTF-8. */
    long historyBytes() {
        return historyBytes;
    }

    Collection<Event> history() {
        return Collections.unmodifiableCollection(history);
    }

    /** The kept messages with an id above {@code since}, oldest first. */
    List<Event> historyAfter(long since) {
        List<Event> newer = new ArrayList<>();
        for (Event event : history) {
            if (HistoryLog.idOf(event) > since) {
                newer.add(event);
            }
        }
        return newer;
    }

    /**
     * How many messages with an id above {@code since} this room gave but no longer keeps: the ids
     * from there to the oldest kept, less those of the log's jumps.
     */
    long missedAfter(long since) {
        long oldestKept = history.isEmpty() ? nextId : HistoryLog.idOf(history.peekFirst());
        long from = Math.max(since + 1, firstId);
        long missed = oldestKept - from;
        for (HistoryLog.Gap gap : gaps) {
            long skipped = Math.min(gap.to() + 1, oldestKept) - Math.max(gap.from(), from);
            if (skipped > 0) {
                missed -= skipped;
            }
        }
        return Math.max(0, missed);
    }

    /** Up to {@code limit} kept messages with an id below {@code before}, oldest first. */
    List<Event> keptBefore(long before, int limit) {
        List<Event> page = new ArrayList<>(Math.min(limit, history.size()));
        var newestFirst = history.descendingIterator();
        while (newestFirst.hasNext() && page.size() < limit) {
            Event message = newestFirst.next();
            if (HistoryLog.idOf(message) < before) {
                page.add(message);
            }
        }
        Collections.reverse(page);
        return page;
    }

    /** Whether this room keeps messages in memory with ids below {@code id}. */
    boolean keepsBefore(long id) {
        return !history.isEmpty() && HistoryLog.idOf(history.peekFirst()) < id;
    }

    /** Whether this room gave messages with ids below {@code id} (kept in memory or not). */
    boolean gaveBefore(long id) {
        return id > firstId;
    }

    /** The length in UTF-8 of a message's text (said or action). */
    static long textBytes(Event message) {
        return Text.utf8Length(message instanceof Event.Said said ? said.text() : ((Event.Action) message).text());
    }
}
