package chatroom.server.chat;

import java.time.Duration;
import java.util.List;

/**
 * The chat's knobs, apart from the transport's.
 *
 * @param historyLines messages a room remembers and replays to whoever joins it
 * @param announceLimit above this many members a room gets one join/leave/rename summary a
 *     second instead of a line per person
 * @param loginTimeout how long a connection may take to choose a name
 * @param motd lines shown before the name question (already free of control characters)
 * @param historyBytes the most message text (UTF-8 bytes) a room remembers, whatever
 *     {@code historyLines} allows: with {@code maxRooms} it bounds all history together
 * @param maxRooms rooms that may exist at once, the lobby included; making one more is refused
 * @param maxUnnamed connections that may wait for a name at once; one more closes the one that
 *     has waited longest
 */
public record ChatSettings(
        int historyLines,
        int announceLimit,
        Duration loginTimeout,
        List<String> motd,
        int historyBytes,
        int maxRooms,
        int maxUnnamed) {

    public static final String LOBBY = "lobby";

    /** 64 KiB: sixteen full 4 KiB lines, or the default 20 messages of up to 3 KiB each. */
    public static final int DEFAULT_HISTORY_BYTES = 64 * 1024;
    /**
     * With {@link #DEFAULT_HISTORY_BYTES}, at most 64 MiB of history in all; and a {@code /rooms}
     * of at most ten pages.
     */
    public static final int DEFAULT_MAX_ROOMS = 1_000;
    /** A tenth of the default 10,000 connections: real users name themselves in seconds. */
    public static final int DEFAULT_MAX_UNNAMED = 1_000;

    /** How often a big room hears who came, went and changed names. */
    static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(1);
    /** Name changes allowed at once; after these, one per {@link #NICK_INTERVAL}. */
    static final int NICK_BURST = 2;
    static final Duration NICK_INTERVAL = Duration.ofSeconds(10);

    public ChatSettings {
        if (historyLines < 0 || announceLimit < 0 || historyBytes < 0) {
            throw new IllegalArgumentException("history and announce limit must not be negative");
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("login timeout must be positive");
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("max rooms must be at least 1: the lobby always exists");
        }
        if (maxUnnamed < 1) {
            throw new IllegalArgumentException("max unnamed connections must be positive");
        }
        motd = List.copyOf(motd);
    }

    /** The default limits on history bytes, rooms and unnamed connections. */
    public ChatSettings(int historyLines, int announceLimit, Duration loginTimeout, List<String> motd) {
        this(historyLines, announceLimit, loginTimeout, motd, DEFAULT_HISTORY_BYTES, DEFAULT_MAX_ROOMS,
                DEFAULT_MAX_UNNAMED);
    }

    public ChatSettings withLimits(int historyBytes, int maxRooms, int maxUnnamed) {
        return new ChatSettings(historyLines, announceLimit, loginTimeout, motd, historyBytes, maxRooms, maxUnnamed);
    }
}
