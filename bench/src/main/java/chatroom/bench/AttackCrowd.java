package chatroom.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The attacking connections of one {@link AttackKind}: they connect at a rate the server takes,
 * log in ({@link AttackLogin}), and once the attack starts take their turns, writing each
 * turn's lines as their outbox has room. Counts how many got in and how many the server cut off.
 *
 * <p>Readers drain and drop what arrives; the others stop reading once in, so the server's
 * close of one shows only when it is next written to or, at the end, when
 * {@link #listenForCloses()} has them read again.
 *
 * <p>Turns are kept as a time per attacker and found by a scan, skipped while the earliest is
 * not due: ten thousand longs are scanned in microseconds, and a queue would allocate per turn.
 */
final class AttackCrowd implements ClientListener {

    /** How soon an attacker whose lines did not all fit in its outbox tries again. */
    private static final long TOP_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * The most bytes of lines one tick puts in outboxes: a volley of 9,800 × 82 KB written in one
     * go would hold the generator's loop for most of a second, and the canary's lines with it.
     */
    private static final long TICK_WRITE_BYTES = 4 * 1024 * 1024;
    /** Problems quoted in the report; the rest are only counted. */
    private static final int MAX_PROBLEMS = 5;

    private final AttackKind kind;
    private final int n;
    private final Reactor reactor;
    private final InetSocketAddress address;
    private final RatePacer connects;
    private final BenchClient[] clients;
    /** When each attacker next has something to do: write more of its turn, or start the next. */
    private final long[] nextAt;
    /** When each attacker's next turn starts. */
    private final long[] turnAt;
    private final int[] rounds;
    /** Each attacker's turn still being written, and the first of its lines not yet in the outbox. */
    private final byte[][][] pending;
    private final int[] pendingNext;
    private final List<String> problems = new ArrayList<>();

    private int started;
    private int in;
    private int failedLogins;
    private int cutOff;
    private boolean attacking;
    private long earliest = AttackKind.NEVER;
    /** Where the next scan for due turns starts: where the last one ran out of its budget. */
    private int cursor;

    /** @param trust what attackers trust over TLS; null for plain TCP */
    AttackCrowd(AttackKind kind, int n, Reactor reactor, InetSocketAddress address, TlsTrust trust,
                double connectsPerSecond) {
        this.kind = kind;
        this.n = n;
        this.reactor = reactor;
        this.address = address;
        this.connects = new RatePacer(connectsPerSecond, 1);
        this.clients = new BenchClient[n];
        int readers = kind.readers(n);
        for (int i = 0; i < n; i++) {
            String room = kind.room(i, n);
            clients[i] = new BenchClient(i, AttackKind.attackerName(i), AttackKind.outboxBytes(), i >= readers,
                    client -> new AttackLogin(client, room), this);
            if (trust != null) {
                clients[i].useTls(trust);
            }
        }
        this.nextAt = new long[n];
        this.turnAt = new long[n];
        this.rounds = new int[n];
        this.pending = new byte[n][][];
        this.pendingNext = new int[n];
        Arrays.fill(nextAt, AttackKind.NEVER);
    }

    void startConnecting(long nowNanos) {
        connects.start(nowNanos);
    }

    /** The attack begins: each attacker's first turn is set. */
    void attack(long nowNanos) {
        attacking = true;
        for (int i = 0; i < n; i++) {
            long first = kind.firstTurnNanos(i, n);
            turnAt[i] = first == AttackKind.NEVER ? AttackKind.NEVER : nowNanos + first;
            nextAt[i] = turnAt[i];
            earliest = Math.min(earliest, nextAt[i]);
        }
    }

    /** No more turns; lines already in outboxes still go out. */
    void stopAttacking() {
        attacking = false;
    }

    /**
     * Opens the connections now due, and takes the turns now due, up to {@link #TICK_WRITE_BYTES}
     * of lines; returns nanoseconds until more is due (0 when turns were left for the next tick).
     */
    long tick(long nowNanos) {
        long wait = connectDue(nowNanos);
        if (attacking && nowNanos - earliest >= 0) {
            earliest = AttackKind.NEVER;
            long budget = TICK_WRITE_BYTES;
            for (int k = 0; k < n; k++) {
                int i = (cursor + k) % n;
                if (budget <= 0) {
                    // The rest wait for the next tick, from here on, after the canary has been read.
                    cursor = i;
                    earliest = nowNanos;
                    break;
                }
                if (nextAt[i] != AttackKind.NEVER && nowNanos - nextAt[i] >= 0) {
                    budget -= act(i, nowNanos);
                }
                earliest = Math.min(earliest, nextAt[i]);
            }
        }
        if (attacking && earliest != AttackKind.NEVER) {
            wait = Math.min(wait, Math.max(0, earliest - nowNanos));
        }
        return wait;
    }

    private long connectDue(long nowNanos) {
        if (started == n) {
            return Long.MAX_VALUE;
        }
        long wait = connects.advance(nowNanos);
        while (connects.allowance(0) > 0 && started < n) {
            clients[started++].connect(reactor, address);
            connects.sent(0);
        }
        return started == n ? Long.MAX_VALUE : wait;
    }

    /** Attacker {@code i}'s due turn, or more of it; returns the bytes it put in its outbox. */
    private int act(int i, long now) {
        BenchClient c = clients[i];
        if (!c.isIn()) {
            nextAt[i] = AttackKind.NEVER;
            return 0;
        }
        if (pending[i] == null) {
            byte[][] lines = kind.turn(i, n, rounds[i]++);
            long period = kind.periodNanos(i, n);
            if (period == AttackKind.NEVER) {
                turnAt[i] = AttackKind.NEVER;
            } else {
                // Turns that fell due while the last one was still being written: one is taken now, the rest skipped.
                do {
                    turnAt[i] += period;
                } while (now - turnAt[i] >= 0);
            }
            if (lines.length > 0) {
                pending[i] = lines;
                pendingNext[i] = 0;
            }
        }
        int written = pending[i] != null ? write(i, c) : 0;
        nextAt[i] = pending[i] != null ? now + TOP_UP_NANOS : turnAt[i];
        return written;
    }

    /** Puts as many of attacker {@code i}'s pending lines in its outbox as fit, and flushes; returns the bytes put. */
    private int write(int i, BenchClient c) {
        byte[][] lines = pending[i];
        int next = pendingNext[i];
        ByteBuffer out = c.outbox();
        int before = out.position();
        while (next < lines.length && out.remaining() > lines[next].length) {
            out.put(lines[next++]).put((byte) '\n');
        }
        int put = out.position() - before;
        c.flush();
        pendingNext[i] = next;
        if (next == lines.length || !c.isIn()) {
            pending[i] = null;
        }
        return put;
    }

    /**
     * Those that never read start reading, dropping everything, so that a connection the server
     * closed shows: its EOF or reset arrives behind whatever was still queued for it.
     */
    void listenForCloses() {
        for (BenchClient c : clients) {
            if (c.isSlow() && c.isIn()) {
                c.discardInput();
            }
        }
    }

    /** Every connection has been opened, and has got in or failed. */
    boolean settled() {
        return started == n && in + failedLogins == n;
    }

    int connections() {
        return n;
    }

    /** Got into their room. */
    int in() {
        return in;
    }

    /** Never got in: refused, or the connect failed. */
    int failedLogins() {
        return failedLogins;
    }

    /** Got in, then were closed by the server. */
    int cutOff() {
        return cutOff;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void closeAll() {
        for (BenchClient c : clients) {
            c.close();
        }
    }

    @Override
    public void onEntered(BenchClient client) {
        in++;
    }

    @Override
    public void onMessage(BenchClient receiver, byte[] text, int offset, int length, long receivedNanos) {
        // AttackLogin reports no messages.
    }

    @Override
    public void onServerError(BenchClient client, String line) {
        // Only while logging in, where BenchClient fails the login instead: AttackLogin reads nothing after.
    }

    @Override
    public void onFailed(BenchClient client, String reason) {
        if (client.hasEntered()) {
            cutOff++;
            return;
        }
        failedLogins++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(client + " did not get in: " + reason);
        }
    }
}
