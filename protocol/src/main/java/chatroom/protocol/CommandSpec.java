package chatroom.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The commands a user can type, with what each takes and what it does: the one list that
 * {@code /help}, the usage errors, the parser and the client's completion all read.
 * In the order {@code /help} shows them.
 */
public enum CommandSpec {
    WHO("who", "[PAGE]", "who is in this room, 100 names a page", "names"),
    ROOMS("rooms", "[PAGE]", "the rooms and how many are in each, 100 a page", "list"),
    JOIN("join", "ROOM", "go to ROOM (made if it does not exist)"),
    MSG("msg", "NAME TEXT", "a private message to NAME, in any room"),
    ME("me", "ACTION", "tell the room what you are doing"),
    NICK("nick", "NEW_NAME", "change your name"),
    QUIT("quit", "[REASON]", "leave", "exit"),
    FORMAT("format", "text|json", "lines for people, or JSON events for programs"),
    PING("ping", "", "ask whether the server is there (it answers pong)"),
    RESUME("resume", "ROOM LAST_ID", "join ROOM, replaying only messages after LAST_ID"),
    HISTORY("history", "[N] | ROOM BEFORE_ID [N]",
            "the last N messages here (default " + Command.History.DEFAULT_COUNT + ", at most "
                    + Command.History.MAX_COUNT + "), or N in ROOM before BEFORE_ID"),
    TOPIC("topic", "ROOM [TEXT]", "show ROOM's topic (operators: set it; - clears it)"),
    REGISTER("register", "PASSWORD", "reserve your name: from then on it needs /identify PASSWORD"),
    IDENTIFY("identify", "[NAME] PASSWORD", "prove a registered name is yours (also frees it from an old connection of yours)"),
    UNREGISTER("unregister", "PASSWORD", "give up your registered name"),
    PASSWD("passwd", "OLD NEW", "change the password of your registered name"),
    OPER("oper", "NAME PASSWORD", "become an operator"),
    HELP("help", "", "this list", "?"),
    KICK(Role.OPERATOR, "kick", "NAME [REASON]", "disconnect NAME"),
    BAN(Role.OPERATOR, "ban", "NAME|ADDRESS[/PREFIX] [DURATION] [REASON]",
            "keep a name or an address out (DURATION like 30m, 2h, 7d; none: until /unban)"),
    UNBAN(Role.OPERATOR, "unban", "NAME|ADDRESS[/PREFIX]", "lift a ban"),
    BANS(Role.OPERATOR, "bans", "[PAGE]", "the bans, 100 a page"),
    MUTE(Role.OPERATOR, "mute", "NAME [DURATION]", "NAME's lines go nowhere (default 10m)"),
    UNMUTE(Role.OPERATOR, "unmute", "NAME", "let NAME speak again"),
    WALL(Role.OPERATOR, "wall", "TEXT", "a message to everyone on the server"),
    DEOPER(Role.OPERATOR, "deoper", "", "stop being an operator");

    /** Who may use a command: {@code /help} lists operator commands to operators only. */
    public enum Role { USER, OPERATOR }

    /** The last line of {@code /help}: how to say something that is not a command. */
    public static final String MESSAGE_RULE =
            "Any other line goes to everyone in the room; start it with // to send a line that starts with /.";

    private final Role role;
    private final String name;
    private final String args;
    private final String description;
    private final List<String> aliases;

    CommandSpec(String name, String args, String description, String... aliases) {
        this(Role.USER, name, args, description, aliases);
    }

    CommandSpec(Role role, String name, String args, String description, String... aliases) {
        this.role = role;
        this.name = name;
        this.args = args;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    public Role role() {
        return role;
    }

    /** The commands {@code /help} shows a user, or an operator, in its order. */
    public static List<CommandSpec> visible(boolean operator) {
        return Arrays.stream(values()).filter(spec -> operator || spec.role == Role.USER).toList();
    }

    /** What is typed: {@code /join}. */
    public String word() {
        return "/" + name;
    }

    /** What it takes, in capitals ({@code ROOM}), empty for nothing; {@code [..]} is optional. */
    public String args() {
        return args;
    }

    public String description() {
        return description;
    }

    /** How to use it: {@code /join ROOM}. */
    public String usage() {
        return args.isEmpty() ? word() : word() + " " + args;
    }

    /** Other words for the same command, without the slash. */
    public List<String> aliases() {
        return aliases;
    }

    /** The command called {@code name} (no slash, any case, aliases too), or null. */
    public static CommandSpec named(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (CommandSpec spec : values()) {
            if (spec.name.equals(key) || spec.aliases.contains(key)) {
                return spec;
            }
        }
        return null;
    }
}
