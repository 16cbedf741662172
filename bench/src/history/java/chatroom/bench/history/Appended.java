package chatroom.bench.history;

/**
 * What the append phase of a run measured; {@link #SKIPPED} (not a number) when the run
 * started from a log an earlier run kept.
 */
record Appended(double perSec, double cpuSec, long dropped, double closeMs) {
    static final Appended SKIPPED = new Appended(Double.NaN, Double.NaN, -1, Double.NaN);
}
