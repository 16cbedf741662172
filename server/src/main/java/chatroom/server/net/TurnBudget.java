package chatroom.server.net;

/**
 * How much input one turn of the loop may act on before it flushes, runs its timers and
 * selects again, counted in deliveries (one event queued for one connection) plus one per
 * line read. Without it a turn has no bound: when the loop falls behind, every client's flood
 * bucket is full again and ten thousand clients each spend a whole burst in one turn, which
 * held the loop for 14.6 s. With it, what is not acted on stays in the kernel (nothing is
 * read) or, for the connection that used the budget up, is kept and resumed next turn, in
 * order; every turn stays short, so a canary in another room keeps its latency. One
 * connection may use at most a sixteenth of a turn ({@link #perConnection()}), so a client
 * with a kernel buffer full of tiny lines (flood control off) cannot starve the others.
 */
final class TurnBudget {

    /**
     * About 10 to 20 ms of work at the 50 to 100 ns a delivery costs here: far above what the
     * benchmarks' busiest turns need (a window of 32 lines to 100 members is 3,200), far below
     * a stall anyone notices.
     */
    static final long DEFAULT = 200_000;

    private final long perTurn;
    private long left;

    TurnBudget(long perTurn) {
        if (perTurn < 1) {
            throw new IllegalArgumentException("a turn's budget must be positive: " + perTurn);
        }
        this.perTurn = perTurn;
        this.left = perTurn;
    }

    /** A new turn. */
    void reset() {
        left = perTurn;
    }

    void spend(long work) {
        left -= work;
    }

    /** What is left of this turn: a mark to measure one connection's spending from. */
    long left() {
        return left;
    }

    /** The most one connection may spend of one turn. */
    long perConnection() {
        return Math.max(1, perTurn / 16);
    }

    boolean exhausted() {
        return left <= 0;
    }
}
