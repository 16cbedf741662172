package chatroom.client;

import chatroom.protocol.Event;
import java.util.List;

/**
 * What the server's events say about who is online, kept for tab completion and the status
 * line's head count: who is in this user's room, and (in the {@link Directory}) everyone seen
 * online elsewhere and every room heard of.
 *
 * <p>The room: {@code entered} and {@code who} replace the list, {@code joined}, {@code left}
 * (or {@code kicked} or {@code banned}, which take its place) and {@code renamed} change it, a big room's {@code summary} gives only the count. Names are
 * kept case-insensitively, as the server treats them, and shown as last seen.
 *
 * <p>The connection thread writes and the input thread reads (completion), hence the locks;
 * this lock guards the directory too.
 */
final class OnlineNames {

    /** More than a room's worth of names for completion is a server gone wrong. */
    static final int MAX_NAMES = 20_000;

    private final NameSet members = new NameSet(MAX_NAMES);
    private final Directory directory = new Directory();
    /** The server's count: bigger than the list in a room too big to name everyone on entry. */
    private int here;

    /** Takes in what {@code event} says about the room and who is online; other events change nothing. */
    synchronized void apply(Event event) {
        directory.apply(event);
        if (event instanceof Event.Entered entered) {
            members.replace(entered.names());
            here = entered.count();
        } else if (event instanceof Event.Who who && who.pages() > 1) {
            who.names().forEach(members::add); // one page of a big room: the others' names stay
            here = who.count();
        } else if (event instanceof Event.Who who) {
            members.replace(who.names());
            here = who.count();
        } else if (event instanceof Event.Joined joined) {
            members.add(joined.name());
            here++;
        } else if (Directory.leaver(event) != null) {
            members.remove(Directory.leaver(event));
            here = Math.max(0, here - 1);
        } else if (event instanceof Event.Renamed renamed && members.remove(renamed.from())) {
            members.add(renamed.to());
        } else if (event instanceof Event.Summary summary) {
            here = summary.count();
        }
    }

    /** Disconnected: out of the room, and what was seen online may have changed by the next connection. */
    synchronized void clear() {
        members.clear();
        directory.clear();
        here = 0;
    }

    /** Who is in the room, sorted ignoring case, as {@code /who} lists them. */
    synchronized List<String> names() {
        return members.list();
    }

    synchronized int here() {
        return Math.max(here, members.size());
    }

    /** Everyone seen online this connection, in any room, sorted ignoring case. */
    synchronized List<String> everyone() {
        return directory.online();
    }

    /** Every room heard of this connection, sorted ignoring case. */
    synchronized List<String> rooms() {
        return directory.rooms();
    }
}
