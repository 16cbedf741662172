package chatroom.server.chat;

import chatroom.protocol.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rooms in memory, by name ignoring case, and the highest message id any of them has given,
 * above which a room with no ids of its own starts.
 *
 * <p>That id starts at the server's start time in microseconds since 1970, so the ids of a
 * later run are above every id of an earlier one (which would have needed more than a message a
 * microsecond to catch up) and a client resuming with an id from before a restart is never taken
 * to have seen the new run's messages. Still below 2^53 until the 23rd century, so JavaScript
 * reads it exactly. A room read back from its log goes on from the log's ids, which are below it.
 */
final class Rooms {

    private final Map<String, Room> byKey = new HashMap<>();
    /** {@link #byKey} sorted by name for {@code /rooms}; null when a room has come or gone since. */
    private List<Room> sorted;
    private long lastId;

    Rooms(Instant start) {
        this.lastId = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
    }

    /** The room called {@code name} in any case, or null if it is not in memory. */
    Room get(String name) {
        return byKey.get(Names.key(name));
    }

    void add(Room room) {
        byKey.put(Names.key(room.name), room);
        sorted = null;
    }

    void remove(Room room) {
        byKey.remove(Names.key(room.name));
        sorted = null;
    }

    int size() {
        return byKey.size();
    }

    /** Every room sorted by name ignoring case; made again only after a room came or went. */
    List<Room> sorted() {
        if (sorted == null) {
            List<Room> rooms = new ArrayList<>(byKey.values());
            rooms.sort(Comparator.comparing(room -> room.name, String.CASE_INSENSITIVE_ORDER));
            sorted = rooms;
        }
        return sorted;
    }

    /** The id {@code room}'s next message takes, noted as the highest given. */
    long takeId(Room room) {
        long id = room.takeId();
        lastId = Math.max(lastId, id);
        return id;
    }

    /** {@code room} went on from its log's ids: those count as given too. */
    void restored(Room room) {
        lastId = Math.max(lastId, room.lastId());
    }

    /** The first id of a room that has none of its own: above every id given so far. */
    long freshId() {
        return lastId + 1;
    }
}
