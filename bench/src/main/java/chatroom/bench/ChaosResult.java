package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a chaos soak came to, and the verdict: {@link #failures()} lists every invariant the run
 * broke, empty for a clean run. Pure, so the verdict is tested without a server.
 *
 * @param kinds per kind: users, connections made, connections the server cut off unasked, and
 *     closes the user asked for (/quit, half-close) or expected (no name)
 * @param errors the server's error answers by code (expected from the hostile users)
 * @param warmupSeconds the start of the soak (connect storm's tail, JITs) after which RSS and the canary's
 *     bound are judged
 * @param canaryWarmup one-way latency between the canary pair during the warm-up: reported only
 * @param canary the same after the warm-up, to the end of the soak
 * @param rooms one-way latency of the talkers' checked lines, for comparison
 * @param memory the server's RSS, or null without --server-pid
 * @param problems the first few things that went wrong, quoted
 */
record ChaosResult(long seed, int clients, double soakSeconds, double warmupSeconds, List<KindLine> kinds,
                   Map<String, Long> errors, Integrity integrity, Health health, Latency canaryWarmup, Latency canary, CanaryWindows canaryWindows, Latency rooms,
                   Memory memory, Load load, Bounds bounds, List<String> problems) {

    record KindLine(ChaosKind kind, int users, long connections, long cutOff, long closedAsAsked) {}

    /** The checked lines, over every checked room and the canary's. */
    record Integrity(int checkedRooms, int checkedMembers, long sent, long deliveries, long lost, long undeliverable,
                     long duplicates, long reordered, long corrupted, long malformed, long misattributed) {}

    /**
     * @param checkedCutOff checked users (and canaries) the server disconnected
     * @param refused connections that never got in
     * @param refusals errors refusing a connection (too many, too fast, full)
     * @param malformedLines JSON lines the protocol's parser rejected
     * @param unrecognisedLines text lines of no kind the protocol knows
     * @param unexpectedErrors errors sent to a well-behaved user
     */
    record Health(long checkedCutOff, long refused, long refusals, long malformedLines, long unrecognisedLines,
                  long unexpectedErrors, long linesParsed) {}

    /** @param p99Nanos each window's p99, in order */
    record CanaryWindows(int windowSeconds, long worstP99Nanos, int worstWindow, int silentWindows, long[] p99Nanos) {}

    /**
     * What the generator itself did, to tell its lag from the server's: a latency is measured
     * from the send to when this one thread read the line, so a long turn of its loop shows in
     * every latency of that moment.
     *
     * @param cpuSeconds the generator thread's CPU over the soak
     * @param warmupMaxTurnNanos the longest gap between two turns of its loop during the warm-up
     * @param maxTurnNanos the same after the warm-up (reading, parsing, sending)
     * @param serverCpuSeconds the server process's CPU over the soak (user plus system), or -1
     */
    record Load(double cpuSeconds, long warmupMaxTurnNanos, long p99TurnNanos, long maxTurnNanos, double serverCpuSeconds) {}

    /** KiB. {@code peakReset}: VmHWM was reset before connecting; else the peak is the server's lifetime peak. */
    record Memory(long startKiB, long peakKiB, long endKiB, boolean peakReset) {
        long growthKiB() {
            return endKiB - startKiB;
        }
    }

    /**
     * @param canaryP99Nanos the highest the canary's p99 may be in any window (1 s: the heaviest
     *     load on a 2-core machine, where the attackers and this generator share the CPU)
     * @param canaryGoalNanos what it should be on a quiet machine (100 ms): reported, not enforced
     */
    record Bounds(long canaryP99Nanos, long canaryGoalNanos, long rssGrowthKiB) {}

    /** The error codes that turn a connection away: the soak keeps under every such limit. */
    static final List<String> REFUSAL_CODES =
            List.of("connecting_too_fast", "too_many_connections", "server_full", "too_many_waiting");

    boolean clean() {
        return failures().isEmpty();
    }

    /** Every invariant the run broke, in words; empty when it was clean. */
    List<String> failures() {
        List<String> f = new ArrayList<>();
        Integrity i = integrity;
        if (i.deliveries() == 0) {
            f.add("no checked line was delivered: the soak checked nothing");
        }
        count(f, i.lost(), "checked lines lost (never reached a member that stayed)");
        count(f, i.duplicates(), "checked lines duplicated");
        count(f, i.reordered(), "checked lines out of order");
        count(f, i.corrupted(), "checked lines corrupted");
        count(f, i.malformed(), "lines from a talker that were not its lines");
        count(f, i.misattributed(), "checked lines under the wrong name or from the wrong room");
        Health h = health;
        count(f, h.checkedCutOff(), "well-behaved users cut off while reading");
        count(f, h.refused(), "connections that could not get in");
        count(f, h.refusals(), "connections refused by a limit the soak keeps under");
        count(f, h.malformedLines(), "JSON lines from the server that do not parse");
        count(f, h.unrecognisedLines(), "text lines from the server of no known kind");
        count(f, h.unexpectedErrors(), "errors sent to well-behaved users");
        if (canary.count() == 0) {
            f.add("the canary heard nothing");
        } else if (canaryWindows.worstP99Nanos() > bounds.canaryP99Nanos()) {
            f.add(String.format(Locale.ROOT, "canary p99 %.1f ms in seconds %.0f-%.0f, over the %.0f ms bound",
                    canaryWindows.worstP99Nanos() / 1e6, windowStart(canaryWindows.worstWindow()),
                    windowStart(canaryWindows.worstWindow() + 1), bounds.canaryP99Nanos() / 1e6));
        }
        count(f, canaryWindows.silentWindows(), "stretches of " + canaryWindows.windowSeconds()
                + " s in which the canary heard nothing");
        if (memory != null && memory.growthKiB() > bounds.rssGrowthKiB()) {
            f.add(String.format(Locale.ROOT, "RSS at the end %,d KiB is %,d KiB above the start %,d KiB (bound %,d KiB)",
                    memory.endKiB(), memory.growthKiB(), memory.startKiB(), bounds.rssGrowthKiB()));
        }
        return f;
    }

    /** When window {@code i} starts, in seconds from the start of the soak. */
    private double windowStart(int i) {
        return warmupSeconds + (double) i * canaryWindows.windowSeconds();
    }

    private static void count(List<String> failures, long n, String what) {
        if (n > 0) {
            failures.add(String.format(Locale.ROOT, "%,d %s", n, what));
        }
    }

    String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "chaos soak: %,d users + the canary pair, %.1f s, seed %d", clients, soakSeconds, seed);
        line(out, "%-12s %6s %11s %8s %8s", "kind", "users", "connections", "cut off", "closed");
        for (KindLine k : kinds) {
            line(out, "%-12s %,6d %,11d %,8d %,8d", k.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    k.users(), k.connections(), k.cutOff(), k.closedAsAsked());
        }
        line(out, "  (cut off: closed by the server unasked, for example as a slow consumer; closed: after /quit, "
                + "a half-close or no name)");
        line(out, "server errors: %s", errors.isEmpty() ? "none" : errors.toString());
        Integrity i = integrity;
        line(out, "checked: %,d members in %,d rooms (the canary's included); %,d lines sent, %,d deliveries checked",
                i.checkedMembers(), i.checkedRooms(), i.sent(), i.deliveries());
        line(out, "integrity: lost %,d, duplicated %,d, reordered %,d, corrupted %,d, not a talker's %,d, "
                + "misattributed %,d; undeliverable (a party cut off) %,d", i.lost(), i.duplicates(), i.reordered(),
                i.corrupted(), i.malformed(), i.misattributed(), i.undeliverable());
        Health h = health;
        line(out, "health: well-behaved cut off %,d, could not get in %,d, refused by a limit %,d, unparseable "
                + "JSON %,d, unknown text %,d, errors to well-behaved %,d (%,d lines parsed)", h.checkedCutOff(),
                h.refused(), h.refusals(), h.malformedLines(), h.unrecognisedLines(), h.unexpectedErrors(), h.linesParsed());
        line(out, "canary latency ms, after the %.0f s warm-up: p50 %.2f, p99 %.2f, max %.2f (%,d lines); worst "
                + "%d s window p99 %.2f (seconds %.0f-%.0f); bound %.0f, goal %.0f", warmupSeconds,
                canary.p50Micros() / 1e3, canary.p99Micros() / 1e3, canary.maxMicros() / 1e3, canary.count(),
                canaryWindows.windowSeconds(), canaryWindows.worstP99Nanos() / 1e6,
                windowStart(Math.max(0, canaryWindows.worstWindow())),
                Math.min(soakSeconds, windowStart(Math.max(0, canaryWindows.worstWindow()) + 1)),
                bounds.canaryP99Nanos() / 1e6, bounds.canaryGoalNanos() / 1e6);
        line(out, "canary latency ms in the warm-up (not judged): p50 %.2f, p99 %.2f, max %.2f (%,d lines)",
                canaryWarmup.p50Micros() / 1e3, canaryWarmup.p99Micros() / 1e3, canaryWarmup.maxMicros() / 1e3,
                canaryWarmup.count());
        StringBuilder windows = new StringBuilder();
        for (long p99 : canaryWindows.p99Nanos()) {
            windows.append(windows.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", p99 / 1e6));
        }
        line(out, "canary p99 ms per %d s window after the warm-up: %s", canaryWindows.windowSeconds(), windows);
        line(out, "room lines latency ms, after the warm-up: p50 %.2f, p99 %.2f, max %.2f (%,d deliveries)", rooms.p50Micros() / 1e3,
                rooms.p99Micros() / 1e3, rooms.maxMicros() / 1e3, rooms.count());
        if (memory != null) {
            line(out, "server RSS MiB: start %.1f (after warm-up), peak %.1f%s, end %.1f (clients gone, full GC); "
                            + "growth %+.1f, bound %.0f", memory.startKiB() / 1024.0, memory.peakKiB() / 1024.0,
                    memory.peakReset() ? "" : " (lifetime)", memory.endKiB() / 1024.0, memory.growthKiB() / 1024.0,
                    bounds.rssGrowthKiB() / 1024.0);
        } else {
            line(out, "server RSS: not measured (no --server-pid)");
        }
        line(out, "generator: CPU %.0f%% of a core; loop turns after the warm-up p99 %.1f ms, max %.1f ms, in the "
                + "warm-up max %.1f ms (a long turn delays every latency of its moment)", 100 * load.cpuSeconds() / soakSeconds,
                load.p99TurnNanos() / 1e6, load.maxTurnNanos() / 1e6, load.warmupMaxTurnNanos() / 1e6);
        if (load.serverCpuSeconds() >= 0) {
            line(out, "server: CPU %.0f%% of a core (user + system, all threads) over the soak",
                    100 * load.serverCpuSeconds() / soakSeconds);
        }
        for (String problem : problems) {
            line(out, "  problem: %s", problem);
        }
        List<String> failures = failures();
        if (failures.isEmpty()) {
            line(out, "verdict: CLEAN");
        } else {
            for (String failure : failures) {
                line(out, "FAILED: %s", failure);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
