package chatroom.server.chat;

import java.util.List;
import java.util.Locale;

/**
 * Every line the server sends, in one place, so the wire format and docs/PROTOCOL.md can be
 * checked against each other. Three kinds a reader (human or client) tells apart by the
 * first characters:
 * <ul>
 *   <li>{@code [HH:MM:SS] ...}: something a user said (message, action, private message);</li>
 *   <li>{@code *** ...}: a notice from the server;</li>
 *   <li>{@code !!! ...}: an error, in answer to what this user sent.</li>
 * </ul>
 */
final class Lines {

    static final String NOTICE = "*** ";
    static final String ERROR = "!!! ";

    /** How many names a join shows before pointing to /who. */
    static final int NAMES_ON_JOIN = 20;

    static final List<String> HELP = List.of(
            "*** Commands:",
            "***   /who              who is in this room",
            "***   /rooms            the rooms and how many are in each",
            "***   /join ROOM        go to ROOM (made if it does not exist)",
            "***   /msg NAME TEXT    a private message to NAME, in any room",
            "***   /me ACTION        tell the room what you are doing",
            "***   /nick NAME        change your name",
            "***   /quit [REASON]    leave",
            "***   /help             this list",
            "*** Any other line goes to everyone in the room; start it with // to send a line that starts with /.");

    private Lines() {}

    static String notice(String text) {
        return NOTICE + text;
    }

    static String error(String text) {
        return ERROR + text;
    }

    static String welcome() {
        return notice("Welcome to chatroom!");
    }

    static String askName() {
        return notice("What is your name? (" + Names.RULES + ")");
    }

    static String invalidName(String name) {
        return invalid("name", name);
    }

    static String nameTaken(String name) {
        return error("The name " + name + " is taken, try another");
    }

    static String hello(String name) {
        return notice("Hello " + name + "! Type /help for commands.");
    }

    static String message(String time, String from, String text) {
        return "[" + time + "] <" + from + "> " + text;
    }

    static String action(String time, String from, String action) {
        return "[" + time + "] * " + from + " " + action;
    }

    static String privateFrom(String time, String from, String text) {
        return "[" + time + "] *" + from + "* " + text;
    }

    static String privateTo(String time, String to, String text) {
        return "[" + time + "] -> *" + to + "* " + text;
    }

    static String joined(String name, String room) {
        return notice(name + " joined " + room);
    }

    static String left(String name, String room, String reason) {
        return notice(name + " left " + room + " (" + reason + ")");
    }

    static String renamed(String from, String to) {
        return notice(from + " is now known as " + to);
    }

    static String youAreNow(String name) {
        return notice("You are now known as " + name);
    }

    /** The one line a big room gets instead of a line per join and leave. */
    static String summary(int joined, int left, int here) {
        StringBuilder s = new StringBuilder(NOTICE);
        if (joined > 0) {
            s.append(count(joined)).append(" joined");
        }
        if (left > 0) {
            s.append(joined > 0 ? ", " : "").append(count(left)).append(" left");
        }
        return s.append(" (").append(count(here)).append(" here)").toString();
    }

    /** What a user sees on entering a room: who is there, the first {@link #NAMES_ON_JOIN} by name. */
    static String roomEntered(String room, int here, List<String> someNames) {
        StringBuilder s = new StringBuilder(NOTICE).append("You are in ").append(room).append(". ")
                .append(count(here)).append(" here: ").append(String.join(", ", someNames));
        if (here > someNames.size()) {
            s.append(" and ").append(count(here - someNames.size())).append(" more (/who lists all)");
        }
        return s.toString();
    }

    static String historyHeader(int messages, String room) {
        return notice("Last " + messages + (messages == 1 ? " message" : " messages") + " in " + room + ":");
    }

    static String who(String room, List<String> names) {
        return notice(count(names.size()) + " in " + room + ": " + String.join(", ", names));
    }

    static String rooms(List<String> roomsWithCounts) {
        int n = roomsWithCounts.size();
        return notice(count(n) + (n == 1 ? " room: " : " rooms: ") + String.join(", ", roomsWithCounts));
    }

    static String roomWithCount(String room, int members) {
        return room + " (" + count(members) + ")";
    }

    static String alreadyIn(String room) {
        return error("You are already in " + room);
    }

    static String invalidRoom(String room) {
        return invalid("room name", room);
    }

    /** A rejected name is echoed back, but not a whole 4 KiB line of it. */
    private static String invalid(String what, String name) {
        int max = Names.MAX_LENGTH + 8;
        String shown = name.length() <= max ? name : name.substring(0, max) + "...";
        return error("\"" + shown + "\" is not a valid " + what + ": use " + Names.RULES);
    }

    static String noSuchUser(String name) {
        return error("No one called " + name + " is online");
    }

    static String unknownCommand(String name) {
        return error("Unknown command /" + name + " (type /help for the list)");
    }

    static String usage(String usage) {
        return error("Usage: " + usage);
    }

    static String nameFirst() {
        return error("Choose a name first");
    }

    static String tooLong(int maxBytes) {
        return error("Line too long (over " + count(maxBytes) + " bytes), not sent");
    }

    static String loginTimeout(long seconds) {
        return error("No name given in " + seconds + " s, closing");
    }

    static String bye() {
        return notice("Bye!");
    }

    static String shuttingDown() {
        return notice("Server shutting down, bye!");
    }

    static String count(int n) {
        return String.format(Locale.US, "%,d", n);
    }
}
