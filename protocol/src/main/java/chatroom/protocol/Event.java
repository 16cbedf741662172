package chatroom.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Everything the server tells a connection. The server builds events; {@link TextCodec} and
 * {@link JsonCodec} turn each into its wire form (once per form, shared by every recipient),
 * and parse it back on the client's side. The record components are the JSON fields.
 *
 * <p>Every event has {@code ts}, the instant the server made it (for a replayed message, the
 * instant it was first said). Messages and actions carry {@code id}: it grows with every
 * message in a room, and a client that remembers the last one it saw can {@code /resume}
 * from there. {@code echo} marks an event about what this connection itself did: its own
 * message coming back (JSON only: telnet users see what they typed already), its own private
 * message, its own new name. Events parsed from a text line have only what the line shows:
 * no {@code id} (0), no room, and as {@code ts} only a message's time of day (see
 * {@link TextCodec#parse}); null for the others.
 */
public sealed interface Event {

    /** When the server made the event; for an event parsed from a text line, see {@link TextCodec#parse}. */
    Instant ts();

    /** The first thing a new connection hears. */
    record Welcome(Instant ts) implements Event {}

    /** A line from the server operator (the message of the day) or anything else to show as is. */
    record Notice(Instant ts, String text) implements Event {}

    /** The server wants a name: the next line is taken as one. */
    record AskName(Instant ts) implements Event {}

    /** The name was accepted; the user is about to enter the lobby. */
    record Hello(Instant ts, String name) implements Event {}

    record Said(Instant ts, long id, String room, String from, String text, boolean echo) implements Event {}

    /** {@code /me}: {@code from} is doing {@code text}. */
    record Action(Instant ts, long id, String room, String from, String text, boolean echo) implements Event {}

    /** A private message; with {@code echo}, the sender's own copy. */
    record Private(Instant ts, String from, String to, String text, boolean echo) implements Event {}

    record Joined(Instant ts, String room, String name) implements Event {}

    /** {@code reason}: "quit", "timed out", ... or, for someone who went to another room, {@link #movedTo}. */
    record Left(Instant ts, String room, String name, String reason) implements Event {

        private static final String MOVED_TO = "moved to ";

        /** The reason given when {@code name} left for {@code room}: they are still online. */
        public static String movedTo(String room) {
            return MOVED_TO + room;
        }

        /** Whether the one who left is still online, in another room. */
        public boolean moved() {
            return reason != null && reason.startsWith(MOVED_TO);
        }
    }

    /** With {@code echo}, the renamed user's own confirmation. */
    record Renamed(Instant ts, String room, String from, String to, boolean echo) implements Event {}

    /**
     * A big room's joins, leaves and renames, counted rather than named (at least one of them is
     * not 0); {@code count} is how many are there now.
     */
    record Summary(Instant ts, String room, int joined, int left, int renamed, int count) implements Event {

        /** Joins and leaves only, as before renames were counted too. */
        public Summary(Instant ts, String room, int joined, int left, int count) {
            this(ts, room, joined, left, 0, count);
        }
    }

    /** This user is now in {@code room}, with {@code count} members; {@code names} are the first few. */
    record Entered(Instant ts, String room, int count, List<String> names) implements Event {
        public Entered {
            names = List.copyOf(names);
        }
    }

    /**
     * The replayed history of {@code room} follows: {@code count} messages, then {@link HistoryEnd}.
     * {@code since} is the {@code /resume} id (-1 for a plain join); {@code missed} counts the
     * messages newer than it that the room no longer keeps (0 for a plain join).
     */
    record HistoryStart(Instant ts, String room, int count, long since, long missed) implements Event {}

    record HistoryEnd(Instant ts, String room) implements Event {}

    /**
     * The answer to {@code /history}: {@code count} stored messages of {@code room} follow, oldest
     * first, as {@link Said} and {@link Action} events with their ids and first {@code ts}, then
     * {@link HistoryEnd}. {@code before} is the id they are all below (for {@code /history N}, the
     * room's last id + 1); {@code more}: the room keeps older messages still, below the oldest of
     * these. A client pages back by asking again below the oldest id it holds.
     */
    record HistoryPage(Instant ts, String room, int count, long before, boolean more) implements Event {}

    /**
     * The answer to {@code /who}: the room's {@code count} members, sorted ignoring case, a page
     * of at most {@link TextCodec#PAGE_SIZE} at a time. {@code names} is page {@code page} (from
     * 1) of {@code pages}; {@code /who N} asks for page N.
     */
    record Who(Instant ts, String room, int count, List<String> names, int page, int pages) implements Event {
        public Who {
            names = List.copyOf(names);
        }

        /** Every member on one page. */
        public Who(Instant ts, String room, List<String> names) {
            this(ts, room, names.size(), names, 1, 1);
        }
    }

    /**
     * The answer to {@code /rooms}: {@code count} rooms sorted by name ignoring case, a page of at
     * most {@link TextCodec#PAGE_SIZE} at a time, as {@link Who} pages its names.
     */
    record Rooms(Instant ts, int count, List<RoomCount> rooms, int page, int pages) implements Event {
        public Rooms {
            rooms = List.copyOf(rooms);
        }

        /** Every room on one page. */
        public Rooms(Instant ts, List<RoomCount> rooms) {
            this(ts, rooms.size(), rooms, 1, 1);
        }
    }

    record RoomCount(String name, int count) {}

    /**
     * The answer to {@code /help}: {@link CommandSpec#visible} is the list, with the operator
     * commands when {@code operator}.
     */
    record Help(Instant ts, boolean operator) implements Event {

        /** A user's help, without the operator commands. */
        public Help(Instant ts) {
            this(ts, false);
        }
    }

    /** The answer to {@code /format}: from now on the server writes in {@code format}. */
    record FormatSet(Instant ts, Format format) implements Event {}

    /**
     * The answer to {@code /ping}: the server is there and still knows this user. A UDP client
     * sends one to keep its session from timing out; any client may.
     */
    record Pong(Instant ts) implements Event {}

    /**
     * The name asked for is registered: the next {@code /identify PASSWORD} (within
     * {@code seconds}) takes it, any other name line chooses another. {@code inUse}: a session
     * holds it now, and a correct password replaces that session.
     */
    record PasswordNeeded(Instant ts, String name, long seconds, boolean inUse) implements Event {}

    /** The password was right: this connection is {@code name} (the hello or a rename follows). */
    record Identified(Instant ts, String name) implements Event {}

    /** {@code name} is now registered to this user, or with {@code removed}, no longer registered. */
    record Registered(Instant ts, String name, boolean removed) implements Event {}

    record PasswordChanged(Instant ts, String name) implements Event {}

    /** This user became an operator ({@code up}) or stopped being one. */
    record Oper(Instant ts, String account, boolean up) implements Event {}

    /**
     * An operator ({@code by}) disconnected {@code name}; {@code reason} empty for none. With
     * {@code echo}, the one kicked hears it, then the server closes. It replaces their
     * {@link Left} in {@code room}.
     */
    record Kicked(Instant ts, String room, String name, String by, String reason, boolean echo) implements Event {}

    /**
     * An operator ({@code by}) banned {@code target} (a name, an address block, or
     * {@code name (address)}) until {@code until} (null: until lifted); {@code reason} empty for
     * none. To a room ({@code room} set) it replaces the banned user's {@link Left}; with
     * {@code echo} the banned user hears it, then the server closes; with no room it is the
     * operator's own confirmation, and {@code closed} counts the connections it closed.
     */
    record Banned(Instant ts, String room, String target, String by, Instant until, String reason, int closed,
            boolean echo) implements Event {}

    /** The operator's confirmation that the ban on {@code target} is lifted. */
    record Unbanned(Instant ts, String target, String by) implements Event {}

    /** The answer to {@code /bans}, paged as {@link Who} pages its names. */
    record Bans(Instant ts, int count, List<BanEntry> bans, int page, int pages) implements Event {
        public Bans {
            bans = List.copyOf(bans);
        }
    }

    /** One ban: {@code until} null is until lifted; {@code reason} empty for none. */
    record BanEntry(String target, String by, Instant set, Instant until, String reason) {}

    /** {@code name}'s lines go nowhere until {@code until}; with {@code echo}, told to them. */
    record Muted(Instant ts, String room, String name, String by, Instant until, boolean echo) implements Event {}

    /** {@code name} may speak again: lifted by {@code by}, or (null) the mute ran out. */
    record Unmuted(Instant ts, String room, String name, String by, boolean echo) implements Event {}

    /**
     * {@code room}'s topic: {@code text} empty for none. Shown on entering a room and to
     * {@code /topic ROOM}; with {@code changed}, {@code by} just set (or, empty, cleared) it.
     */
    record Topic(Instant ts, String room, String text, String by, boolean changed) implements Event {}

    /** An operator's message to everyone on the server. */
    record Wall(Instant ts, String from, String text) implements Event {}

    /** To a session whose name was taken over by a login with its password, from {@code address}; the server closes next. */
    record Replaced(Instant ts, String address) implements Event {}

    /** The answer to {@code /quit}; the server closes next. */
    record Bye(Instant ts) implements Event {}

    record ShuttingDown(Instant ts) implements Event {}

    /** Something this user sent could not be done. {@code code} is one of {@link Problem}'s. */
    record Error(Instant ts, String code, String text) implements Event {}

    /**
     * A line or event this version does not know (a newer server's): shown as its text.
     * {@code type} is the JSON type, null for a text line (written as {@code other}).
     */
    record Other(Instant ts, String type, String text) implements Event {}
}
