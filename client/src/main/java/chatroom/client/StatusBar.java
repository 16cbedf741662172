package chatroom.client;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The prompt and the status line for a {@link ClientState}. The prompt alone says who and
 * where ({@code alice@lobby> }) and whether the client is offline, so terminals without a
 * status line (dumb ones) still show the essentials; the status line adds the server and
 * the head count. Pure.
 */
final class StatusBar {

    private static final String SEPARATOR = " | ";

    private StatusBar() {}

    static String prompt(ClientState state) {
        String where = state.name() != null && state.room() != null ? state.name() + "@" + state.room() : "";
        return switch (state.phase()) {
            case CHATTING -> where + "> ";
            case LOGGING_IN -> "> ";
            case OFFLINE -> "(offline) " + where + "> ";
        };
    }

    static AttributedString line(ClientState state, boolean colour) {
        StringBuilder s = new StringBuilder(" chatroom").append(SEPARATOR);
        switch (state.phase()) {
            case LOGGING_IN -> s.append("connected to ").append(state.server()).append(SEPARATOR)
                    .append("choosing a name");
            case CHATTING -> s.append("connected to ").append(state.server()).append(SEPARATOR)
                    .append(state.name()).append(" in ").append(state.room()).append(", ")
                    .append(state.here()).append(" here");
            case OFFLINE -> {
                s.append("offline, reconnecting to ").append(state.server());
                if (state.name() != null) {
                    s.append(SEPARATOR).append(state.name()).append(state.room() == null ? "" : " in " + state.room());
                }
            }
        }
        if (state.waiting() > 0) {
            s.append(SEPARATOR).append(state.waiting()).append(state.waiting() == 1 ? " line" : " lines")
                    .append(" waiting to be sent");
        }
        return new AttributedString(s, colour ? AttributedStyle.INVERSE : AttributedStyle.DEFAULT);
    }
}
