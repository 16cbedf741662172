package chatroom.client;

import java.util.Locale;

/**
 * What a typed line will be once the server reads it, by the server's own rules
 * (docs/PROTOCOL.md, "Talking" and "Commands"): the client needs to know which lines the
 * room will see as messages, to show them locally since the server does not echo them.
 * Pure: no state, no I/O.
 */
sealed interface Outgoing {

    /** Nothing to send: the server ignores blank lines. */
    record Blank() implements Outgoing {}

    /** A message: the room sees {@code <name> text}. */
    record Say(String text) implements Outgoing {}

    /** {@code /me ACTION}: the room sees {@code * name ACTION}. */
    record Me(String action) implements Outgoing {}

    /** {@code /quit [REASON]} or {@code /exit}: the server says bye and closes. */
    record Quit() implements Outgoing {}

    /** Any other command: only the server's answer is shown. */
    record Command() implements Outgoing {}

    static Outgoing of(String line) {
        String said = line.stripTrailing();
        if (said.isBlank()) {
            return new Blank();
        }
        // Leading spaces keep a message as typed, but do not stop a line from being a command.
        String text = said.stripLeading();
        if (!text.startsWith("/")) {
            return new Say(said);
        }
        if (text.startsWith("//")) {
            return new Say(text.substring(1));
        }
        int space = indexOfWhitespace(text);
        String command = (space < 0 ? text.substring(1) : text.substring(1, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1).strip();
        return switch (command) {
            case "me" -> args.isEmpty() ? new Command() : new Me(args);
            case "quit", "exit" -> new Quit();
            default -> new Command();
        };
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
