package chatroom.bench;

/**
 * What one simulated user of the chaos soak does: the users a public server gets, well-behaved
 * and hostile. Only the well-behaved ones ({@link #checked}) are held to the invariants: every
 * line a talker says reaches every checked member of its room in order with no gap, and none
 * of them is ever cut off. The others exist to make that hard.
 *
 * <p>{@code weight} is the share of users (out of 100) that get the kind; the canary pair is
 * added on top and never drawn.
 */
enum ChaosKind {
    TALKER(20, true, "t", "says a checked line every 0.5-1.5 s, reads everything"),
    READER(20, true, "r", "reads everything, says nothing"),
    HOPPER(8, false, "hop", "/join and /resume from room to room, sometimes says something"),
    RENAMER(5, false, "ren", "/nick every 1-4 s (over the name-change limit), sometimes says something"),
    ASKER(6, false, "ask", "/who, /rooms (page 1 and 2), /help, /msg, /me, about twice a second"),
    FLOODER(4, false, "fl", "writes lines (and some /who) as fast as the server takes them; reads"),
    STALLER(8, false, "st", "stops reading for 3-20 s, reads again for 3-10 s, ...; a 4 KiB receive buffer"),
    DEAF(3, false, "deaf", "never reads (4 KiB receive buffer); in room deaf posts 4,000-byte lines and /resume deaf 0"),
    VANISHER(3, false, "van", "after 1-8 s stops reading and writing for good, socket left open"),
    RESETTER(5, false, "rst", "after 1-8 s closes with a reset (SO_LINGER 0), comes back"),
    QUITTER(5, false, "q", "after 1-8 s /quit (sometimes with a forged log field) or a plain close, comes back"),
    HALF_CLOSER(4, false, "hc", "after 1-8 s shuts its output (half-close, maybe mid-line), reads to the end, comes back"),
    GARBAGE(4, false, "g", "random bytes: invalid UTF-8, NUL, escapes, bidi, telnet IAC, lone CR"),
    LONG_LINER(3, false, "ll", "over-long lines (4,097-16,000 bytes), a line of exactly the limit, 5,000 invalid bytes"),
    UNNAMED(2, false, "u", "connects and never gives a name (nothing, a command, half a name)"),
    CANARY(0, true, "canary", "the pair in its own room, a line every 100 ms between them: the latency probe");

    private final int weight;
    private final boolean checked;
    private final String tag;
    private final String description;

    ChaosKind(int weight, boolean checked, String tag, String description) {
        this.weight = weight;
        this.checked = checked;
        this.tag = tag;
        this.description = description;
    }

    /** Share of the drawn users, out of {@link #totalWeight()}. */
    int weight() {
        return weight;
    }

    /** Held to the invariants: its room's lines arrive in order and complete, and it is never cut off. */
    boolean checked() {
        return checked;
    }

    /** The start of its users' names: {@code t12}, {@code rst40g3}. */
    String tag() {
        return tag;
    }

    String description() {
        return description;
    }

    /** The kinds a user can be drawn as: every one but the canary. */
    static ChaosKind[] drawn() {
        return java.util.Arrays.stream(values()).filter(k -> k.weight > 0).toArray(ChaosKind[]::new);
    }

    static int totalWeight() {
        int total = 0;
        for (ChaosKind kind : values()) {
            total += kind.weight;
        }
        return total;
    }
}
