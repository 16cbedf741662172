package chatroom.protocol;

/**
 * Parses one line from a user into a {@link Command}: the server applies it, the client uses
 * it to know what a typed line will be. Pure: no state, no I/O.
 *
 * <p>A line that does not start with {@code /} (after any leading spaces) is a message;
 * {@code //text} is a message that starts with {@code /}. Command names are case-insensitive.
 */
public final class CommandParser {

    private CommandParser() {}

    public static Command parse(String line) {
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
        String name = space < 0 ? text.substring(1) : text.substring(1, space);
        String args = space < 0 ? "" : text.substring(space + 1).strip();
        CommandSpec spec = CommandSpec.named(name);
        if (spec == null) {
            return new Command.Unknown(name.toLowerCase(java.util.Locale.ROOT));
        }
        Command command = switch (spec) {
            case HELP -> new Command.Help();
            case WHO -> page(args) > 0 ? new Command.Who(page(args)) : null;
            case ROOMS -> page(args) > 0 ? new Command.Rooms(page(args)) : null;
            case QUIT -> new Command.Quit(args);
            case ME -> args.isEmpty() ? null : new Command.Me(args);
            case NICK -> oneWord(args) ? new Command.Nick(args) : null;
            case JOIN -> oneWord(args) ? new Command.Join(stripHash(args)) : null;
            case MSG -> parseMsg(args);
            case FORMAT -> oneWord(args) && Format.named(args) != null ? new Command.SetFormat(Format.named(args)) : null;
            case RESUME -> parseResume(args);
            case PING -> args.isEmpty() ? new Command.Ping() : null;
        };
        return command != null ? command : new Command.Usage(spec);
    }

    private static Command parseMsg(String args) {
        int space = indexOfWhitespace(args);
        if (space < 0) {
            return null;
        }
        String text = args.substring(space + 1).strip();
        return text.isEmpty() ? null : new Command.Msg(args.substring(0, space), text);
    }

    /** {@code ROOM LAST_ID}, the id a whole number of at most 18 digits (so it fits a long). */
    private static Command parseResume(String args) {
        int space = indexOfWhitespace(args);
        if (space < 0) {
            return null;
        }
        String id = args.substring(space + 1).strip();
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return new Command.Resume(stripHash(args.substring(0, space)), Long.parseLong(id));
    }

    /** A page number: 1 for none, else a whole number from 1 with at most 9 digits; 0 if it is not one. */
    private static int page(String args) {
        if (args.isEmpty()) {
            return 1;
        }
        if (args.length() > 9 || !args.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Integer.parseInt(args);
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
