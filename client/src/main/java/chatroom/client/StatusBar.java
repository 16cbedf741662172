package chatroom.client;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The prompt and the status line for a {@link ClientState}. The prompt alone says who and
 * where ({@code alice@lobby> }), whether the client is offline and when the next line is a
 * name, so terminals without a status line (dumb ones) still show the essentials; the status
 * line adds the head count, what is waiting and the server. Pure.
 *
 * <p>The status line's parts come most useful first (who and where, then what needs the
 * user's eye, then the server), and a window too narrow for all of them loses whole parts
 * from the end, so the room and head count are the last to go. With colour it is drawn in
 * reverse video; without, a leading {@code --} marks it, so it never reads as a chat line.
 */
final class StatusBar {

    private static final String SEPARATOR = " | ";
    static final String PLAIN_MARK = "-- ";

    private StatusBar() {}

    static String prompt(ClientState state) {
        String where = state.name() == null ? "" : state.room() == null ? state.name() : state.name() + "@" + state.room();
        return switch (state.phase()) {
            case CHATTING, LOGGING_IN -> where + "> ";
            case NAMING -> "name> ";
            case PASSWORD -> passwordPrompt(state.passwordFor());
            case OFFLINE -> "(offline) " + where + "> ";
        };
    }

    /** What the masked line for a registered name's password is asked with. */
    static String passwordPrompt(String name) {
        return "Password for " + name + " (Enter to choose another name): ";
    }

    /** The line, at most {@code width} columns wide (a status line wider than the window wraps and breaks the screen). */
    static AttributedString line(ClientState state, boolean colour, int width) {
        List<String> parts = parts(state);
        StringBuilder s = new StringBuilder(colour ? " " : PLAIN_MARK).append(parts.get(0));
        for (String part : parts.subList(1, parts.size())) {
            if (s.length() + SEPARATOR.length() + part.length() > width) {
                break;
            }
            s.append(SEPARATOR).append(part);
        }
        if (s.length() > width) {
            s.setLength(Math.max(0, width - 1));
            s.append('…');
        }
        return new AttributedString(s, colour ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT);
    }

    private static List<String> parts(ClientState state) {
        List<String> parts = new ArrayList<>();
        String who = state.name() == null ? null
                : state.room() == null ? state.name() : state.name() + " in " + state.room();
        switch (state.phase()) {
            case CHATTING -> parts.add(state.room() == null ? who : who + ", " + state.here() + " here");
            case LOGGING_IN -> parts.add(who == null ? "logging in" : "logging in as " + who);
            case NAMING -> parts.add("type your name");
            case PASSWORD -> parts.add("type the password of " + state.passwordFor());
            case OFFLINE -> {
                parts.add("offline, reconnecting");
                if (who != null) {
                    parts.add(who);
                }
            }
        }
        if (state.mentions() > 0) {
            parts.add(state.mentions() + (state.mentions() == 1 ? " mention" : " mentions"));
        }
        if (state.queued() > 0) {
            parts.add(state.queued() + " to send");
        }
        parts.add(state.server());
        parts.add("chatroom");
        return parts;
    }
}
