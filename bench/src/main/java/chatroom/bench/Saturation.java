package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a throughput comparison of two servers stands. An unthrottled run measures a server's
 * ceiling only if that server was busy all the time: below {@value #BUSY_PERCENT}% of a core
 * (its process plus the interrupt work on its CPU) something else set the pace, often the
 * generator, and a ratio of two such runs compares the generator's pace, not the servers. A
 * generator at {@value #BUSY_PERCENT}% or more of its core is then named as what set it.
 *
 * <p>At a fixed rate the servers are not meant to be saturated, but the generator can be: it then
 * queues what it reads, and that wait is in the latency it records for every server alike
 * ({@link #generatorFlag}).
 */
final class Saturation {

    static final double BUSY_PERCENT = 90;

    private Saturation() {
    }

    /**
     * One side of a comparison, from its run.
     *
     * @param serverPercent the server's CPU as a share of one core, interrupt work included where known
     * @param generatorPercent the generator thread's CPU in the same run
     */
    record Side(String name, double serverPercent, double generatorPercent) {}

    /**
     * What is wrong with the ratio of {@code server}'s throughput to {@code reference}'s, or the
     * empty string when both servers were saturated and neither generator was.
     */
    static String flag(Side server, Side reference) {
        List<String> notSaturated = new ArrayList<>();
        for (Side side : List.of(server, reference)) {
            if (!(side.serverPercent() >= BUSY_PERCENT)) {
                notSaturated.add(Double.isNaN(side.serverPercent()) ? side.name() + " unmeasured"
                        // Cut, not rounded, to a tenth: a share under the bar never reads as 90.0.
                        : String.format(Locale.ROOT, "%s %.1f%%", side.name(), Math.floor(side.serverPercent() * 10) / 10));
            }
        }
        List<String> generatorBound = busyGenerators(server, reference);
        List<String> flags = new ArrayList<>();
        if (!notSaturated.isEmpty()) {
            flags.add("peer not saturated (" + String.join(", ", notSaturated) + "); ratio not valid");
        }
        if (!generatorBound.isEmpty()) {
            flags.add("generator set the pace (" + String.join(", ", generatorBound) + ")");
        }
        return String.join("; ", flags);
    }

    /**
     * What a latency ratio at a fixed rate is to be read with: the generator at
     * {@value #BUSY_PERCENT}% of its core or more in either run, so its own queueing is part of
     * what it measured; the empty string otherwise.
     */
    static String generatorFlag(Side server, Side reference) {
        List<String> busy = busyGenerators(server, reference);
        return busy.isEmpty() ? ""
                : "generator busy (" + String.join(", ", busy) + "): its own queueing is in the latency";
    }

    private static List<String> busyGenerators(Side server, Side reference) {
        List<String> busy = new ArrayList<>();
        for (Side side : List.of(server, reference)) {
            if (side.generatorPercent() >= BUSY_PERCENT) {
                busy.add(String.format(Locale.ROOT, "%s's run %.0f%%", side.name(), side.generatorPercent()));
            }
        }
        return busy;
    }
}
