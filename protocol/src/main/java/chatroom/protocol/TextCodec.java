package chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of every {@link Event}: the lines telnet and nc users read, ending in CR LF.
 * Three kinds, told apart by their first characters:
 * <ul>
 *   <li>{@code [HH:MM:SS] ...}: something a user said (message, action, private message,
 *       an operator's {@code /wall});</li>
 *   <li>{@code *** ...}: a notice from the server;</li>
 *   <li>{@code !!! ...}: an error, in answer to what this user sent.</li>
 * </ul>
 * Some events have no text form ({@link #encode} gives null): the end of a history replay,
 * the start of an empty one on a plain join (there is nothing to announce), a user's own
 * message or action coming back (telnet already shows what was typed), and an unknown event
 * without text.
 *
 * <p>Encoding needs the zone the {@code HH:MM:SS} is shown in (the server's), and caches that
 * string for the current second: not thread-safe, one per thread. {@link #parse} is static
 * and pure: it is how a client reads a text line back into an event.
 */
public final class TextCodec {

    public static final String NOTICE = "*** ";
    public static final String ERROR = "!!! ";
    /** What a notice says when the server's name question comes: the client's cue to answer. */
    public static final String ASK_NAME = "What is your name? (" + Names.RULES + ")";
    /** How many names the "You are in" line shows before pointing to /who. */
    public static final int NAMES_ON_ENTRY = 20;
    /** How many names {@code /who}, or rooms {@code /rooms}, shows in one answer: one page. */
    public static final int PAGE_SIZE = 100;

    private static final String WELCOME = "Welcome to chatroom!";
    private static final String BYE = "Bye!";
    private static final String PONG = "pong";
    private static final String SHUTTING_DOWN = "Server shutting down, bye!";
    private static final String HELP_TITLE = "Commands:";
    private static final String OPER_UP = "You are now an operator (type /help for the operator commands)";
    private static final String OPER_DOWN = "You are no longer an operator";
    private static final String MUTED_ECHO = ": your lines are not sent";
    private static final String PERMANENTLY = "permanently";
    private static final String NO_BANS = "No bans";
    private static final DateTimeFormatter UTC_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final byte[] CRLF = {'\r', '\n'};

    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedTime;

    public TextCodec(ZoneId zone) {
        this.zone = zone;
    }

    /** The event's lines in UTF-8, each ending in CR LF; null if it has no text form. */
    public byte[] encodeLines(Event event) {
        String text = encode(event);
        if (text == null) {
            return null;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] lines = java.util.Arrays.copyOf(utf8, utf8.length + CRLF.length);
        lines[utf8.length] = '\r';
        lines[utf8.length + 1] = '\n';
        return lines;
    }

    /**
     * The event's text without the final line end; lines inside (only {@code /help} has
     * several) are separated by CR LF. Null if the event has no text form.
     */
    public String encode(Event event) {
        if (event instanceof Event.Said said) {
            return said.echo() ? null : "[" + time(said.ts()) + "] <" + said.from() + "> " + said.text();
        } else if (event instanceof Event.Action action) {
            return action.echo() ? null : "[" + time(action.ts()) + "] * " + action.from() + " " + action.text();
        } else if (event instanceof Event.Private p) {
            return "[" + time(p.ts()) + "] " + (p.echo() ? "-> *" + p.to() : "*" + p.from()) + "* " + p.text();
        } else if (event instanceof Event.Wall wall) {
            return "[" + time(wall.ts()) + "] [operator " + wall.from() + " to everyone] " + wall.text();
        }
        return untimed(event);
    }

    /**
     * The text of every event but the four that show a time: it needs no zone, so {@link #parse}
     * can check a notice against it.
     */
    // Java 17 has no pattern matching for switch, hence the chain; the sealed Event keeps it complete.
    private static String untimed(Event event) {
        if (event instanceof Event.Welcome) {
            return NOTICE + WELCOME;
        } else if (event instanceof Event.Notice notice) {
            return NOTICE + notice.text();
        } else if (event instanceof Event.AskName) {
            return NOTICE + ASK_NAME;
        } else if (event instanceof Event.Hello hello) {
            return NOTICE + "Hello " + hello.name() + "! Type /help for commands.";
        } else if (event instanceof Event.Joined joined) {
            return NOTICE + joined.name() + " joined " + joined.room();
        } else if (event instanceof Event.Left left) {
            return NOTICE + left.name() + " left " + left.room() + " (" + left.reason() + ")";
        } else if (event instanceof Event.Renamed renamed) {
            return NOTICE + (renamed.echo() ? "You are now known as " + renamed.to()
                    : renamed.from() + " is now known as " + renamed.to());
        } else if (event instanceof Event.Summary summary) {
            return NOTICE + summary(summary);
        } else if (event instanceof Event.Entered entered) {
            return NOTICE + entered(entered);
        } else if (event instanceof Event.HistoryStart start) {
            return historyStart(start);
        } else if (event instanceof Event.HistoryEnd) {
            return null;
        } else if (event instanceof Event.HistoryPage page) {
            return NOTICE + (page.count() == 0 ? "No earlier messages in " + page.room()
                    : count(page.count()) + " earlier " + (page.count() == 1 ? "message" : "messages") + " in "
                            + page.room() + ":");
        } else if (event instanceof Event.Who who) {
            return NOTICE + count(who.count()) + " in " + who.room() + ": " + String.join(", ", who.names())
                    + page(who.page(), who.pages(), CommandSpec.WHO);
        } else if (event instanceof Event.Rooms rooms) {
            return NOTICE + rooms(rooms) + page(rooms.page(), rooms.pages(), CommandSpec.ROOMS);
        } else if (event instanceof Event.Help help) {
            return help(help.operator());
        } else if (event instanceof Event.FormatSet format) {
            return NOTICE + "Format: " + format.format().word();
        } else if (event instanceof Event.Pong) {
            return NOTICE + PONG;
        } else if (event instanceof Event.Bye) {
            return NOTICE + BYE;
        } else if (event instanceof Event.ShuttingDown) {
            return NOTICE + SHUTTING_DOWN;
        } else if (event instanceof Event.Error error) {
            return ERROR + error.text();
        } else if (event instanceof Event.Other other) {
            return other.text();
        }
        String moderation = moderation(event);
        if (moderation != null) {
            return moderation;
        }
        throw new IllegalArgumentException("no untimed text form for " + event);
    }

    /** The notices of registered names and of operators' actions; null for any other event. */
    private static String moderation(Event event) {
        if (event instanceof Event.PasswordNeeded needed) {
            return NOTICE + "The name " + needed.name() + " is registered" + (needed.inUse() ? " and in use" : "")
                    + ": send /identify PASSWORD within " + needed.seconds() + " s"
                    + (needed.inUse() ? " to take it over" : "") + ", or choose another name";
        } else if (event instanceof Event.Identified identified) {
            return NOTICE + "You are identified as " + identified.name();
        } else if (event instanceof Event.Registered registered) {
            return NOTICE + "The name " + registered.name() + (registered.removed() ? " is no longer registered"
                    : " is registered to you: from now on it needs /identify PASSWORD");
        } else if (event instanceof Event.PasswordChanged changed) {
            return NOTICE + "The password of " + changed.name() + " is changed";
        } else if (event instanceof Event.Oper oper) {
            return NOTICE + (oper.up() ? OPER_UP : OPER_DOWN);
        } else if (event instanceof Event.Kicked kicked) {
            return NOTICE + (kicked.echo() ? "You were" : kicked.name() + " left " + kicked.room() + ",")
                    + " kicked by " + kicked.by() + reason(kicked.reason());
        } else if (event instanceof Event.Banned banned) {
            return NOTICE + banned(banned);
        } else if (event instanceof Event.Unbanned unbanned) {
            return NOTICE + "The ban on " + unbanned.target() + " is lifted";
        } else if (event instanceof Event.Bans bans) {
            return bans(bans);
        } else if (event instanceof Event.Muted muted) {
            String lasting = " by " + muted.by() + " " + lasting(muted.ts(), muted.until());
            return NOTICE + (muted.echo() ? "You were muted" + lasting + MUTED_ECHO : muted.name() + " was muted" + lasting);
        } else if (event instanceof Event.Unmuted unmuted) {
            if (unmuted.by() == null) {
                return NOTICE + (unmuted.echo() ? "You" : unmuted.name()) + " may speak again";
            }
            return NOTICE + (unmuted.echo() ? "You were" : unmuted.name() + " was") + " unmuted by " + unmuted.by();
        } else if (event instanceof Event.Topic topic) {
            return NOTICE + topic(topic);
        } else if (event instanceof Event.Replaced replaced) {
            return NOTICE + "You were replaced by a new login from " + replaced.address();
        }
        return null;
    }

    /** {@code  (spam)} after an operator's action; nothing for no reason. */
    private static String reason(String reason) {
        return reason == null || reason.isEmpty() ? "" : " (" + reason + ")";
    }

    /**
     * {@code for 2 h} from {@code ts} to {@code until}, {@code permanently} for no end. A text
     * line's ban or mute has no {@code ts}: its {@code until} is then the duration after the
     * epoch (see {@link #parse}).
     */
    private static String lasting(Instant ts, Instant until) {
        if (until == null) {
            return PERMANENTLY;
        }
        return Durations.describe(Duration.between(ts == null ? Instant.EPOCH : ts, until));
    }

    private static String banned(Event.Banned b) {
        String lasting = " " + lasting(b.ts(), b.until());
        if (b.echo()) {
            return "You are banned from this server by " + b.by() + lasting + reason(b.reason());
        }
        if (b.room() != null) {
            return b.target() + " left " + b.room() + ", banned by " + b.by() + lasting + reason(b.reason());
        }
        return b.target() + " is banned" + lasting + (b.closed() == 0 ? ""
                : " (" + count(b.closed()) + (b.closed() == 1 ? " connection" : " connections") + " closed)");
    }

    /** One line for the count (paged as {@code /who}), then one a ban; {@code No bans} for none. */
    private static String bans(Event.Bans answer) {
        if (answer.count() == 0 && answer.bans().isEmpty()) {
            return NOTICE + NO_BANS;
        }
        StringBuilder s = new StringBuilder(NOTICE).append(count(answer.count()))
                .append(answer.count() == 1 ? " ban:" : " bans:").append(page(answer.page(), answer.pages(), CommandSpec.BANS));
        for (Event.BanEntry ban : answer.bans()) {
            s.append("\r\n").append(NOTICE).append("  ").append(ban.target()).append(" by ").append(ban.by());
            if (ban.set() != null) {
                s.append(" on ").append(utc(ban.set()));
            }
            s.append(ban.until() == null ? ", until lifted" : ", until " + utc(ban.until())).append(reason(ban.reason()));
        }
        return s.toString();
    }

    /** {@code 2026-12-02 07:00 UTC}: a ban's dates are the same for everyone, whatever the server's zone. */
    private static String utc(Instant instant) {
        return UTC_MINUTE.format(instant);
    }

    private static String topic(Event.Topic t) {
        boolean none = t.text() == null || t.text().isEmpty();
        if (t.changed()) {
            return none ? t.by() + " cleared the topic of " + t.room()
                    : t.by() + " set the topic of " + t.room() + " to: " + t.text();
        }
        if (none) {
            return t.room() + " has no topic";
        }
        return "Topic of " + t.room() + ": " + t.text()
                + (t.by() == null || t.by().isEmpty() ? "" : " (set by " + t.by() + ")");
    }

    /** {@code 4,210}: counts are shown with thousands separators. */
    public static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** {@code HH:MM:SS} of {@code ts} in this codec's zone; the same string all through a second. */
    String time(Instant ts) {
        long second = ts.getEpochSecond();
        if (second != cachedSecond) {
            LocalTime t = LocalTime.ofInstant(Instant.ofEpochSecond(second), zone);
            cachedTime = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
            cachedSecond = second;
        }
        return cachedTime;
    }

    private static String summary(Event.Summary s) {
        StringBuilder out = new StringBuilder();
        if (s.joined() > 0) {
            out.append(count(s.joined())).append(" joined");
        }
        if (s.left() > 0) {
            out.append(out.isEmpty() ? "" : ", ").append(count(s.left())).append(" left");
        }
        if (s.renamed() > 0) {
            out.append(out.isEmpty() ? "" : ", ").append(count(s.renamed())).append(" renamed");
        }
        return out.append(" (").append(count(s.count())).append(" here)").toString();
    }

    /**
     * After a paged answer's list: {@code  (page 1 of 98, /who 2 for more)}, or
     * {@code  (page 98 of 98)} on the last page; nothing when everything fits on one. Page
     * numbers have no thousands separators: the command that asks for one takes plain digits.
     */
    private static String page(int page, int pages, CommandSpec command) {
        if (pages <= 1) {
            return "";
        }
        return " (page " + page + " of " + pages
                + (page < pages ? ", " + command.word() + " " + (page + 1) + " for more" : "") + ")";
    }

    private static String entered(Event.Entered e) {
        StringBuilder s = new StringBuilder("You are in ").append(e.room()).append(". ")
                .append(count(e.count())).append(" here: ").append(String.join(", ", e.names()));
        if (e.count() > e.names().size()) {
            s.append(" and ").append(count(e.count() - e.names().size())).append(" more (/who lists all)");
        }
        return s.toString();
    }

    private static String historyStart(Event.HistoryStart h) {
        if (h.since() < 0) {
            return h.count() == 0 ? null : NOTICE + "Last " + messages(h.count()) + " in " + h.room() + ":";
        }
        if (h.count() == 0 && h.missed() == 0) {
            return NOTICE + "No new messages in " + h.room();
        }
        if (h.count() == 0) { // nothing to replay, so no colon: a room that keeps no history
            return NOTICE + count(h.missed()) + " new " + (h.missed() == 1 ? "message" : "messages") + " in "
                    + h.room() + (h.missed() == 1 ? " is" : " are") + " no longer kept";
        }
        return NOTICE + count(h.count()) + " new " + (h.count() == 1 ? "message" : "messages") + " in " + h.room()
                + (h.missed() > 0 ? "; " + count(h.missed()) + (h.missed() == 1 ? " older one is" : " older ones are")
                        + " no longer kept" : "") + ":";
    }

    private static String messages(int n) {
        return count(n) + (n == 1 ? " message" : " messages");
    }

    private static String rooms(Event.Rooms answer) {
        List<Event.RoomCount> rooms = answer.rooms();
        StringBuilder s = new StringBuilder(count(answer.count())).append(answer.count() == 1 ? " room: " : " rooms: ");
        for (int i = 0; i < rooms.size(); i++) {
            Event.RoomCount room = rooms.get(i);
            s.append(i == 0 ? "" : ", ").append(room.name()).append(" (").append(count(room.count())).append(')');
        }
        return s.toString();
    }

    /** The commands in two columns: the longest usage and two spaces, so every description lines up. */
    private static String help(boolean operator) {
        List<CommandSpec> specs = CommandSpec.visible(operator);
        int width = specs.stream().mapToInt(spec -> spec.usage().length()).max().orElse(0) + 2;
        StringBuilder s = new StringBuilder(NOTICE).append(HELP_TITLE);
        for (CommandSpec spec : specs) {
            String usage = spec.usage();
            s.append("\r\n").append(NOTICE).append("  ").append(usage)
                    .append(" ".repeat(width - usage.length())).append(spec.description());
        }
        return s.append("\r\n").append(NOTICE).append(CommandSpec.MESSAGE_RULE).toString();
    }

    // ---------------------------------------------------------------- parsing

    private static final String NAME = "[A-Za-z0-9_-]{1," + Names.MAX_LENGTH + "}";
    /** A count as {@link #count} writes it; {@link #parseNotice} checks that it was written so. */
    private static final String COUNT = "(\\d{1,3}(?:,\\d{3})*)";
    private static final Pattern TIMED = Pattern.compile("\\[(\\d\\d):(\\d\\d):(\\d\\d)] (.*)", Pattern.DOTALL);
    private static final Pattern SAID = Pattern.compile("<(" + NAME + ")> (.*)", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("\\* (" + NAME + ") (.*)", Pattern.DOTALL);
    private static final Pattern PRIVATE_TO = Pattern.compile("-> \\*(" + NAME + ")\\* (.*)", Pattern.DOTALL);
    private static final Pattern PRIVATE_FROM = Pattern.compile("\\*(" + NAME + ")\\* (.*)", Pattern.DOTALL);
    private static final Pattern HELLO = Pattern.compile("Hello (" + NAME + ")! Type /help for commands\\.");
    private static final Pattern NOW_KNOWN_AS = Pattern.compile("You are now known as (" + NAME + ")");
    private static final Pattern ENTERED = Pattern.compile("You are in (" + NAME + ")\\. " + COUNT + " here: ((?:"
            + NAME + "(?:, " + NAME + ")*)?)(?: and " + COUNT + " more \\(/who lists all\\))?");
    /** What {@link #page} writes, with the page and the pages as groups; {@code %s} is the command. */
    private static final String PAGE = "(?: \\(page (\\d{1,10}) of (\\d{1,10})(?:, %s \\d{1,10} for more)?\\))?";
    private static final Pattern WHO = Pattern.compile(COUNT + " in (" + NAME + "): ((?:" + NAME + "(?:, " + NAME
            + ")*)?)" + PAGE.formatted(CommandSpec.WHO.word()));
    private static final Pattern JOINED = Pattern.compile("(" + NAME + ") joined (" + NAME + ")");
    private static final Pattern LEFT = Pattern.compile("(" + NAME + ") left (" + NAME + ") \\((.*)\\)", Pattern.DOTALL);
    private static final Pattern RENAMED = Pattern.compile("(" + NAME + ") is now known as (" + NAME + ")");
    private static final Pattern SUMMARY = Pattern.compile("(?:" + COUNT + " joined)?(?:, )?(?:" + COUNT
            + " left)?(?:, )?(?:" + COUNT + " renamed)? \\(" + COUNT + " here\\)");
    private static final Pattern LAST = Pattern.compile("Last " + COUNT + " messages? in (" + NAME + "):");
    private static final Pattern NEW = Pattern.compile(COUNT + " new messages? in (" + NAME + ")(?:; " + COUNT
            + " older (?:one is|ones are) no longer kept)?:");
    private static final Pattern NO_NEW = Pattern.compile("No new messages in (" + NAME + ")");
    private static final Pattern EARLIER = Pattern.compile(COUNT + " earlier messages? in (" + NAME + "):");
    private static final Pattern NO_EARLIER = Pattern.compile("No earlier messages in (" + NAME + ")");
    private static final Pattern NONE_KEPT = Pattern.compile(COUNT + " new messages? in (" + NAME + ") (?:is|are) no longer kept");
    private static final Pattern ROOMS = Pattern.compile(COUNT + " rooms?: (.*?)" + PAGE.formatted(CommandSpec.ROOMS.word()),
            Pattern.DOTALL);
    private static final Pattern ROOM_COUNT = Pattern.compile("(" + NAME + ") \\(" + COUNT + "\\)");
    private static final Pattern FORMAT = Pattern.compile("Format: (\\w+)");
    private static final Pattern WALL = Pattern.compile("\\[operator (" + NAME + ") to everyone] (.*)", Pattern.DOTALL);
    /** What {@link #reason} writes, as an optional group. */
    private static final String REASON = "(?: \\((.*)\\))?";
    /** What {@link #lasting} writes, as one group. */
    private static final String LASTING = "(" + PERMANENTLY + "|for \\d{1,7} (?:s|min|h|days))";
    private static final Pattern DURATION = Pattern.compile("for (\\d{1,7}) (s|min|h|days)");
    /** A ban's target: a name, an address block, or a name with the address banned with it. */
    private static final String TARGET = "([^\\s()]+(?: \\([^\\s()]+\\))?)";
    private static final Pattern PASSWORD_NEEDED = Pattern.compile("The name (" + NAME + ") is registered( and in use)?: "
            + "send /identify PASSWORD within (\\d{1,18}) s(?: to take it over)?, or choose another name");
    private static final Pattern IDENTIFIED = Pattern.compile("You are identified as (" + NAME + ")");
    private static final Pattern REGISTERED = Pattern.compile("The name (" + NAME + ") is (no longer registered|registered "
            + "to you: from now on it needs /identify PASSWORD)");
    private static final Pattern PASSWORD_CHANGED = Pattern.compile("The password of (" + NAME + ") is changed");
    private static final Pattern KICKED = Pattern.compile("(?:You were|(" + NAME + ") left (" + NAME + "),) kicked by ("
            + NAME + ")" + REASON, Pattern.DOTALL);
    private static final Pattern BANNED_ECHO = Pattern.compile("You are banned from this server by (" + NAME + ") "
            + LASTING + REASON, Pattern.DOTALL);
    private static final Pattern BANNED_ROOM = Pattern.compile(TARGET + " left (" + NAME + "), banned by (" + NAME + ") "
            + LASTING + REASON, Pattern.DOTALL);
    private static final Pattern BANNED_NOTE = Pattern.compile(TARGET + " is banned " + LASTING + "(?: \\(" + COUNT
            + " connections? closed\\))?");
    private static final Pattern UNBANNED = Pattern.compile("The ban on " + TARGET + " is lifted");
    private static final Pattern MUTED = Pattern.compile("(?:You were|(" + NAME + ") was) muted by (" + NAME + ") "
            + LASTING + "(" + MUTED_ECHO + ")?");
    private static final Pattern UNMUTED = Pattern.compile("(?:You were|(" + NAME + ") was) unmuted by (" + NAME + ")");
    private static final Pattern SPEAKS_AGAIN = Pattern.compile("(?:You|(" + NAME + ")) may speak again");
    private static final Pattern TOPIC = Pattern.compile("Topic of (" + NAME + "): (.*?)(?: \\(set by (" + NAME + ")\\))?",
            Pattern.DOTALL);
    private static final Pattern TOPIC_SET = Pattern.compile("(" + NAME + ") set the topic of (" + NAME + ") to: (.*)",
            Pattern.DOTALL);
    private static final Pattern TOPIC_CLEARED = Pattern.compile("(" + NAME + ") cleared the topic of (" + NAME + ")");
    private static final Pattern NO_TOPIC = Pattern.compile("(" + NAME + ") has no topic");
    private static final Pattern REPLACED = Pattern.compile("You were replaced by a new login from (\\S+)");

    /**
     * The event a text line (without its line end) stands for, with what the line shows. A
     * message, action, private message or {@code /wall} has no date, zone, id or room, only the
     * time of day: its {@code ts} is that time on 1970-01-01 UTC, so that a {@code TextCodec} for
     * {@link java.time.ZoneOffset#UTC} writes the line again as it came. Other events parsed
     * from text have no {@code ts}; a ban or mute shown {@code for 2 h} has its {@code until}
     * that long after the epoch.
     *
     * <p>Whatever the line, encoding the event (with a UTC codec) gives the line back: a notice
     * is only taken for a known event if that event's text is exactly the notice, so a
     * server's free text (the message of the day) that happens to look like one stays what it
     * says. A notice this version does not know is an {@link Event.Notice}; any other unknown
     * line an {@link Event.Other}. Never throws.
     */
    public static Event parse(String line) {
        if (line.startsWith(NOTICE)) {
            String text = line.substring(NOTICE.length());
            Event event = parseNotice(text);
            return event != null && line.equals(untimed(event)) ? event : new Event.Notice(null, text);
        }
        if (line.startsWith(ERROR)) {
            String text = line.substring(ERROR.length());
            Problem problem = Problem.ofText(text);
            return new Event.Error(null, problem == null ? "error" : problem.code(), text);
        }
        Matcher timed = TIMED.matcher(line);
        Instant ts = timed.matches() ? timeOfDay(timed.group(1), timed.group(2), timed.group(3)) : null;
        if (ts != null) {
            String rest = timed.group(4);
            Matcher m;
            if ((m = SAID.matcher(rest)).matches()) {
                return new Event.Said(ts, 0, null, m.group(1), m.group(2), false);
            }
            if ((m = ACTION.matcher(rest)).matches()) {
                return new Event.Action(ts, 0, null, m.group(1), m.group(2), false);
            }
            if ((m = PRIVATE_TO.matcher(rest)).matches()) {
                return new Event.Private(ts, null, m.group(1), m.group(2), true);
            }
            if ((m = PRIVATE_FROM.matcher(rest)).matches()) {
                return new Event.Private(ts, m.group(1), null, m.group(2), false);
            }
            if ((m = WALL.matcher(rest)).matches()) {
                return new Event.Wall(ts, m.group(1), m.group(2));
            }
        }
        return new Event.Other(null, null, line);
    }

    /** {@code HH:MM:SS} on 1970-01-01 UTC, or null if that is no time of day ({@code 24:00:00}). */
    private static Instant timeOfDay(String hours, String minutes, String seconds) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        int s = Integer.parseInt(seconds);
        return h < 24 && m < 60 && s < 60 ? Instant.ofEpochSecond(h * 3600L + m * 60L + s) : null;
    }

    /**
     * The event a notice's text looks like, or null. Loose on purpose (a count may be written
     * {@code 007}, "1 messages" may be said): the caller keeps it only if it encodes back to
     * the very same text. The patterns do not overlap, so the first match is the only candidate.
     */
    private static Event parseNotice(String text) {
        Matcher m;
        if (text.equals(WELCOME)) {
            return new Event.Welcome(null);
        } else if (text.equals(ASK_NAME)) {
            return new Event.AskName(null);
        } else if (text.equals(BYE)) {
            return new Event.Bye(null);
        } else if (text.equals(PONG)) {
            return new Event.Pong(null);
        } else if (text.equals(SHUTTING_DOWN)) {
            return new Event.ShuttingDown(null);
        } else if ((m = HELLO.matcher(text)).matches()) {
            return new Event.Hello(null, m.group(1));
        } else if ((m = NOW_KNOWN_AS.matcher(text)).matches()) {
            return new Event.Renamed(null, null, null, m.group(1), true);
        } else if ((m = ENTERED.matcher(text)).matches()) {
            return new Event.Entered(null, m.group(1), number(m.group(2)), names(m.group(3)));
        } else if ((m = WHO.matcher(text)).matches()) {
            List<String> names = names(m.group(3));
            int count = number(m.group(1));
            return miscounted(m.group(4), count, names.size()) ? null
                    : new Event.Who(null, m.group(2), count, names, pageNumber(m.group(4)), pageNumber(m.group(5)));
        } else if ((m = JOINED.matcher(text)).matches()) {
            return new Event.Joined(null, m.group(2), m.group(1));
        } else if ((m = LEFT.matcher(text)).matches()) {
            return new Event.Left(null, m.group(2), m.group(1), m.group(3));
        } else if ((m = RENAMED.matcher(text)).matches()) {
            return new Event.Renamed(null, null, m.group(1), m.group(2), false);
        } else if ((m = SUMMARY.matcher(text)).matches()) {
            return new Event.Summary(null, null, number(m.group(1)), number(m.group(2)), number(m.group(3)),
                    number(m.group(4)));
        } else if ((m = LAST.matcher(text)).matches()) {
            return new Event.HistoryStart(null, m.group(2), number(m.group(1)), -1, 0);
        } else if ((m = NEW.matcher(text)).matches()) {
            return new Event.HistoryStart(null, m.group(2), number(m.group(1)), 0, number(m.group(3)));
        } else if ((m = NO_NEW.matcher(text)).matches()) {
            return new Event.HistoryStart(null, m.group(1), 0, 0, 0);
        } else if ((m = NONE_KEPT.matcher(text)).matches()) {
            return new Event.HistoryStart(null, m.group(2), 0, 0, number(m.group(1)));
        } else if ((m = EARLIER.matcher(text)).matches()) {
            return new Event.HistoryPage(null, m.group(2), number(m.group(1)), 0, false);
        } else if ((m = NO_EARLIER.matcher(text)).matches()) {
            return new Event.HistoryPage(null, m.group(1), 0, 0, false);
        } else if ((m = ROOMS.matcher(text)).matches()) {
            List<Event.RoomCount> rooms = roomCounts(m.group(2));
            int count = number(m.group(1));
            return rooms == null || miscounted(m.group(3), count, rooms.size()) ? null
                    : new Event.Rooms(null, count, rooms, pageNumber(m.group(3)), pageNumber(m.group(4)));
        } else if ((m = FORMAT.matcher(text)).matches()) {
            Format format = Format.named(m.group(1));
            return format == null ? null : new Event.FormatSet(null, format);
        }
        return parseModeration(text);
    }

    /** The registered-name or operator notice {@code text} looks like, or null; as loose as {@link #parseNotice}. */
    private static Event parseModeration(String text) {
        Matcher m;
        if (text.equals(OPER_UP) || text.equals(OPER_DOWN)) {
            return new Event.Oper(null, null, text.equals(OPER_UP));
        } else if (text.equals(NO_BANS)) {
            return new Event.Bans(null, 0, List.of(), 1, 1);
        } else if ((m = PASSWORD_NEEDED.matcher(text)).matches()) {
            return new Event.PasswordNeeded(null, m.group(1), Long.parseLong(m.group(3)), m.group(2) != null);
        } else if ((m = IDENTIFIED.matcher(text)).matches()) {
            return new Event.Identified(null, m.group(1));
        } else if ((m = REGISTERED.matcher(text)).matches()) {
            return new Event.Registered(null, m.group(1), m.group(2).startsWith("no"));
        } else if ((m = PASSWORD_CHANGED.matcher(text)).matches()) {
            return new Event.PasswordChanged(null, m.group(1));
        } else if ((m = KICKED.matcher(text)).matches()) {
            return new Event.Kicked(null, m.group(2), m.group(1), m.group(3), orEmpty(m.group(4)), m.group(1) == null);
        } else if ((m = BANNED_ECHO.matcher(text)).matches()) {
            return new Event.Banned(null, null, null, m.group(1), until(m.group(2)), orEmpty(m.group(3)), 0, true);
        } else if ((m = BANNED_ROOM.matcher(text)).matches()) {
            return new Event.Banned(null, m.group(2), m.group(1), m.group(3), until(m.group(4)), orEmpty(m.group(5)), 0,
                    false);
        } else if ((m = BANNED_NOTE.matcher(text)).matches()) {
            return new Event.Banned(null, null, m.group(1), null, until(m.group(2)), "", number(m.group(3)), false);
        } else if ((m = UNBANNED.matcher(text)).matches()) {
            return new Event.Unbanned(null, m.group(1), null);
        } else if ((m = MUTED.matcher(text)).matches()) {
            return new Event.Muted(null, null, m.group(1), m.group(2), until(m.group(3)), m.group(4) != null);
        } else if ((m = UNMUTED.matcher(text)).matches()) {
            return new Event.Unmuted(null, null, m.group(1), m.group(2), m.group(1) == null);
        } else if ((m = SPEAKS_AGAIN.matcher(text)).matches()) {
            return new Event.Unmuted(null, null, m.group(1), null, m.group(1) == null);
        } else if ((m = TOPIC.matcher(text)).matches()) {
            return new Event.Topic(null, m.group(1), m.group(2), m.group(3), false);
        } else if ((m = TOPIC_SET.matcher(text)).matches()) {
            return new Event.Topic(null, m.group(2), m.group(3), m.group(1), true);
        } else if ((m = TOPIC_CLEARED.matcher(text)).matches()) {
            return new Event.Topic(null, m.group(2), "", m.group(1), true);
        } else if ((m = NO_TOPIC.matcher(text)).matches()) {
            return new Event.Topic(null, m.group(1), "", null, false);
        } else if ((m = REPLACED.matcher(text)).matches()) {
            return new Event.Replaced(null, m.group(1));
        }
        return null;
    }

    private static String orEmpty(String group) {
        return group == null ? "" : group;
    }

    /**
     * The end of a ban or mute a text line shows as {@code for 2 h}: that long after the epoch,
     * since the line has no {@code ts} (see {@link #lasting}); null for {@code permanently}.
     */
    private static Instant until(String lasting) {
        Matcher m = DURATION.matcher(lasting);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return Instant.EPOCH.plus(d);
    }

    private static List<Event.RoomCount> roomCounts(String list) {
        List<Event.RoomCount> rooms = new ArrayList<>();
        if (list.isEmpty()) {
            return rooms;
        }
        for (String entry : list.split(", ", -1)) {
            Matcher m = ROOM_COUNT.matcher(entry);
            if (!m.matches()) {
                return null;
            }
            rooms.add(new Event.RoomCount(m.group(1), number(m.group(2))));
        }
        return rooms;
    }

    /**
     * True if an answer without a page part ({@code page} null) counts other than it lists: on
     * one page the list is all there is, so "3 in lobby: alice" is no {@code /who} answer.
     */
    private static boolean miscounted(String page, int count, int listed) {
        return page == null && count != listed;
    }

    /** A page number as {@link #page} writes it; 1 for an answer on one page; -1 if too big for an int. */
    private static int pageNumber(String digits) {
        return digits == null ? 1 : number(digits);
    }

    private static List<String> names(String list) {
        return list.isEmpty() ? List.of() : List.of(list.split(", "));
    }

    /**
     * A count as the server writes it ({@code 4,210}); 0 for an absent group, -1 for one too big
     * for an int (no event shows -1, so the notice stays a notice).
     */
    private static int number(String digits) {
        if (digits == null) {
            return 0;
        }
        String plain = digits.replace(",", "");
        return plain.length() <= 10 && Long.parseLong(plain) <= Integer.MAX_VALUE ? Integer.parseInt(plain) : -1;
    }
}
