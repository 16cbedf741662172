package chatroom.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line from the server, classified by its first characters as docs/PROTOCOL.md lays
 * them out: {@code [HH:MM:SS] } something a user said, {@code *** } a notice, {@code !!! } an
 * error. Anything else (a server newer than this client, say) is {@link Other} and is shown
 * as it came. Pure: no state, no I/O.
 */
sealed interface ServerLine {

    /** The characters a user or room name may have (the server's rule: 1-24 of them). */
    String NAME = "[A-Za-z0-9_-]{1,24}";

    /** {@code [12:34:56] <alice> hello} */
    record Said(String time, String from, String text) implements ServerLine {}

    /** {@code [12:34:56] * alice waves} */
    record Action(String time, String from, String text) implements ServerLine {}

    /** {@code [12:34:56] *alice* psst}: a private message to this user. */
    record PrivateFrom(String time, String from, String text) implements ServerLine {}

    /** {@code [12:34:56] -> *bob* psst}: the server confirming this user's private message. */
    record PrivateTo(String time, String to, String text) implements ServerLine {}

    /** {@code *** bob joined lobby}, holding the text after the marker. */
    record Notice(String text) implements ServerLine {}

    /** {@code !!! No one called carol is online}, holding the text after the marker. */
    record Error(String text) implements ServerLine {}

    record Other(String text) implements ServerLine {}

    String NOTICE_MARK = "*** ";
    String ERROR_MARK = "!!! ";

    Pattern TIMED = Pattern.compile("\\[(\\d\\d:\\d\\d:\\d\\d)] (.*)", Pattern.DOTALL);
    Pattern SAID = Pattern.compile("<(" + NAME + ")> (.*)", Pattern.DOTALL);
    Pattern ACTION = Pattern.compile("\\* (" + NAME + ") (.*)", Pattern.DOTALL);
    Pattern PRIVATE_TO = Pattern.compile("-> \\*(" + NAME + ")\\* (.*)", Pattern.DOTALL);
    Pattern PRIVATE_FROM = Pattern.compile("\\*(" + NAME + ")\\* (.*)", Pattern.DOTALL);

    static ServerLine parse(String line) {
        if (line.startsWith(NOTICE_MARK)) {
            return new Notice(line.substring(NOTICE_MARK.length()));
        }
        if (line.startsWith(ERROR_MARK)) {
            return new Error(line.substring(ERROR_MARK.length()));
        }
        Matcher timed = TIMED.matcher(line);
        if (!timed.matches()) {
            return new Other(line);
        }
        String time = timed.group(1);
        String rest = timed.group(2);
        Matcher m;
        if ((m = SAID.matcher(rest)).matches()) {
            return new Said(time, m.group(1), m.group(2));
        }
        if ((m = ACTION.matcher(rest)).matches()) {
            return new Action(time, m.group(1), m.group(2));
        }
        if ((m = PRIVATE_TO.matcher(rest)).matches()) {
            return new PrivateTo(time, m.group(1), m.group(2));
        }
        if ((m = PRIVATE_FROM.matcher(rest)).matches()) {
            return new PrivateFrom(time, m.group(1), m.group(2));
        }
        return new Other(line);
    }
}
