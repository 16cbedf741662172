package chatroom.client;

import chatroom.protocol.Event;
import java.util.List;

/**
 * Everyone this connection has seen online, in any room, and every room it has heard of:
 * what {@code /msg NAME} and {@code /join ROOM} complete to. The server has no command that
 * lists every user, so this is pieced together from the events: the room's members on
 * entering and from {@code /who}, whoever joins or speaks, both ends of a private message,
 * the rooms {@code /rooms} lists and any event's room.
 *
 * <p>Unlike the room's list ({@link OnlineNames}) nothing here is replaced on moving to
 * another room: the people left behind are still online. A name goes when its user is seen
 * leaving the server or taking another name; all of it goes with the connection.
 *
 * <p>Not thread-safe: {@link OnlineNames} owns it and locks.
 */
final class Directory {

    /** More rooms than this is a server gone wrong (a page of {@code /rooms} has 100). */
    static final int MAX_ROOMS = 10_000;

    private final NameSet online = new NameSet(OnlineNames.MAX_NAMES);
    private final NameSet rooms = new NameSet(MAX_ROOMS);
    /** Between a room's history start (or a {@code /history} page) and its end: replayed senders may be long gone. */
    private boolean replaying;

    // Java 17 has no pattern matching for switch, hence the chains.
    void apply(Event event) {
        rooms.add(roomOf(event));
        if (event instanceof Event.Rooms list) {
            List<String> names = list.rooms().stream().map(Event.RoomCount::name).toList();
            if (list.pages() > 1) {
                names.forEach(rooms::add); // one page: the rooms on the others stay
            } else {
                rooms.replace(names); // every room there is: the emptied ones are gone
            }
        } else if (event instanceof Event.Entered entered) {
            entered.names().forEach(online::add);
        } else if (event instanceof Event.Who who) {
            who.names().forEach(online::add);
        } else if (event instanceof Event.Joined joined) {
            online.add(joined.name());
        } else if (leaver(event) != null && !(event instanceof Event.Left left && left.moved())) { // quit, kicked: gone
            online.remove(leaver(event));
        } else if (event instanceof Event.Renamed renamed) {
            online.remove(renamed.from());
            online.add(renamed.to());
        } else if (event instanceof Event.Private message) {
            online.add(message.from());
            online.add(message.to());
        } else if (event instanceof Event.Said said && !replaying) {
            online.add(said.from());
        } else if (event instanceof Event.Action action && !replaying) {
            online.add(action.from());
        } else if (event instanceof Event.HistoryStart || event instanceof Event.HistoryPage) {
            replaying = true;
        } else if (event instanceof Event.HistoryEnd) {
            replaying = false;
        }
    }

    void clear() {
        online.clear();
        rooms.clear();
        replaying = false;
    }

    /** Sorted ignoring case. */
    List<String> online() {
        return online.list();
    }

    /** Sorted ignoring case. */
    List<String> rooms() {
        return rooms.list();
    }


    /**
     * Who left the room with {@code event}: a {@code left}'s name, or the one kicked or banned
     * out of it (those replace their {@code left}); null for any other event, or for a kick or
     * ban told to the one it hit, or to the operator alone.
     */
    static String leaver(Event event) {
        if (event instanceof Event.Left left) {
            return left.name();
        } else if (event instanceof Event.Kicked kicked && !kicked.echo() && kicked.room() != null) {
            return kicked.name();
        } else if (event instanceof Event.Banned banned && !banned.echo() && banned.room() != null) {
            return banned.target();
        }
        return null;
    }

    /** The room an event happened in, or null for events about no room (or a text line's, which has none). */
    private static String roomOf(Event event) {
        if (event instanceof Event.Said e) {
            return e.room();
        } else if (event instanceof Event.Action e) {
            return e.room();
        } else if (event instanceof Event.Joined e) {
            return e.room();
        } else if (event instanceof Event.Left e) {
            return e.room();
        } else if (event instanceof Event.Kicked e) {
            return e.room();
        } else if (event instanceof Event.Banned e) {
            return e.room();
        } else if (event instanceof Event.Topic e) {
            return e.room();
        } else if (event instanceof Event.Renamed e) {
            return e.room();
        } else if (event instanceof Event.Summary e) {
            return e.room();
        } else if (event instanceof Event.Entered e) {
            return e.room();
        } else if (event instanceof Event.HistoryStart e) {
            return e.room();
        } else if (event instanceof Event.HistoryEnd e) {
            return e.room();
        } else if (event instanceof Event.HistoryPage e) {
            return e.room();
        } else if (event instanceof Event.Who e) {
            return e.room();
        }
        return null;
    }
}
