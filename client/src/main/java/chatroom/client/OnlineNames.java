package chatroom.client;

import chatroom.protocol.Event;
import chatroom.protocol.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in this user's room, as the server's events tell: {@code entered} and {@code who}
 * replace the list, {@code joined}, {@code left} and {@code renamed} change it, a big room's
 * {@code summary} gives only the count. Feeds tab completion and the status line's head
 * count. Names are kept case-insensitively, as the server treats them, and shown as last seen.
 *
 * <p>The connection thread writes and the input thread reads (completion), hence the locks.
 */
final class OnlineNames {

    private final Map<String, String> byKey = new TreeMap<>();
    /** The server's count: bigger than the list in a room too big to name everyone on entry. */
    private int here;

    /** Takes in what {@code event} says about the room; other events change nothing. */
    synchronized void apply(Event event) {
        if (event instanceof Event.Entered entered) {
            replace(entered.names());
            here = entered.count();
        } else if (event instanceof Event.Who who && who.pages() > 1) {
            who.names().forEach(this::add); // one page of a big room: the others' names stay
            here = who.count();
        } else if (event instanceof Event.Who who) {
            replace(who.names());
            here = who.count();
        } else if (event instanceof Event.Joined joined) {
            add(joined.name());
            here++;
        } else if (event instanceof Event.Left left && left.name() != null) {
            byKey.remove(Names.key(left.name()));
            here = Math.max(0, here - 1);
        } else if (event instanceof Event.Renamed renamed && renamed.from() != null
                && byKey.remove(Names.key(renamed.from())) != null) {
            add(renamed.to());
        } else if (event instanceof Event.Summary summary) {
            here = summary.count();
        }
    }

    /** Out of the room: disconnected. */
    synchronized void clear() {
        byKey.clear();
        here = 0;
    }

    /** Sorted ignoring case, as {@code /who} lists them. */
    synchronized List<String> names() {
        return new ArrayList<>(byKey.values());
    }

    synchronized int here() {
        return Math.max(here, byKey.size());
    }

    private void replace(List<String> names) {
        byKey.clear();
        names.forEach(this::add);
    }

    /**
     * A name the wire left out, or one the server's rules would refuse (a broken or hostile
     * server's event), is no one; and the list stops growing at {@link #MAX_NAMES}.
     */
    private void add(String name) {
        if (name != null && Names.isValid(name) && (byKey.size() < MAX_NAMES || byKey.containsKey(Names.key(name)))) {
            byKey.put(Names.key(name), name);
        }
    }

    /** More than a room's worth of names for completion is a server gone wrong. */
    static final int MAX_NAMES = 20_000;
}
