package chatroom.server.chat;

/**
 * Parses one sanitized line from a named user into a {@link Command}. Pure: no state, no I/O.
 *
 * <p>A line that does not start with {@code /} (after any leading spaces) is a message;
 * {@code //text} is a message that starts with {@code /}. Command names are case-insensitive.
 */
final class CommandParser {

    private CommandParser() {}

    static Command parse(String line) {
        String said = line.stripTrailing();
        if (said.isBlank()) {
            return new Command.Nothing();
        }
        // " /msg bob secret" is a command too: a stray space must not broadcast a private message.
        String text = said.stripLeading();
        if (!text.startsWith("/")) {
            return new Command.Say(said);
        }
        if (text.startsWith("//")) {
            return new Command.Say(text.substring(1));
        }
        int space = indexOfWhitespace(text);
        String name = (space < 0 ? text.substring(1) : text.substring(1, space)).toLowerCase(java.util.Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1).strip();
        return switch (name) {
            case "help", "?" -> new Command.Help();
            case "who", "names" -> new Command.Who();
            case "rooms", "list" -> new Command.Rooms();
            case "quit", "exit" -> new Command.Quit(args);
            case "me" -> args.isEmpty() ? new Command.Usage("/me ACTION") : new Command.Me(args);
            case "nick" -> oneWord(args) ? new Command.Nick(args) : new Command.Usage("/nick NEW_NAME");
            case "join" -> oneWord(args) ? new Command.Join(stripHash(args)) : new Command.Usage("/join ROOM");
            case "msg" -> parseMsg(args);
            default -> new Command.Unknown(name);
        };
    }

    private static Command parseMsg(String args) {
        int space = indexOfWhitespace(args);
        if (space < 0) {
            return new Command.Usage("/msg NAME TEXT");
        }
        String text = args.substring(space + 1).strip();
        if (text.isEmpty()) {
            return new Command.Usage("/msg NAME TEXT");
        }
        return new Command.Msg(args.substring(0, space), text);
    }

    private static boolean oneWord(String args) {
        return !args.isEmpty() && indexOfWhitespace(args) < 0;
    }

    /** IRC habit: {@code /join #dev} means room {@code dev}. */
    private static String stripHash(String room) {
        return room.length() > 1 && room.charAt(0) == '#' ? room.substring(1) : room;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
