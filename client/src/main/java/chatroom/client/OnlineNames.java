package chatroom.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in this user's room, as far as the server's notices tell: the "You are in" line
 * and {@code /who} replace the list, join, leave and rename notices change it. Feeds tab
 * completion and the status line's head count. Names are kept case-insensitively, as the
 * server treats them, and shown as last seen.
 *
 * <p>The connection thread writes and the input thread reads (completion), hence the locks.
 */
final class OnlineNames {

    private final Map<String, String> byKey = new TreeMap<>();
    /** The server's count: bigger than the list in a room too big to name everyone on entry. */
    private int here;

    synchronized void apply(ServerNotice notice) {
        if (notice instanceof ServerNotice.EnteredRoom entered) {
            replace(entered.names());
            here = entered.here();
        } else if (notice instanceof ServerNotice.Members members) {
            replace(members.names());
            here = members.names().size();
        } else if (notice instanceof ServerNotice.Joined joined) {
            add(joined.name());
            here++;
        } else if (notice instanceof ServerNotice.Left left) {
            byKey.remove(key(left.name()));
            here = Math.max(0, here - 1);
        } else if (notice instanceof ServerNotice.Renamed renamed) {
            renamed(renamed.from(), renamed.to());
        } else if (notice instanceof ServerNotice.Counted counted) {
            here = counted.here();
        }
    }

    /** A rename the server announces only to the renamed user: this user's own {@code /nick}. */
    synchronized void renamed(String from, String to) {
        if (byKey.remove(key(from)) != null) {
            add(to);
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

    private void add(String name) {
        byKey.put(key(name), name);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
