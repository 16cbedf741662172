package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one attack came to, and the verdict: the server survived (its process still running at
 * the end, or without a pid to watch, the canary still connected) and delivered every canary
 * line. Pure, so the verdict and the report are tested without a server.
 *
 * @param connections attacking connections opened
 * @param in of those, how many got into their room
 * @param cutOff of those in, how many the server closed
 * @param connectSeconds from the first connect until every attacker was in or had failed
 * @param attackSeconds from then to the end of the attack (shorter than asked if the server died)
 * @param alive whether the server process was running at the end; null when no pid was given
 * @param peakRssKiB the server's highest RSS seen during the attack, -1 if unknown
 * @param peakReset VmHWM was reset at the start, so the peak is this attack's
 * @param serverCpuSeconds the server's CPU from the first connect to the end, -1 if unknown
 * @param maxTurnNanos the generator's longest gap between two turns of its loop: its own lag,
 *     which every canary latency of that moment includes
 * @param problems the first few attackers that did not get in, and why
 */
record AttackResult(AttackKind kind, int connections, int in, int cutOff, double connectSeconds,
                    double attackSeconds, AttackCanary.Result canary, Boolean alive, long peakRssKiB, boolean peakReset,
                    double serverCpuSeconds, long maxTurnNanos, List<String> problems) {

    /** The server process is still running; without a pid, the canary is still connected. */
    boolean survived() {
        return alive != null ? alive : canary.connected();
    }

    boolean clean() {
        return failures().isEmpty();
    }

    /** Why the attack counts as a failure, in words; empty when the server came through. */
    List<String> failures() {
        List<String> f = new ArrayList<>();
        if (!survived()) {
            f.add(alive != null ? "the server process was not running at the end"
                    : "the canary was cut off (no server pid to check the process)");
        }
        if (canary.sent() == 0) {
            f.add("the canary sent nothing");
        } else if (canary.lost() > 0) {
            f.add(String.format(Locale.ROOT, "%,d of %,d canary lines lost", canary.lost(), canary.sent()));
        }
        return f;
    }

    String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "attack %s (finding %s): %s", kind.label(), kind.finding(), kind.description());
        line(out, "attackers: %,d connections, %,d got in (%.1f s to connect), %,d never did; the attack then ran "
                + "%.1f s", connections, in, connectSeconds, connections - in, attackSeconds);
        line(out, "cut off by the server: %,d of the %,d that got in", cutOff, in);
        Latency l = canary.latency();
        line(out, "canary: %,d lines sent, %,d received, %,d lost; latency ms p50 %.1f, p99 %.1f, max %.1f%s",
                canary.sent(), canary.received(), canary.lost(), l.p50Micros() / 1e3, l.p99Micros() / 1e3,
                l.maxMicros() / 1e3, canary.connected() ? "" : "; cut off");
        StringBuilder windows = new StringBuilder();
        for (long p99 : canary.windowP99Nanos()) {
            windows.append(windows.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", p99 / 1e6));
        }
        line(out, "canary p99 ms per %d s from the first connect (0: nothing arrived): %s",
                AttackCanary.WINDOW_NANOS / 1_000_000_000L, windows);
        line(out, "server: %s; peak RSS %s%s; CPU %s", alive == null ? "not watched (no --server-pid)"
                        : alive ? "running at the end" : "NOT running at the end", Sizes.kib(peakRssKiB),
                peakReset || peakRssKiB < 0 ? "" : " (lifetime)", serverCpuSeconds < 0 ? "?"
                        : String.format(Locale.ROOT, "%.0f%% of a core", 100 * serverCpuSeconds / seconds()));
        line(out, "generator: longest loop turn %.0f ms (a long turn delays the canary's lines of that moment)",
                maxTurnNanos / 1e6);
        for (String problem : problems) {
            line(out, "  %s", problem);
        }
        for (String problem : canary.problems()) {
            line(out, "  canary: %s", problem);
        }
        List<String> failures = failures();
        if (failures.isEmpty()) {
            line(out, "verdict: SURVIVED, every canary line delivered");
        } else {
            failures.forEach(failure -> line(out, "FAILED: %s", failure));
        }
        line(out, "%s", summary());
        return out.toString();
    }

    /** The figures as one line of key=value pairs, for scripts (bench/attacks.sh builds its table from it). */
    String summary() {
        Latency l = canary.latency();
        return String.format(Locale.ROOT, "summary kind=%s connections=%d in=%d cut_off=%d canary_sent=%d "
                        + "canary_lost=%d canary_p50_ms=%.1f canary_p99_ms=%.1f canary_max_ms=%.1f peak_rss_mib=%s "
                        + "alive=%s server_cpu_pct=%s verdict=%s",
                kind.label(), connections, in, cutOff, canary.sent(), canary.lost(), l.p50Micros() / 1e3,
                l.p99Micros() / 1e3, l.maxMicros() / 1e3,
                peakRssKiB < 0 ? "?" : String.format(Locale.ROOT, "%.0f", peakRssKiB / 1024.0),
                alive == null ? "?" : alive ? "yes" : "no", serverCpuSeconds < 0 ? "?"
                        : String.format(Locale.ROOT, "%.0f", 100 * serverCpuSeconds / seconds()),
                clean() ? "survived" : "failed");
    }

    private double seconds() {
        return Math.max(1e-9, connectSeconds + attackSeconds);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
