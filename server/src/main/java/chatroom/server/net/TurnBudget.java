package chatroom.server.net;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How much work one turn of the loop may do before it flushes, runs its timers and selects
 * again, and how that work is shared between the connections that want it.
 *
 * <p>Work is counted in units: one per line read and one per 256 bytes read, and per delivery
 * (one event queued for one connection) one plus one for every 256 bytes, because writing a
 * long line out costs more than queuing a short one. Without a bound a turn has none: when the loop falls behind,
 * every client's flood bucket is full again and ten thousand clients each spend a whole burst
 * in one turn, which held the loop for 14.6 s. With it, what is not acted on stays in the
 * kernel (nothing is read) or, for a connection that stopped mid-read, is kept and resumed
 * next turn, in order.
 *
 * <p>Sharing is deficit round robin. Each turn a connection wants to read, it earns a share:
 * the turn's units divided by the connections that wanted to read last turn, at most a
 * sixteenth of a turn ({@link #perConnection()}), which is also the most it can save up. Each
 * line it reads costs what it caused: the line and every delivery of it. A line into a room
 * of ten thousand costs ten thousand units, so its sender then sits out turns until its
 * shares have paid for it, while a line to one other person is read at once. Without the
 * shares, who was read in a busy turn depended on the order the selector reported keys in,
 * and a canary in a small room waited nine seconds behind a thousand flooders of a big one.
 *
 * <p>Input gets as much of the loop as output does. The time a turn spends writing out
 * ({@link #wrote}) does not count against its time for input, and the next turn may act on
 * input for as long as this one wrote, with its units in proportion ({@link #stretch()}), up
 * to {@value #MAX_STRETCH} turns' worth. When every line goes to ten thousand members, a flush
 * takes 100 ms and a line's ten thousand deliveries to cold connections 5 ms: a turn held to
 * 10 ms read two lines, 20 a second, however many the senders had sent, and the room fell
 * further behind each second (issue 15's workload 7). Stretched, each reader's write carries
 * more lines for about the same cost.
 *
 * <p>What a stretch may add is bounded in bytes, not only in time: once the lines a turn has
 * read for rooms of more than {@value #CHEAP_AUDIENCE} add up to {@value #STRETCH_BYTES} bytes
 * ({@link #lineRead}), the turn is held to its own budget again. A write's cost is mostly
 * fixed up to a few kilobytes; past that, every line read makes the next flush longer, and a
 * stretch matched to that flush read more lines still. Without the bound, one address at the
 * default limits sending 500-byte lines into a lobby of 5,000 grew turns to seconds, and a
 * pair in a room of their own, read once a turn, waited up to 1.8 s at p99 where 0.1 s had
 * been usual. With it, a flush is at most what the turn's own budget queues plus
 * {@value #STRETCH_BYTES} bytes a reader, and the stretch that follows cannot grow on itself.
 */
final class TurnBudget {

    /**
     * About 10 to 20 ms of work at the 50 to 100 ns a short delivery costs here: far above
     * what the benchmarks' busiest turns need (a window of 32 lines to 100 members is 3,200),
     * far below a stall anyone notices.
     */
    static final long DEFAULT = 200_000;
    /**
     * The most time a turn spends acting on input, whatever the units say. Units price lines
     * and deliveries, but not everything a line can cost (a page of {@code /who} is built from
     * a hundred names, a delivery to a connection no other line reaches is a system call of
     * its own): under ten thousand {@code /who} at once, turns of 200,000 units took 0.3 to
     * 0.7 s, and a canary pair, read every turn, waited two of them.
     */
    static final long DEFAULT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * A line to a room of at most this many is cheap: once a turn's budget is spent, a
     * connection may still act on one such line a turn, so small rooms are not held up
     * behind big ones. Bounded: one line a turn for each such connection, usually 65 units at
     * most; a command from a small room can cost more (a history replay on /join, a page of
     * /rooms), which the shares then make its sender pay for in later turns.
     */
    static final int CHEAP_AUDIENCE = 64;
    /**
     * A TLS handshake's work, in the same units (about 50 to 100 ns of loop time each): what a
     * connection mid-handshake pays from its share, so a crowd of handshakes is spread over
     * turns like a crowd of flooders instead of making one long turn. A delegated task is where
     * the public-key work is (an ECDHE key share and an ECDSA signature for the server's first
     * flight; 2 to 6 ms of loop per handshake was measured, with one or two tasks each): 25,000
     * units, two turn shares, so a connection sits out a turn or two after one and a turn runs
     * at most eight. A wrap or unwrap step is symmetric crypto over one record: 64 units, as
     * much as reading 16 KiB.
     */
    static final long HANDSHAKE_TASK = 25_000;
    static final long HANDSHAKE_STEP = 64;
    /**
     * Unwrapping one TLS record after the handshake, on top of the bytes it brings: a record has
     * a fixed price whatever it holds (1.4 to 3 µs measured for a record of one byte), so a
     * client sending a byte a record made one read of 64 KiB decrypt 65,536 records (84 to
     * 195 ms) for 256 units.
     */
    static final long TLS_RECORD = 32;
    /**
     * A TLS record that brings no plaintext after the handshake: a KeyUpdate (new keys derived,
     * and a KeyUpdate of the server's wrapped when asked for one: 28 to 130 µs measured each),
     * an alert, an empty record. A client needs one in a blue moon; 2,000 of them in a row
     * (86 KB, made in advance) held one read for 0.3 to 1.5 s at no cost at all.
     */
    static final long TLS_BARE_RECORD = 1_000;
    /**
     * Accepting a connection: the system calls, the admission checks, the transport (for TLS a
     * new {@code SSLEngine}), the connection, the greeting and its log line: 2,000 units, about
     * what 100 to 200 µs of loop is worth. Uncharged, a storm of a thousand TLS connects spent
     * 30 ms of a 45 ms turn outside the connections' handlers while the handshakes kept to their
     * 10 ms, and a canary in another room waited up to 0.4 s.
     */
    static final long ACCEPT = 2_000;
    /**
     * Answering one HTTP request, on top of its bytes: parsing the head, and making the answer
     * (a {@code /metrics} page walks every key and renders a few dozen lines; a refusal or the
     * page is a buffer ready made). A scrape a second costs nothing; ten thousand half-open
     * sockets completing their heads at once spread over turns like any other work.
     */
    static final long HTTP_REQUEST = 500;
    /**
     * Receiving one UDP datagram, on top of its bytes: the system call, the source address it
     * brings (an object each), finding its user. A flood of datagrams that are all dropped
     * still costs this each, so it is spread over turns like any other work.
     */
    static final long UDP_DATAGRAM = 16;
    /**
     * A datagram from a source not yet verified, on top of {@link #UDP_DATAGRAM}: its code
     * checked (up to two keyed hashes) and answered (a third, and a send).
     */
    static final long UDP_UNVERIFIED = 64;
    /**
     * The most a turn's budget is stretched to match its writing: 64 turns, 0.64 s of input
     * after as long a flush. A bound so that no measurement (a stall of the whole process) makes
     * one turn read for seconds.
     */
    static final long MAX_STRETCH = 64;
    /**
     * The most bytes of lines to big rooms a stretch reads on for: about what one write carries
     * for the cost of an empty one (a loopback write costs 3 to 4.5 µs whether it carries 85
     * bytes or 5 KB). Sixty lines of 64 bytes, enough for a room of ten thousand to keep up at
     * a hundred lines a second; four lines of 1,000 bytes, which a turn's own budget reads anyway.
     */
    static final int STRETCH_BYTES = 4_096;
    /**
     * The least a line to a big room counts for against {@link #STRETCH_BYTES}: queueing a line
     * costs every member about the same however short it is, so a stretch reads at most sixty-four
     * lines, not four thousand of one character. Counted as they came, one-character lines from
     * a hundred senders into a room of ten thousand that never read stretched turns to the full
     * 0.64 s, and a canary pair waited up to 1.8 s at p99 where 0.15 s had been usual before the
     * stretch ({@code bench/attacks.sh --kinds deaf-room}).
     */
    static final int SHORTEST_LINE_BYTES = 64;
    /** Bytes of a delivery that cost one more unit of work. */
    static final int BYTES_PER_UNIT = 256;

    private final long perTurn;
    private final long nanosPerTurn;
    private final LongSupplier clock;
    private long left;
    private long share;
    private long wanting;
    /** When the turn's own time is up: one turn's worth after it began, and later by what it wrote. */
    private long deadline;
    /** This turn's budget in turns' worth. */
    private long stretch = 1;
    /** What this turn has spent writing out so far. */
    private long wroteNanos;
    /**
     * The bytes of the lines this turn read for rooms of more than {@link #CHEAP_AUDIENCE}, each
     * counted as at least {@link #SHORTEST_LINE_BYTES}.
     */
    private long fannedOutBytes;

    /** A budget of units only: for tests that count. */
    TurnBudget(long perTurn) {
        this(perTurn, Long.MAX_VALUE, () -> 0);
    }

    TurnBudget(long perTurn, long nanosPerTurn, LongSupplier clock) {
        if (perTurn < 1 || nanosPerTurn < 1) {
            throw new IllegalArgumentException("a turn's budget must be positive: " + perTurn + ", " + nanosPerTurn);
        }
        this.perTurn = perTurn;
        this.nanosPerTurn = nanosPerTurn;
        this.clock = clock;
        this.left = perTurn;
        this.share = perConnection();
        this.deadline = nanosPerTurn == Long.MAX_VALUE ? Long.MAX_VALUE : clock.getAsLong() + nanosPerTurn;
    }

    /**
     * A new turn: its units and time are stretched to what the last turn spent writing, and its
     * share follows from how many connections wanted one last turn.
     */
    void reset() {
        stretch = nanosPerTurn == Long.MAX_VALUE ? 1 : Math.max(1, Math.min(wroteNanos / nanosPerTurn, MAX_STRETCH));
        wroteNanos = 0;
        fannedOutBytes = 0;
        share = Math.max(1, Math.min(perTurn * stretch / Math.max(1, wanting), perConnection()));
        wanting = 0;
        left = perTurn * stretch;
        deadline = nanosPerTurn == Long.MAX_VALUE ? Long.MAX_VALUE : clock.getAsLong() + nanosPerTurn;
    }

    /** This turn's budget in turns' worth: 1, or what the last turn spent writing over a turn's time. */
    long stretch() {
        return stretch;
    }

    /** A connection wants to read this turn: the units it earns for that. */
    long share() {
        wanting++;
        return share;
    }

    /** The turn spent {@code nanos} writing out: not the input's time, which moves on by as much, and the next turn's measure. */
    void wrote(long nanos) {
        if (deadline != Long.MAX_VALUE) {
            deadline += nanos;
        }
        wroteNanos += nanos;
    }

    void spend(long work) {
        left -= work;
    }

    /**
     * A line of {@code bytes} was read and cost {@code work} with its deliveries. One that cost
     * more than a line to a room of {@link #CHEAP_AUDIENCE} went to a big room: its bytes (at
     * least {@link #SHORTEST_LINE_BYTES}) are on every member's write this turn, which is what a
     * stretch is bounded by.
     */
    void lineRead(long work, long bytes) {
        if (work > CHEAP_AUDIENCE + 1) {
            fannedOutBytes += Math.max(bytes, SHORTEST_LINE_BYTES);
        }
    }

    /** The work of queuing {@code bytes} for one connection. */
    static long deliveryCost(int bytes) {
        return 1 + bytes / BYTES_PER_UNIT;
    }

    /** What is left of this turn: a mark to measure one line's cost from. */
    long left() {
        return left;
    }

    /** The most one connection may spend of this turn, and save up: a sixteenth of the (stretched) turn. */
    long perConnection() {
        return perConnection(perTurn * stretch);
    }

    static long perConnection(long perTurn) {
        return Math.max(1, perTurn / 16);
    }

    /**
     * True once the turn's units are spent or its time is up: its own budget, and past that
     * its stretch while the lines it read for big rooms are under {@value #STRETCH_BYTES} bytes.
     */
    boolean exhausted() {
        long spent = perTurn * stretch - left;
        long late = deadline == Long.MAX_VALUE ? Long.MIN_VALUE : clock.getAsLong() - deadline;
        if (spent < perTurn && late < 0) {
            return false;
        }
        return stretch == 1 || fannedOutBytes >= STRETCH_BYTES || left <= 0 || late >= nanosPerTurn * (stretch - 1);
    }
}
