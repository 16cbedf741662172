package chatroom.server.chat;

import java.time.Duration;
import java.util.List;

/**
 * The chat's knobs, apart from the transport's.
 *
 * @param historyLines messages a room remembers and replays to whoever joins it
 * @param announceLimit above this many members a room gets one join/leave summary a second
 *     instead of a line per person
 * @param loginTimeout how long a connection may take to choose a name
 * @param motd lines shown before the name question (already free of control characters)
 */
public record ChatSettings(int historyLines, int announceLimit, Duration loginTimeout, List<String> motd) {

    public static final String LOBBY = "lobby";

    /** How often a big room hears who came and went. */
    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(1);

    public ChatSettings {
        if (historyLines < 0 || announceLimit < 0) {
            throw new IllegalArgumentException("history and announce limit must not be negative");
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("login timeout must be positive");
        }
        motd = List.copyOf(motd);
    }
}
