package chatroom.client;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notices ({@code *** } lines) the client acts on: who it is, where it is, who else is
 * there. Every other notice is only shown. The texts are those of docs/PROTOCOL.md; they
 * are matched whole and names must follow the server's rules, so a message quoting a
 * notice can never be taken for one (user text never starts a line with {@code ***}
 * anyway). Pure: no state, no I/O.
 */
sealed interface ServerNotice {

    /** {@code What is your name? (...)} */
    record AskName() implements ServerNotice {}

    /** {@code Hello alice! Type /help for commands.}: the name was accepted. */
    record Hello(String name) implements ServerNotice {}

    /** {@code You are now known as NEW}: this user's {@code /nick} worked. */
    record NowKnownAs(String name) implements ServerNotice {}

    /** {@code You are in lobby. 3 here: a, b, c}, with only the first 20 names in a big room. */
    record EnteredRoom(String room, int here, List<String> names) implements ServerNotice {}

    /** {@code 3 in lobby: a, b, c}: the answer to {@code /who}, every member. */
    record Members(String room, List<String> names) implements ServerNotice {}

    record Joined(String name, String room) implements ServerNotice {}

    record Left(String name, String room, String reason) implements ServerNotice {}

    record Renamed(String from, String to) implements ServerNotice {}

    /** {@code 37 joined, 5 left (4,210 here)}: a big room's summary, with no names. */
    record Counted(int here) implements ServerNotice {}

    /** {@code Bye!}: the answer to {@code /quit}; the server closes next. */
    record Bye() implements ServerNotice {}

    String NAME = ServerLine.NAME;
    String COUNT = "([\\d,]+)";

    Pattern ASK_NAME = Pattern.compile("What is your name\\?.*");
    Pattern HELLO = Pattern.compile("Hello (" + NAME + ")! Type /help for commands\\.");
    Pattern NOW_KNOWN_AS = Pattern.compile("You are now known as (" + NAME + ")");
    Pattern ENTERED = Pattern.compile("You are in (" + NAME + ")\\. " + COUNT + " here: (.*?)"
            + "(?: and [\\d,]+ more \\(/who lists all\\))?");
    Pattern MEMBERS = Pattern.compile(COUNT + " in (" + NAME + "): (.*)");
    Pattern JOINED = Pattern.compile("(" + NAME + ") joined (" + NAME + ")");
    Pattern LEFT = Pattern.compile("(" + NAME + ") left (" + NAME + ") \\((.*)\\)");
    Pattern RENAMED = Pattern.compile("(" + NAME + ") is now known as (" + NAME + ")");
    Pattern COUNTED = Pattern.compile("(?:[\\d,]+ joined|[\\d,]+ left|[\\d,]+ joined, [\\d,]+ left) \\(" + COUNT
            + " here\\)");
    Pattern NAME_LIST = Pattern.compile(NAME + "(?:, " + NAME + ")*");

    /** What the notice text (after {@code *** }) tells, if it is one the client acts on. */
    static Optional<ServerNotice> parse(String text) {
        Matcher m;
        if (ASK_NAME.matcher(text).matches()) {
            return Optional.of(new AskName());
        }
        if (text.equals("Bye!")) {
            return Optional.of(new Bye());
        }
        if ((m = HELLO.matcher(text)).matches()) {
            return Optional.of(new Hello(m.group(1)));
        }
        if ((m = NOW_KNOWN_AS.matcher(text)).matches()) {
            return Optional.of(new NowKnownAs(m.group(1)));
        }
        if ((m = ENTERED.matcher(text)).matches() && NAME_LIST.matcher(m.group(3)).matches()) {
            return Optional.of(new EnteredRoom(m.group(1), count(m.group(2)), names(m.group(3))));
        }
        if ((m = MEMBERS.matcher(text)).matches() && NAME_LIST.matcher(m.group(3)).matches()) {
            return Optional.of(new Members(m.group(2), names(m.group(3))));
        }
        if ((m = JOINED.matcher(text)).matches()) {
            return Optional.of(new Joined(m.group(1), m.group(2)));
        }
        if ((m = LEFT.matcher(text)).matches()) {
            return Optional.of(new Left(m.group(1), m.group(2), m.group(3)));
        }
        if ((m = RENAMED.matcher(text)).matches()) {
            return Optional.of(new Renamed(m.group(1), m.group(2)));
        }
        if ((m = COUNTED.matcher(text)).matches()) {
            return Optional.of(new Counted(count(m.group(1))));
        }
        return Optional.empty();
    }

    private static List<String> names(String list) {
        return List.of(list.split(", "));
    }

    /** The server writes counts with thousands separators: {@code 4,210}. */
    private static int count(String digits) {
        return Integer.parseInt(digits.replace(",", ""));
    }
}
