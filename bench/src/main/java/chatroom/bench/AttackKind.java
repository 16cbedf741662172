package chatroom.bench;

import chatroom.protocol.CommandSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The heavy attacks of the hostile review (issue 12), one per finding, each as what its attackers
 * do: which room each goes to, whether it reads, and the lines it sends at each of its turns.
 * {@link AttackCrowd} carries them out.
 *
 * <p>Attackers {@code 0 .. readers(n) - 1} read what the server sends them and drop it; the rest
 * never read once they are in their room (with a small receive buffer, so the server's own
 * queue for them fills). Each attacker's first turn comes {@link #firstTurnNanos} after the
 * attack starts (every attacker is in), the next ones {@link #periodNanos} apart; a turn that
 * falls due while the last one's lines are still being written waits for them, and any more
 * that fall due meanwhile are skipped. Lines are sent without their LF and never longer than
 * the server's default line limit.
 */
enum AttackKind {

    /**
     * 1a. Twenty seeders fill two rooms' histories with 20 lines of 4,000 bytes; then everyone
     * else, never reading, goes back and forth between the rooms, each entry replaying the
     * history, as often as keeps its queue just under the cap.
     */
    STALLED_READERS("stalled-readers", "1a", 10_000,
            "connections that never read, each re-joining two rooms whose history is 20 lines of 4,000 bytes "
                    + "until just under the 1 MiB output cap") {
        @Override
        int readers(int n) {
            return SEEDERS;
        }

        @Override
        String room(int i, int n) {
            return i < SEEDERS ? HISTORY_ROOMS[i % 2] : HISTORY_ROOMS[0];
        }

        @Override
        long firstTurnNanos(int i, int n) {
            return i < SEEDERS ? 0 : SEEDING_NANOS;
        }

        @Override
        long periodNanos(int i, int n) {
            return NEVER;
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return round > 0 ? NOTHING : i < SEEDERS ? SEED_LINES : REJOINS;
        }
    },

    /**
     * 1b. One connection never reads and gets a short private message for every 64 KiB of
     * other output the server encodes: everyone else sends itself a 4,000-byte private
     * message every second (which the server encodes twice, delivery and echo) and reads it
     * back, and every eighth of those turns also pings the victim. On loopback the kernel takes
     * a megabyte or more of the victim's pings before the server has to keep any (the send
     * buffer grows to the 64 KiB segments), so the pinning starts about half a minute in.
     */
    PINNED_CHUNK("pinned-chunk", "1b", 10_000,
            "one connection that never reads, sent a short private message per 64 KiB of others' output "
                    + "(4,000-byte private messages every second from everyone else)") {
        @Override
        int readers(int n) {
            return n - 1;
        }

        @Override
        String room(int i, int n) {
            return i < n - 1 ? "fill" : "pinned";
        }

        @Override
        long firstTurnNanos(int i, int n) {
            return i < n - 1 ? spread(i, n - 1, FILL_PERIOD_NANOS) : NEVER;
        }

        @Override
        long periodNanos(int i, int n) {
            return FILL_PERIOD_NANOS;
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            // Made at every turn: ten thousand 4 KB arrays a second are young garbage, cheaper
            // than keeping ten thousand of them for good.
            byte[] fill = Ascii.bytes(ChaosLines.msg(attackerName(i), FILL_TEXT));
            return (round + i) % FILLS_PER_CHUNK != 0 ? new byte[][] {fill}
                    : new byte[][] {fill, Ascii.bytes(ChaosLines.msg(attackerName(n - 1), "."))};
        }
    },

    /** 1c. One in a hundred talks, a one-character line every 100 ms, to a room of members that never read. */
    DEAF_ROOM("deaf-room", "1c", 10_000,
            "one member in a hundred sending a one-character line every 100 ms (the default flood rate) into a "
                    + "room whose other members never read") {
        @Override
        int readers(int n) {
            return Math.max(1, n / 100);
        }

        @Override
        String room(int i, int n) {
            return "deaf";
        }

        @Override
        long firstTurnNanos(int i, int n) {
            return i < readers(n) ? spread(i, readers(n), TALK_PERIOD_NANOS) : NEVER;
        }

        @Override
        long periodNanos(int i, int n) {
            return TALK_PERIOD_NANOS;
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return ONE_CHARACTER;
        }
    },

    /** 1d. Every member of one room, never reading, asks /who twenty times at once, every 10 s. */
    WHO_STORM("who-storm", "1d", 9_800,
            "every member of one room, never reading, sending 20 /who at once (a full flood-control burst) every 10 s") {
        @Override
        String room(int i, int n) {
            return "who";
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return WHO_VOLLEY;
        }
    },

    /** 5. Every member of one room, never reading, sends 20 lines of 4 KiB at once, every 10 s. */
    BURST("burst", "5", 9_800,
            "every member of one room, never reading, sending 20 lines of 4 KiB at once (a full flood-control "
                    + "burst) every 10 s") {
        @Override
        String room(int i, int n) {
            return "burst";
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return BURST_VOLLEY;
        }
    },

    /**
     * Issue 8. A thousand connections to the TLS port at once: every one a full handshake (the
     * server's share of the public-key work is a few milliseconds each), then a login, then
     * they sit in a room and read. The canary on the plain port measures what the storm does to
     * everyone else's latency.
     */
    TLS_HANDSHAKES("tls-handshakes", "8", 1_000,
            "connections that all open a TLS handshake at once (--tls-port), then log in and sit in a room, reading") {
        @Override
        int readers(int n) {
            return n;
        }

        @Override
        String room(int i, int n) {
            return "tls";
        }

        @Override
        long firstTurnNanos(int i, int n) {
            return NEVER;
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return NOTHING;
        }

        @Override
        boolean overTls() {
            return true;
        }
    },

    /**
     * Issue 13. Fifty users each send one {@code /oper} with a wrong password at once, every 10
     * s, each for an account of its own (so the per-name limit does not stop them): every one
     * costs a 600,000-iteration hash. The hashes run on the server's hash threads and come back
     * through the loop's queue; the canary shows whether the loop waits for them.
     */
    PASSWORD_STORM("password-storm", "13", 50,
            "users who each send one /oper with a wrong password, all at once, every 10 s (a 600,000-iteration "
                    + "hash each; the server needs --allow-plaintext-passwords and no per-address password limit)") {
        @Override
        int readers(int n) {
            return n;
        }

        @Override
        String room(int i, int n) {
            return "passwords";
        }

        @Override
        byte[][] turn(int i, int n, int round) {
            return new byte[][] {Ascii.bytes("/oper " + attackerName(i) + " wrong-password-" + round)};
        }
    };

    /** A turn's lines when there is nothing to say. */
    static final byte[][] NOTHING = new byte[0][];
    static final long NEVER = Long.MAX_VALUE;
    /** The server's default --max-line-bytes: the longest line it takes. */
    static final int MAX_LINE_BYTES = ChaosLines.MAX_LINE_BYTES;
    /**
     * The server's default --soft-output-bytes: what may wait for one client for good (over it
     * for 10 s, or over the 8 MiB hard cap at once, it is cut off).
     */
    static final int OUTPUT_CAP_BYTES = 2 * 1024 * 1024;
    /** The server's default flood control: a burst of 20 lines, then 10 a second. */
    static final int FLOOD_BURST = 20;

    private static final int SEEDERS = 20;
    private static final String[] HISTORY_ROOMS = {"h1", "h2"};
    /** The history's lines: the server's default history is 20 messages (and 64 KiB since the fixes). */
    private static final int HISTORY_LINES = 20;
    private static final String HISTORY_TEXT = "h".repeat(4000);
    /**
     * Each seeder says two of the history's lines: within the flood burst even where a 4,000-byte
     * line costs a token per 512 bytes (eight), so the histories are full at once.
     */
    private static final byte[][] SEED_LINES = {Ascii.bytes(HISTORY_TEXT), Ascii.bytes(HISTORY_TEXT)};
    /** Time for the seeders' lines to reach the histories before anyone replays them. */
    private static final long SEEDING_NANOS = TimeUnit.SECONDS.toNanos(3);
    /**
     * What an entry costs the one who enters, at most: the history's lines with their time
     * stamp and name, and the notices around them ("You are in", twenty names, "Last 20
     * messages").
     */
    static final int REPLAY_BYTES = HISTORY_LINES * (HISTORY_TEXT.length() + 40) + 1000;
    /**
     * Entries that keep a queue just under the cap: the cap less 32 KiB for the notices of a
     * minute in a big room (its summaries), in whole replays.
     */
    static final int REJOIN_COUNT = (OUTPUT_CAP_BYTES - 32 * 1024) / REPLAY_BYTES;
    /** Back and forth, starting from the room everyone entered first. */
    private static final byte[][] REJOINS = rejoins();

    private static final String FILL_TEXT = "f".repeat(4000);
    private static final long FILL_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The server's encoding chunk (64 KiB) holds this many fills, each encoded twice (delivery and echo). */
    static final int FILLS_PER_CHUNK = 64 * 1024 / (2 * (FILL_TEXT.length() + 30));

    private static final long TALK_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final byte[][] ONE_CHARACTER = {Ascii.bytes("x")};

    private static final long VOLLEY_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Before the first volley: every flood allowance, spent on the login, has filled up again. */
    private static final long FULL_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final byte[][] WHO_VOLLEY = volley(Ascii.bytes(ChaosLines.who(1)));
    private static final byte[][] BURST_VOLLEY = volley(Ascii.bytes("b".repeat(MAX_LINE_BYTES)));

    private final String label;
    private final String finding;
    private final int defaultClients;
    private final String description;

    AttackKind(String label, String finding, int defaultClients, String description) {
        this.label = label;
        this.finding = finding;
        this.defaultClients = defaultClients;
        this.description = description;
    }

    /** The {@code --kind} name: {@code stalled-readers}. */
    String label() {
        return label;
    }

    /** The finding of the review it repeats: {@code 1a}. */
    String finding() {
        return finding;
    }

    /** Its connections at full scale: the finding's. */
    int defaultClients() {
        return defaultClients;
    }

    String description() {
        return description;
    }

    /** Of {@code n} attackers, how many (the first ones) read; the rest never read once in. */
    int readers(int n) {
        return 0;
    }

    /** Whether the attackers come in by the TLS port ({@code --tls-port}, {@code --tls-ca}). */
    boolean overTls() {
        return false;
    }

    /** The room attacker {@code i} of {@code n} goes to when it logs in. */
    abstract String room(int i, int n);

    /** When attacker {@code i} first acts, after the start of the attack; {@link #NEVER} for never. */
    long firstTurnNanos(int i, int n) {
        return FULL_ALLOWANCE_NANOS;
    }

    /** Between its turns; {@link #NEVER} when it acts once. */
    long periodNanos(int i, int n) {
        return VOLLEY_PERIOD_NANOS;
    }

    /** What attacker {@code i} of {@code n} sends at its turn {@code round} (0 first): whole lines, no LF. */
    abstract byte[][] turn(int i, int n, int round);

    /** Room for the longest line and its LF, twice: the most an attacker queues on its side. */
    static int outboxBytes() {
        return 2 * (MAX_LINE_BYTES + 1);
    }

    /** Attacker {@code i}'s name: {@code a00001} for the first. */
    static String attackerName(int i) {
        return String.format(Locale.ROOT, "a%05d", i + 1);
    }

    /** The kind called {@code label}, or null. */
    static AttackKind named(String label) {
        for (AttackKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        return null;
    }

    /** Every kind's label, for help and errors. */
    static String labels() {
        return String.join(", ", Arrays.stream(values()).map(AttackKind::label).toList());
    }

    /** Attacker {@code i} of {@code n}'s offset in a period, so that their turns are spread evenly over it. */
    private static long spread(int i, int n, long periodNanos) {
        return n <= 0 ? 0 : periodNanos * i / n;
    }

    private static byte[][] volley(byte[] line) {
        byte[][] lines = new byte[FLOOD_BURST][];
        Arrays.fill(lines, line);
        return lines;
    }

    private static byte[][] rejoins() {
        byte[][] lines = new byte[REJOIN_COUNT][];
        for (int k = 0; k < lines.length; k++) {
            lines[k] = Ascii.bytes(ChaosLines.join(HISTORY_ROOMS[(k + 1) % 2]));
        }
        return lines;
    }
}
