package chatroom.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The suite's table: one block of rows per workload, chatroom and Redis side by side, their
 * ratio, and the target for each row that has one. A target is judged on this one run
 * (the machine is small and shared, so a second run may differ by tens of percent); the
 * exit status never depends on it.
 */
final class SuiteReport {

    static final String CHATROOM = "chatroom";
    static final String REDIS = "redis";
    /** Workload 5: what the server may grow by beyond the slow clients' caps. */
    static final long SLOW_GROWTH_MARGIN_BYTES = 20L * 1024 * 1024;
    /** Workload 4: resident memory per idle connection. */
    static final double IDLE_BYTES_PER_CONNECTION = 2048;
    /** Workloads 2 and 3: chatroom's p99 may be this many times Redis's. */
    static final double P99_FACTOR = 2;
    /** Workload 5: the readers' deliveries/s, as a share of workload 1's, that counts as keeping their throughput. */
    static final double KEPT_THROUGHPUT = 0.8;

    private final boolean smoke;
    private final long outputCapBytes;
    private final Map<Integer, Suite.Workload> workloads = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Suite.Outcome>> outcomes = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();
    /** The workload of the last row: a workload's number and title go on its first row only. */
    private int lastWorkload;
    private int targets;
    private int targetsMet;

    SuiteReport(boolean smoke, long outputCapBytes) {
        this.smoke = smoke;
        this.outputCapBytes = outputCapBytes;
    }

    void add(Suite.Workload workload, String target, Suite.Outcome outcome) {
        workloads.put(workload.number(), workload);
        outcomes.computeIfAbsent(workload.number(), n -> new LinkedHashMap<>()).put(target, outcome);
    }

    String toMarkdown() {
        rows.clear();
        lastWorkload = 0;
        targets = 0;
        targetsMet = 0;
        StringBuilder s = new StringBuilder();
        s.append(smoke ? "Smoke run: short and small, the numbers mean nothing; it checks that everything works.\n\n" : "");
        s.append(tlsNote());
        s.append("| # | Workload | Measure | chatroom | Redis | chatroom ÷ Redis | Target | Met |\n");
        s.append("|---|---|---|---:|---:|---:|---|---|\n");
        for (Suite.Workload w : workloads.values()) {
            if (w.idle()) {
                idleRows(w);
            } else {
                fanOutRows(w);
            }
        }
        rows.forEach(row -> s.append(row).append('\n'));
        s.append('\n').append(String.format(Locale.ROOT, "Targets met: %d of %d.%s%n", targetsMet, targets,
                smoke ? " (Smoke run: not a measurement.)" : ""));
        List<String> dirty = dirtyRuns();
        s.append(dirty.isEmpty() ? "Integrity: every run clean (nothing lost, duplicated, reordered or corrupted; "
                        + "no reading client cut off).\n"
                : "Integrity FAILED: " + String.join("; ", dirty) + "\n");
        return s.toString();
    }

    private void fanOutRows(Suite.Workload w) {
        FanOutResult c = fanOut(w.number(), CHATROOM);
        FanOutResult r = fanOut(w.number(), REDIS);
        String title = describe(w);
        Cells deliveries = cells(c, r, FanOutResult::deliveriesPerSecond, SuiteReport::perSecond);
        switch (w.number()) {
            case 1 -> {
                row(w, title, "deliveries/s (messages × receivers)", deliveries, "≥ Redis",
                        deliveries.ratio == null ? null : deliveries.ratio >= 1);
                row(w, title, "messages sent/s", cells(c, r, FanOutResult::sentPerSecond, SuiteReport::perSecond));
                latencyRows(w, title, c, r, false);
            }
            case 2, 3 -> {
                row(w, title, "deliveries/s", deliveries);
                latencyRows(w, title, c, r, true);
            }
            case 5 -> {
                row(w, title, "slow consumers cut off", cells(c, r, f -> (double) f.slowCutOff(),
                        v -> String.format(Locale.ROOT, "%.0f of %d", v, w.slowClients())), "all, at the output cap",
                        c == null ? null : c.slowCutOff() == c.slowClients());
                long allowedKiB = (w.slowClients() * outputCapBytes + SLOW_GROWTH_MARGIN_BYTES) / 1024;
                row(w, title, "server RSS growth while sending", cells(c, r, f -> f.server() == null ? null
                                : (double) f.server().growthKiB(), SuiteReport::kib),
                        "≤ " + w.slowClients() + " × cap + 20 MiB = " + kib(allowedKiB),
                        c == null || c.server() == null ? null : c.server().growthKiB() <= allowedKiB);
                FanOutResult c1 = fanOut(1, CHATROOM);
                FanOutResult r1 = fanOut(1, REDIS);
                row(w, title, "readers' deliveries/s", deliveries);
                Double keptC = c == null || c1 == null ? null : c.deliveriesPerSecond() / c1.deliveriesPerSecond();
                Double keptR = r == null || r1 == null ? null : r.deliveriesPerSecond() / r1.deliveriesPerSecond();
                row(w, title, "… as a share of workload 1's", new Cells(percent(keptC), percent(keptR), null),
                        String.format(Locale.ROOT, "≥ %.0f%%", KEPT_THROUGHPUT * 100),
                        keptC == null ? null : keptC >= KEPT_THROUGHPUT);
                latencyRows(w, title, c, r, false);
            }
            default -> row(w, title, "deliveries/s", deliveries);
        }
        row(w, title, "lost / duplicated / reordered", new Cells(integrity(c), integrity(r), null),
                "0 / 0 / 0", c == null ? null : c.clean());
        row(w, title, "server CPU (% of one core)", cells(c, r, f -> f.server() == null ? null
                : f.server().cpuPercentOfOneCore(), v -> String.format(Locale.ROOT, "%.0f%%", v)));
        row(w, title, "generator CPU (% of one core)", cells(c, r, FanOutResult::generatorCpuPercent,
                v -> String.format(Locale.ROOT, "%.0f%%", v)));
        if (c != null && c.tls() != null || r != null && r.tls() != null) {
            row(w, title, "TLS record size received (bytes)", cells(c, r, f -> f.tls() == null ? null
                    : f.tls().bytesPerRecord(), v -> String.format(Locale.ROOT, "%,.0f", v)));
        }
    }

    /**
     * Over TLS, what each server negotiated, and whether they agree: a comparison of servers
     * that encrypt with different ciphers is not like for like. Empty over plain TCP.
     */
    private String tlsNote() {
        Map<String, String> chosen = new LinkedHashMap<>();
        outcomes.values().forEach(byTarget -> byTarget.forEach((target, o) -> {
            if (o.fanOut() != null && o.fanOut().tls() != null) {
                chosen.merge(target, o.fanOut().tls().negotiated(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        }));
        if (chosen.isEmpty()) {
            return "";
        }
        List<String> each = new ArrayList<>();
        chosen.forEach((target, tls) -> each.add(target + " " + tls));
        boolean same = chosen.values().stream().distinct().count() == 1 && !chosen.values().iterator().next().contains(";");
        return "Over TLS (every connection; the generator trusts exactly the servers' certificate): "
                + String.join(", ", each)
                + (chosen.size() < 2 ? ".\n\n" : same ? ": the same cipher on both.\n\n"
                        : ": **the servers negotiated different ciphers**, so this is not like for like.\n\n");
    }

    private void latencyRows(Suite.Workload w, String title, FanOutResult c, FanOutResult r, boolean p99Target) {
        Cells p99 = cells(c, r, f -> f.latency().p99Micros(), SuiteReport::millis);
        if (p99Target) {
            boolean lost = c == null || c.lost() > 0;
            row(w, title, "latency p99 (ms)", p99, "≤ 2 × Redis, nothing lost",
                    p99.ratio == null ? null : p99.ratio <= P99_FACTOR && !lost);
        } else {
            row(w, title, "latency p99 (ms)", p99);
        }
        row(w, title, "latency p50 / p99.9 / max (ms)", new Cells(latencies(c), latencies(r), null));
    }

    private void idleRows(Suite.Workload w) {
        IdleResult c = idle(w.number(), CHATROOM);
        IdleResult r = idle(w.number(), REDIS);
        String title = describe(w);
        Cells perConnection = idleCells(c, r, m -> m.bytesPerConnection(w.clients()),
                v -> String.format(Locale.ROOT, "%,.0f B", v));
        row(w, title, "RSS per idle connection (settled)", perConnection, "≤ 2 KiB",
                c == null || c.memory() == null ? null
                        : c.memory().bytesPerConnection(w.clients()) <= IDLE_BYTES_PER_CONNECTION);
        row(w, title, "peak RSS during the join storm", idleCells(c, r, m -> (double) m.peakRssKiB(), SuiteReport::kib));
        row(w, title, "RSS before / settled", new Cells(before(c), before(r), null));
        row(w, title, "connect + join time", idleCellsOf(c, r, i -> String.format(Locale.ROOT, "%.2f s", i.connectSeconds())));
        row(w, title, "disconnected", idleCellsOf(c, r, i -> String.valueOf(i.disconnects())), "0",
                c == null ? null : c.clean());
    }

    // Cells and rows.

    /** The two values of a row and chatroom's ratio to Redis's, if both are numbers. */
    private record Cells(String chatroom, String redis, Double ratio) {}

    private static Cells cells(FanOutResult c, FanOutResult r, Function<FanOutResult, Double> value,
                               Function<Double, String> format) {
        Double vc = c == null ? null : value.apply(c);
        Double vr = r == null ? null : value.apply(r);
        return numbers(vc, vr, format);
    }

    private static Cells idleCells(IdleResult c, IdleResult r, Function<IdleResult.Memory, Double> value,
                                   Function<Double, String> format) {
        Double vc = c == null || c.memory() == null ? null : value.apply(c.memory());
        Double vr = r == null || r.memory() == null ? null : value.apply(r.memory());
        return numbers(vc, vr, format);
    }

    private static Cells idleCellsOf(IdleResult c, IdleResult r, Function<IdleResult, String> format) {
        return new Cells(c == null ? null : format.apply(c), r == null ? null : format.apply(r), null);
    }

    private static Cells numbers(Double vc, Double vr, Function<Double, String> format) {
        Double ratio = vc != null && vr != null && vr != 0 ? vc / vr : null;
        return new Cells(vc == null ? null : format.apply(vc), vr == null ? null : format.apply(vr), ratio);
    }

    private void row(Suite.Workload w, String title, String measure, Cells cells) {
        row(w, title, measure, cells, "", null);
    }

    private void row(Suite.Workload w, String title, String measure, Cells cells, String target, Boolean met) {
        boolean first = lastWorkload != w.number();
        String ratio = cells.ratio == null ? "" : String.format(Locale.ROOT, "%.2f", cells.ratio);
        String verdict = "";
        if (!target.isEmpty()) {
            targets++;
            if (Boolean.TRUE.equals(met)) {
                targetsMet++;
                verdict = "yes";
            } else {
                verdict = met == null ? "no result" : "**no**";
            }
        }
        rows.add(String.format("| %s | %s | %s | %s | %s | %s | %s | %s |", first ? w.number() : "",
                first ? title : "", measure, cell(CHATROOM, w, cells.chatroom), cell(REDIS, w, cells.redis),
                ratio, target, verdict));
        lastWorkload = w.number();
    }

    /** A missing value: the server was not in the run (blank) or its run failed. */
    private String cell(String target, Suite.Workload w, String value) {
        if (value != null) {
            return value;
        }
        Suite.Outcome outcome = outcomes.getOrDefault(w.number(), Map.of()).get(target);
        return outcome == null ? "" : outcome.failure() != null ? "failed" : "—";
    }

    // Values.

    private FanOutResult fanOut(int workload, String target) {
        Suite.Outcome o = outcomes.getOrDefault(workload, Map.of()).get(target);
        return o == null ? null : o.fanOut();
    }

    private IdleResult idle(int workload, String target) {
        Suite.Outcome o = outcomes.getOrDefault(workload, Map.of()).get(target);
        return o == null ? null : o.idle();
    }

    private static String describe(Suite.Workload w) {
        if (w.idle()) {
            return String.format(Locale.ROOT, "idle: %,d connections in the room (Redis: subscribers)", w.clients());
        }
        String pacing = w.rate() > 0 ? String.format(Locale.ROOT, "%,.0f msg/s", w.rate())
                : "unthrottled, window " + w.window();
        String slow = w.slowClients() > 0 ? String.format(Locale.ROOT, " + %d that never read", w.slowClients()) : "";
        return String.format(Locale.ROOT, "%s: %,d clients%s, %d senders, %s, %d B, %.0f s", w.title(), w.clients(),
                slow, w.senders(), pacing, w.payloadBytes(), w.durationSeconds());
    }

    private static String integrity(FanOutResult f) {
        if (f == null) {
            return null;
        }
        String counts = String.format(Locale.ROOT, "%,d / %,d / %,d", f.lost(), f.duplicated(), f.reordered());
        List<String> more = new ArrayList<>();
        if (f.corrupted() + f.malformed() > 0) {
            more.add(String.format(Locale.ROOT, "%,d corrupted", f.corrupted() + f.malformed()));
        }
        if (f.disconnects() > 0) {
            more.add(String.format(Locale.ROOT, "%,d readers cut off", f.disconnects()));
        }
        if (f.serverErrors() > 0) {
            more.add(String.format(Locale.ROOT, "%,d errors", f.serverErrors()));
        }
        return more.isEmpty() ? counts : counts + " (" + String.join(", ", more) + ")";
    }

    private static String latencies(FanOutResult f) {
        if (f == null) {
            return null;
        }
        Latency l = f.latency();
        return millis(l.p50Micros()) + " / " + millis(l.p999Micros()) + " / " + millis(l.maxMicros());
    }

    private static String before(IdleResult i) {
        return i == null || i.memory() == null ? null
                : kib(i.memory().baselineRssKiB()) + " / " + kib(i.memory().settledRssKiB());
    }

    private List<String> dirtyRuns() {
        List<String> dirty = new ArrayList<>();
        outcomes.forEach((number, byTarget) -> byTarget.forEach((target, o) -> {
            if (!o.clean()) {
                dirty.add("workload " + number + " on " + target
                        + (o.failure() != null ? " could not run" : " was not clean"));
            }
        }));
        return dirty;
    }

    static String perSecond(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2f M", v / 1e6) : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String millis(double micros) {
        double ms = micros / 1000;
        return String.format(Locale.ROOT, ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : "%.1f", ms);
    }

    static String kib(double kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
    }

    private static String percent(Double share) {
        return share == null ? null : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
