package chatroom.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
            case HISTORY -> parseHistory(args);
            case PING -> args.isEmpty() ? new Command.Ping() : null;
            case TOPIC -> parseTopic(args);
            case REGISTER -> oneWord(args) ? new Command.Register(args) : null;
            case IDENTIFY -> parseIdentify(args);
            case UNREGISTER -> oneWord(args) ? new Command.Unregister(args) : null;
            case PASSWD -> twoWords(args) ? new Command.Passwd(first(args), rest(args)) : null;
            case OPER -> twoWords(args) ? new Command.Oper(first(args), rest(args)) : null;
            case KICK -> args.isEmpty() ? null : new Command.Kick(first(args), rest(args));
            case BAN -> parseBan(args);
            case UNBAN -> parseUnban(args);
            case BANS -> page(args) > 0 ? new Command.Bans(page(args)) : null;
            case MUTE -> parseMute(args);
            case UNMUTE -> oneWord(args) ? new Command.Unmute(args) : null;
            case WALL -> args.isEmpty() ? null : new Command.Wall(args);
            case DEOPER -> args.isEmpty() ? new Command.Deoper() : null;
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
        long id = wholeNumber(args.substring(space + 1).strip());
        return id < 0 ? null : new Command.Resume(stripHash(args.substring(0, space)), id);
    }

    /**
     * {@code [N]} or {@code ROOM BEFORE_ID [N]}: N from 1 to {@link Command.History#MAX_COUNT}
     * ({@link Command.History#DEFAULT_COUNT} when absent), BEFORE_ID a whole number above 0.
     */
    private static Command parseHistory(String args) {
        List<String> words = new ArrayList<>(3);
        for (String left = args; !left.isEmpty() && words.size() <= 3; left = rest(left)) {
            words.add(first(left));
        }
        if (words.size() > 3) {
            return null;
        }
        if (words.size() <= 1) {
            int count = words.isEmpty() ? Command.History.DEFAULT_COUNT : historyCount(words.get(0));
            return count > 0 ? new Command.History(null, 0, count) : null;
        }
        long before = wholeNumber(words.get(1));
        int count = words.size() == 2 ? Command.History.DEFAULT_COUNT : historyCount(words.get(2));
        return before > 0 && count > 0 ? new Command.History(stripHash(words.get(0)), before, count) : null;
    }

    /** How many messages {@code word} asks for, or 0 if it is not a number from 1 to {@link Command.History#MAX_COUNT}. */
    private static int historyCount(String word) {
        long n = wholeNumber(word);
        return n >= 1 && n <= Command.History.MAX_COUNT ? (int) n : 0;
    }

    /** {@code word} as a whole number of at most 18 digits (so it fits a long), or -1 if it is not one. */
    private static long wholeNumber(String word) {
        if (word.isEmpty() || word.length() > 18 || !word.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(word);
    }

    /** {@code ROOM} shows, {@code ROOM -} clears, {@code ROOM TEXT} sets. */
    private static Command parseTopic(String args) {
        if (args.isEmpty()) {
            return null;
        }
        String room = stripHash(first(args));
        String text = rest(args);
        if (text.isEmpty()) {
            return new Command.Topic(room, null);
        }
        return new Command.Topic(room, text.equals("-") ? "" : text);
    }

    /** {@code PASSWORD} or {@code NAME PASSWORD}; a password is one word (see {@link Passwords}). */
    private static Command parseIdentify(String args) {
        if (oneWord(args)) {
            return new Command.Identify(null, args);
        }
        return twoWords(args) ? new Command.Identify(first(args), rest(args)) : null;
    }

    /** {@code TARGET [DURATION] [REASON]}: a second word that reads as a duration is one (out of range: usage). */
    private static Command parseBan(String args) {
        if (args.isEmpty()) {
            return null;
        }
        String target = first(args);
        String after = rest(args);
        Duration duration = after.isEmpty() ? null : Durations.parse(first(after));
        if (duration == null && !after.isEmpty() && Durations.looksLikeOne(first(after))) {
            return null; // 0s, 400d: not a reason, and not "for ever"
        }
        String reason = duration == null ? after : rest(after);
        if (AddressBlocks.looksLikeAddress(target)) {
            String block = AddressBlocks.canonical(target);
            return new Command.Ban(null, block == null ? target : block, duration, reason);
        }
        return new Command.Ban(target, null, duration, reason);
    }

    private static Command parseUnban(String args) {
        if (!oneWord(args)) {
            return null;
        }
        if (AddressBlocks.looksLikeAddress(args)) {
            String block = AddressBlocks.canonical(args);
            return new Command.Unban(null, block == null ? args : block);
        }
        return new Command.Unban(args, null);
    }

    /** {@code NAME [DURATION]}: anything after the name must be a duration. */
    private static Command parseMute(String args) {
        if (args.isEmpty()) {
            return null;
        }
        String after = rest(args);
        if (after.isEmpty()) {
            return new Command.Mute(first(args), null);
        }
        Duration duration = oneWord(after) ? Durations.parse(after) : null;
        return duration == null ? null : new Command.Mute(first(args), duration);
    }

    /** The first word of non-empty {@code args}. */
    private static String first(String args) {
        int space = indexOfWhitespace(args);
        return space < 0 ? args : args.substring(0, space);
    }

    /** What follows the first word, stripped; empty if nothing does. */
    private static String rest(String args) {
        int space = indexOfWhitespace(args);
        return space < 0 ? "" : args.substring(space + 1).strip();
    }

    private static boolean twoWords(String args) {
        return !args.isEmpty() && indexOfWhitespace(args) > 0 && oneWord(rest(args));
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
