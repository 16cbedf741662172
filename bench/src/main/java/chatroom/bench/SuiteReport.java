package chatroom.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The suite's table: one block of rows per workload, a column per server in the order given,
 * each cell the median of the runs with their range, each other server's ratio to Redis, and the
 * issue's target for each row that has one. Targets are judged on the first server against Redis,
 * on medians (the machine is small and shared, so one run may differ from the next by tens of
 * percent); the exit status never depends on them.
 *
 * <p>In the unthrottled workloads the first row is the servers' cost: deliveries per CPU-second of
 * the server, interrupt work on its CPU included. A throughput ratio there is marked when a server
 * was not saturated or a generator was ({@link Saturation}).
 */
final class SuiteReport {

    /** Workload 5: what the server may grow by beyond the slow clients' caps. */
    static final long SLOW_GROWTH_MARGIN_BYTES = 20L * 1024 * 1024;
    /** Workload 4: resident memory per idle connection (issue 15: 1 KiB marginal). */
    static final double IDLE_BYTES_PER_CONNECTION = 1024;
    /** Workloads 2, 3, 6 and 7: the first server's p99 may be this many times Redis's (issue 15: no more than Redis's). */
    static final double P99_FACTOR = 1;
    /** Workload 1: deliveries per server CPU-second, as a multiple of Redis's (issue 15). */
    static final double CPU_SECOND_FACTOR = 2;
    /** Workload 1: deliveries/s, as a multiple of Redis's (issue 15; the generator may cap it). */
    static final double RATE_FACTOR = 1.5;
    /** Workload 5: the readers' deliveries/s, as a share of workload 1's, that counts as keeping their throughput. */
    static final double KEPT_THROUGHPUT = 0.8;

    private final List<Suite.Server> servers;
    /** The first server, judged against the targets. */
    private final Suite.Server subject;
    /** Redis, which the ratios are to; null if it is not in the run. */
    private final Suite.Server reference;
    /** The servers with a ratio column: every one but the reference (none without one). */
    private final List<Suite.Server> compared;
    private final boolean smoke;
    private final long outputCapBytes;
    /** The CPU the servers were pinned to, whose softirq work is counted as theirs; null if they were not. */
    private final Integer serverCpu;
    /** How this kernel accounts interrupt time, which decides what is added ({@link Softirq}); null if not pinned. */
    private final Softirq.Accounting accounting;
    private final Map<Integer, Suite.Workload> workloads = new LinkedHashMap<>();
    /** Per workload and column, the runs in the order they were made: run r is repetition r. */
    private final Map<Integer, Map<String, List<Suite.Outcome>>> outcomes = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();
    /** The workload of the last row: a workload's number and title go on its first row only. */
    private int lastWorkload;
    private int targets;
    private int targetsMet;
    /** The unmeasured load each server got before its first run ({@link #warmedUp}). */
    private double warmUpSeconds;

    SuiteReport(List<Suite.Server> servers, boolean smoke, long outputCapBytes, Integer serverCpu,
                Softirq.Accounting accounting) {
        this.servers = List.copyOf(servers);
        this.subject = servers.get(0);
        this.reference = servers.stream().filter(Suite.Server::reference).findFirst().orElse(null);
        this.compared = reference == null ? List.of() : servers.stream().filter(s -> s != reference).toList();
        this.smoke = smoke;
        this.outputCapBytes = outputCapBytes;
        this.serverCpu = serverCpu;
        this.accounting = accounting;
    }

    void add(Suite.Workload workload, String column, Suite.Outcome outcome) {
        workloads.put(workload.number(), workload);
        outcomes.computeIfAbsent(workload.number(), n -> new LinkedHashMap<>())
                .computeIfAbsent(column, c -> new ArrayList<>()).add(outcome);
    }

    String toMarkdown() {
        rows.clear();
        lastWorkload = 0;
        targets = 0;
        targetsMet = 0;
        StringBuilder s = new StringBuilder();
        s.append(smoke ? "Smoke run: short and small, the numbers mean nothing; it checks that everything works.\n\n" : "");
        s.append(tlsNote());
        for (Suite.Server server : servers) {
            if (server.protocol() instanceof WebSocketProtocol) {
                s.append(server.column()).append("'s clients speak JSON events over a WebSocket (GET /ws on its HTTP "
                        + "port), not text lines.\n\n");
            }
        }
        StringBuilder header = new StringBuilder("| # | Workload | Measure |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (Suite.Server server : servers) {
            header.append(' ').append(server.column()).append(" |");
            rule.append("---:|");
        }
        for (Suite.Server server : compared) {
            header.append(' ').append(server.column()).append(" ÷ ").append(reference.column()).append(" |");
            rule.append("---:|");
        }
        s.append(header).append(" Target | Met |\n").append(rule).append("---|---|\n");
        for (Suite.Workload w : workloads.values()) {
            if (w.idle()) {
                idleRows(w);
            } else {
                fanOutRows(w);
            }
        }
        rows.forEach(row -> s.append(row).append('\n'));
        s.append('\n').append(notes());
        s.append('\n').append(String.format(Locale.ROOT, "Targets (judged on %s, on medians) met: %d of %d.%s%n",
                subject.column(), targetsMet, targets, smoke ? " (Smoke run: not a measurement.)" : ""));
        List<String> dirty = dirtyRuns();
        s.append(dirty.isEmpty() ? "Integrity: every run clean (nothing lost, duplicated, reordered or corrupted; "
                        + "no reading client cut off).\n"
                : "Integrity FAILED: " + String.join("; ", dirty) + "\n");
        return s.toString();
    }

    /** Each server got {@code seconds} of load, not measured, before its first run. */
    void warmedUp(double seconds) {
        warmUpSeconds = seconds;
    }

    private String notes() {
        int runs = outcomes.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).max().orElse(0);
        StringBuilder s = new StringBuilder();
        if (runs > 1) {
            s.append(String.format(Locale.ROOT, "Each cell: the median of %d runs [lowest–highest]; run r takes the "
                    + "servers in the order given rotated by r. A ratio is the median of the runs' own ratios (run r "
                    + "of a server ÷ run r of %s).%n", runs, reference == null ? "Redis" : reference.column()));
        }
        if (warmUpSeconds > 0) {
            s.append(String.format(Locale.ROOT, "Before its first measured run each server got %.1f s of workload "
                    + "1's load, not measured, so that no workload also measures a JIT compiling its hot paths "
                    + "(--warm-up).%n", warmUpSeconds));
        }
        if (serverCpu == null) {
            s.append("Server CPU is the process's own (utime + stime): the servers were not pinned to a CPU, so the "
                    + "kernel's softirq work for them that ksoftirqd runs (on loopback, carrying what they write into "
                    + "the receivers' sockets) could not be told from the generator's and is not counted.\n");
        } else {
            s.append(String.format(Locale.ROOT, "Server CPU incl. softirq: every server is pinned to CPU %d and the "
                    + "generator to the others; on loopback the softirq that carries a server's writes into the "
                    + "receivers' sockets runs on the writer's CPU. ", serverCpu));
            s.append(accounting == Softirq.Accounting.SEPARATE
                    ? String.format(Locale.ROOT, "This kernel keeps interrupt time out of every task's "
                            + "(CONFIG_IRQ_TIME_ACCOUNTING), so the process's utime + stime (/proc/PID/stat) are added "
                            + "to the irq and softirq time of CPU %d (/proc/stat) over the same window.", serverCpu)
                    : String.format(Locale.ROOT, "This kernel's tick accounting charges the softirq run in the "
                            + "server's context to its stime already (adding CPU %d's softirq column would count it "
                            + "twice), so the process's utime + stime (/proc/PID/stat) are added to what CPU %d's "
                            + "ksoftirqd thread ran over the same window.", serverCpu, serverCpu));
            s.append(" Deliveries per server CPU-second = deliveries ÷ those CPU seconds.\n");
        }
        s.append("Receivers per message are the same on every server: a chatroom member gets none of its own "
                + "messages, and Redis's senders publish on connections of their own without subscribing.");
        s.append(servers.stream().anyMatch(server -> server.protocol().echoesToSender())
                ? " JSON events also come back to their sender, marked as echoes: a delivery the server makes that "
                        + "is not counted.\n" : "\n");
        s.append(String.format(Locale.ROOT, "Unthrottled workloads (1, 5): a throughput ratio is marked \"peer not "
                + "saturated; ratio not valid\" when either server used less than %.0f%% of a core (median; "
                + "incl. softirq), and names the generator when it used %.0f%% of its core or more: then it, "
                + "not the server, set the pace.%n", Saturation.BUSY_PERCENT, Saturation.BUSY_PERCENT));
        s.append(String.format(Locale.ROOT, "Fixed rates (2, 3, 6, 7): a p99 ratio names the generator when it used "
                + "%.0f%% of its core or more (median) in either server's runs: it then queued what it read, and "
                + "that wait is in the latency it recorded.%n", Saturation.BUSY_PERCENT));
        return s.toString();
    }

    private void fanOutRows(Suite.Workload w) {
        String title = describe(w);
        Function<Suite.Outcome, Double> deliveries = fanOut(FanOutResult::deliveriesPerSecond);
        if (w.throughput()) {
            Function<Suite.Outcome, Double> perCpuSecond = fanOut(SuiteReport::deliveriesPerCpuSecond);
            Double ratio = w.number() == 1 ? subjectRatio(w, perCpuSecond) : null;
            numbers(w, title, "deliveries per server CPU-second (" + cpuKind() + ")", perCpuSecond,
                    SuiteReport::perSecond, Flag.SATURATION, w.number() == 1 ? times(CPU_SECOND_FACTOR) : "",
                    ratio == null ? null : ratio >= CPU_SECOND_FACTOR);
        }
        switch (w.number()) {
            case 1 -> {
                Double ratio = subjectRatio(w, deliveries);
                numbers(w, title, "deliveries/s (messages × receivers)", deliveries, SuiteReport::perSecond,
                        Flag.SATURATION, times(RATE_FACTOR), ratio == null ? null : ratio >= RATE_FACTOR);
                numbers(w, title, "messages sent/s", fanOut(FanOutResult::sentPerSecond), SuiteReport::perSecond);
                latencyRows(w, title, false);
            }
            case 2, 3, 6, 7 -> {
                numbers(w, title, "deliveries/s", deliveries, SuiteReport::perSecond);
                latencyRows(w, title, true);
            }
            case 5 -> {
                text(w, title, "slow consumers cut off", o -> o.fanOut() == null ? null
                                : String.format(Locale.ROOT, "%d of %d", o.fanOut().slowCutOff(), w.slowClients()),
                        "all, at the output cap", allOfSubject(w, o -> o.fanOut() != null
                                && o.fanOut().slowCutOff() == o.fanOut().slowClients()));
                long allowedKiB = (w.slowClients() * outputCapBytes + SLOW_GROWTH_MARGIN_BYTES) / 1024;
                Function<Suite.Outcome, Double> growth = fanOut(f -> f.server() == null ? null
                        : (double) f.server().growthKiB());
                Double subjectGrowth = median(values(w, subject, growth));
                numbers(w, title, "server RSS growth while sending", growth, SuiteReport::kib, Flag.NONE,
                        "≤ " + w.slowClients() + " × cap + 20 MiB = " + kib(allowedKiB),
                        subjectGrowth == null ? null : subjectGrowth <= allowedKiB);
                numbers(w, title, "readers' deliveries/s", deliveries, SuiteReport::perSecond, Flag.SATURATION, "", null);
                keptRow(w, title, deliveries);
                latencyRows(w, title, false);
            }
            default -> numbers(w, title, "deliveries/s", deliveries, SuiteReport::perSecond);
        }
        text(w, title, "receivers per message", server -> receivers(w, server));
        text(w, title, "lost / duplicated / reordered", o -> integrity(o.fanOut()), "0 / 0 / 0",
                allOfSubject(w, Suite.Outcome::clean));
        Function<Double, String> percent = v -> String.format(Locale.ROOT, "%.0f%%", v);
        if (serverCpu != null) {
            numbers(w, title, "server CPU incl. softirq (% of one core)", fanOut(f -> f.server() == null ? null
                    : f.server().cpuWithInterruptsPercent()), percent);
        }
        numbers(w, title, "server CPU, /proc/PID/stat alone (% of one core)", fanOut(f -> f.server() == null ? null
                : f.server().cpuPercentOfOneCore()), percent);
        if (serverCpu != null) {
            numbers(w, title, "irq + softirq on its CPU (% of one core" + (accounting == Softirq.Accounting.SEPARATE
                    ? ")" : "; on this kernel already in /proc/PID/stat)"), fanOut(f -> f.server() == null
                    ? null : f.server().cpuInterruptPercent()), percent);
        }
        numbers(w, title, "generator CPU (% of one core)", fanOut(FanOutResult::generatorCpuPercent), percent);
        if (outcomesOf(w).values().stream().flatMap(List::stream).anyMatch(o -> o.fanOut() != null
                && o.fanOut().tls() != null)) {
            numbers(w, title, "TLS record size received (bytes)", fanOut(f -> f.tls() == null ? null
                    : f.tls().bytesPerRecord()), v -> String.format(Locale.ROOT, "%,.0f", v));
        }
    }

    /** Workload 5's readers' deliveries/s as a share of workload 1's, medians against medians. */
    private void keptRow(Suite.Workload w, String title, Function<Suite.Outcome, Double> deliveries) {
        Suite.Workload w1 = workloads.get(1);
        List<String> cells = new ArrayList<>();
        Double subjectKept = null;
        for (Suite.Server server : servers) {
            Double now = median(values(w, server, deliveries));
            Double before = w1 == null ? null : median(values(w1, server, deliveries));
            Double kept = now == null || before == null || before == 0 ? null : now / before;
            cells.add(kept == null ? "" : String.format(Locale.ROOT, "%.0f%%", kept * 100));
            if (server == subject) {
                subjectKept = kept;
            }
        }
        row(w, title, "… as a share of workload 1's", cells, blankRatios(),
                String.format(Locale.ROOT, "≥ %.0f%%", KEPT_THROUGHPUT * 100),
                subjectKept == null ? null : subjectKept >= KEPT_THROUGHPUT);
    }

    /**
     * Over TLS, what each server negotiated, and whether they agree: a comparison of servers
     * that encrypt with different ciphers is not like for like. Empty over plain TCP.
     */
    private String tlsNote() {
        Map<String, String> chosen = new LinkedHashMap<>();
        outcomes.values().forEach(byColumn -> byColumn.forEach((column, runs) -> runs.forEach(o -> {
            if (o.fanOut() != null && o.fanOut().tls() != null) {
                chosen.merge(column, o.fanOut().tls().negotiated(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
        })));
        if (chosen.isEmpty()) {
            return "";
        }
        List<String> each = new ArrayList<>();
        chosen.forEach((column, tls) -> each.add(column + " " + tls));
        boolean same = chosen.values().stream().distinct().count() == 1 && !chosen.values().iterator().next().contains(";");
        return "Over TLS (every connection; the generator trusts exactly the servers' certificate): "
                + String.join(", ", each)
                + (chosen.size() < 2 ? ".\n\n" : same ? ": the same cipher on all.\n\n"
                        : ": **the servers negotiated different ciphers**, so this is not like for like.\n\n");
    }

    /** A target of at least {@code factor} times the reference server's. */
    private String times(double factor) {
        return String.format(Locale.ROOT, "≥ %s × %s", factor == Math.rint(factor) ? String.format(Locale.ROOT,
                "%.0f", factor) : String.valueOf(factor), referenceName());
    }

    private void latencyRows(Suite.Workload w, String title, boolean p99Target) {
        Function<Suite.Outcome, Double> p99 = fanOut(f -> f.latency().p99Micros());
        if (p99Target) {
            Double ratio = subjectRatio(w, p99);
            boolean lost = !allOfSubject(w, o -> o.fanOut() != null && o.fanOut().lost() == 0);
            numbers(w, title, "latency p99 (ms)", p99, SuiteReport::millis, Flag.GENERATOR,
                    "≤ " + referenceName() + "'s, nothing lost", ratio == null ? null : ratio <= P99_FACTOR && !lost);
        } else {
            numbers(w, title, "latency p99 (ms)", p99, SuiteReport::millis);
        }
        List<String> cells = new ArrayList<>();
        for (Suite.Server server : servers) {
            List<String> parts = new ArrayList<>();
            for (Function<Latency, Double> part : List.<Function<Latency, Double>>of(Latency::p50Micros,
                    Latency::p999Micros, Latency::maxMicros)) {
                Double m = median(values(w, server, fanOut(f -> part.apply(f.latency()))));
                parts.add(m == null ? "" : millis(m));
            }
            cells.add(parts.get(0).isEmpty() ? blank(w, server) : String.join(" / ", parts));
        }
        row(w, title, "latency p50 / p99.9 / max (ms), medians", cells, blankRatios(), "", null);
    }

    private void idleRows(Suite.Workload w) {
        String title = describe(w);
        Function<Suite.Outcome, Double> perConnection = memory(m -> m.bytesPerConnection(w.clients()));
        Double subjectBytes = median(values(w, subject, perConnection));
        numbers(w, title, "RSS per idle connection (settled)", perConnection,
                v -> String.format(Locale.ROOT, "%,.0f B", v), Flag.NONE, "≤ 1 KiB",
                subjectBytes == null ? null : subjectBytes <= IDLE_BYTES_PER_CONNECTION);
        numbers(w, title, "peak RSS during the join storm", memory(m -> (double) m.peakRssKiB()), SuiteReport::kib);
        text(w, title, "RSS before / settled", o -> o.idle() == null || o.idle().memory() == null ? null
                : kib(o.idle().memory().baselineRssKiB()) + " / " + kib(o.idle().memory().settledRssKiB()), "", null);
        numbers(w, title, "connect + join time", o -> o.idle() == null ? null : o.idle().connectSeconds(),
                v -> String.format(Locale.ROOT, "%.2f s", v));
        text(w, title, "disconnected", o -> o.idle() == null ? null : String.valueOf(o.idle().disconnects()), "0",
                allOfSubject(w, Suite.Outcome::clean));
    }

    // Rows.

    private void numbers(Suite.Workload w, String title, String measure, Function<Suite.Outcome, Double> value,
                         Function<Double, String> format) {
        numbers(w, title, measure, value, format, Flag.NONE, "", null);
    }

    /** What a row's ratios are to be read with ({@link Saturation}). */
    private enum Flag {
        NONE,
        /** A throughput ratio, in an unthrottled workload: whether both servers were saturated. */
        SATURATION,
        /** A latency ratio at a fixed rate: whether the generator was busy. */
        GENERATOR
    }

    /**
     * A row of numbers: per server the median and range of its runs, per compared server its
     * ratios to Redis, each with what {@code flag} asks for.
     */
    private void numbers(Suite.Workload w, String title, String measure, Function<Suite.Outcome, Double> value,
                         Function<Double, String> format, Flag flagging, String target, Boolean met) {
        List<String> cells = new ArrayList<>();
        for (Suite.Server server : servers) {
            List<Double> v = present(values(w, server, value));
            cells.add(v.isEmpty() ? blank(w, server) : Spread.format(v, format));
        }
        List<String> ratios = new ArrayList<>();
        for (Suite.Server server : compared) {
            List<Double> r = ratios(w, server, value);
            String cell = r.isEmpty() ? "" : Spread.format(r, v -> String.format(Locale.ROOT, "%.2f", v));
            String flag = cell.isEmpty() ? "" : switch (flagging) {
                case SATURATION -> w.throughput() ? Saturation.flag(side(w, server), side(w, reference)) : "";
                case GENERATOR -> Saturation.generatorFlag(side(w, server), side(w, reference));
                case NONE -> "";
            };
            ratios.add(flag.isEmpty() ? cell : cell + " — " + flag);
        }
        row(w, title, measure, cells, ratios, target, met);
    }

    private void text(Suite.Workload w, String title, String measure, Function<Suite.Server, String> cell) {
        List<String> cells = new ArrayList<>();
        for (Suite.Server server : servers) {
            cells.add(runsOf(w, server).isEmpty() ? "" : cell.apply(server));
        }
        row(w, title, measure, cells, blankRatios(), "", null);
    }

    /** A row of words: per server its runs' values, once if they agree, else each, separated by ";". */
    private void text(Suite.Workload w, String title, String measure, Function<Suite.Outcome, String> value,
                      String target, Boolean met) {
        List<String> cells = new ArrayList<>();
        for (Suite.Server server : servers) {
            List<String> v = runsOf(w, server).stream().map(o -> o.failure() == null ? value.apply(o) : null)
                    .filter(Objects::nonNull).distinct().toList();
            cells.add(v.isEmpty() ? blank(w, server) : String.join("; ", v));
        }
        row(w, title, measure, cells, blankRatios(), target, met);
    }

    private void row(Suite.Workload w, String title, String measure, List<String> cells, List<String> ratios,
                     String target, Boolean met) {
        boolean first = lastWorkload != w.number();
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
        StringBuilder s = new StringBuilder("| ").append(first ? w.number() : "").append(" | ")
                .append(first ? title : "").append(" | ").append(measure).append(" |");
        cells.forEach(c -> s.append(' ').append(c).append(" |"));
        ratios.forEach(r -> s.append(' ').append(r).append(" |"));
        rows.add(s.append(' ').append(target).append(" | ").append(verdict).append(" |").toString());
        lastWorkload = w.number();
    }

    private List<String> blankRatios() {
        return compared.stream().map(s -> "").toList();
    }

    /** A cell with no value: the server was not in the run (blank), or its runs failed or gave none. */
    private String blank(Suite.Workload w, Suite.Server server) {
        List<Suite.Outcome> runs = runsOf(w, server);
        return runs.isEmpty() ? "" : runs.stream().allMatch(o -> o.failure() != null) ? "failed" : "—";
    }

    // Values.

    private Map<String, List<Suite.Outcome>> outcomesOf(Suite.Workload w) {
        return outcomes.getOrDefault(w.number(), Map.of());
    }

    private List<Suite.Outcome> runsOf(Suite.Workload w, Suite.Server server) {
        return outcomesOf(w).getOrDefault(server.column(), List.of());
    }

    /** Run by run, the value or null where the run failed or has none: index r is repetition r. */
    private List<Double> values(Suite.Workload w, Suite.Server server, Function<Suite.Outcome, Double> value) {
        List<Double> values = new ArrayList<>();
        for (Suite.Outcome o : runsOf(w, server)) {
            Double v = o.failure() == null ? value.apply(o) : null;
            values.add(v == null || v.isNaN() ? null : v);
        }
        return values;
    }

    private static List<Double> present(List<Double> values) {
        return values.stream().filter(Objects::nonNull).toList();
    }

    private static Double median(List<Double> values) {
        List<Double> present = present(values);
        return present.isEmpty() ? null : Spread.median(present);
    }

    /** Each repetition's ratio of {@code server}'s value to the reference's, where both have one. */
    private List<Double> ratios(Suite.Workload w, Suite.Server server, Function<Suite.Outcome, Double> value) {
        List<Double> mine = values(w, server, value);
        List<Double> theirs = values(w, reference, value);
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < Math.min(mine.size(), theirs.size()); r++) {
            if (mine.get(r) != null && theirs.get(r) != null && theirs.get(r) != 0) {
                ratios.add(mine.get(r) / theirs.get(r));
            }
        }
        return ratios;
    }

    /** The median of the first server's ratios to Redis, for a target; null without both. */
    private Double subjectRatio(Suite.Workload w, Function<Suite.Outcome, Double> value) {
        return reference == null || subject == reference ? null : median(ratios(w, subject, value));
    }

    /** Whether the first server ran and every one of its runs passes; null if it did not run. */
    private Boolean allOfSubject(Suite.Workload w, Predicate<Suite.Outcome> test) {
        List<Suite.Outcome> runs = runsOf(w, subject);
        return runs.isEmpty() ? null : runs.stream().allMatch(test);
    }

    /** A server's median CPU and its generator's in a fan-out workload, for {@link Saturation}. */
    private Saturation.Side side(Suite.Workload w, Suite.Server server) {
        Double cpu = median(values(w, server, fanOut(SuiteReport::serverCpuPercent)));
        Double generator = median(values(w, server, fanOut(FanOutResult::generatorCpuPercent)));
        return new Saturation.Side(server.column(), cpu == null ? Double.NaN : cpu,
                generator == null ? Double.NaN : generator);
    }

    private static Function<Suite.Outcome, Double> fanOut(Function<FanOutResult, Double> value) {
        return o -> o.fanOut() == null ? null : value.apply(o.fanOut());
    }

    private static Function<Suite.Outcome, Double> memory(Function<IdleResult.Memory, Double> value) {
        return o -> o.idle() == null || o.idle().memory() == null ? null : value.apply(o.idle().memory());
    }

    /** The server's CPU, as a share of a core, with its CPU's interrupt time where that was measured. */
    private static Double serverCpuPercent(FanOutResult f) {
        ServerUsage u = f.server();
        return u == null ? null : u.interruptsKnown() ? u.cpuWithInterruptsPercent() : u.cpuPercentOfOneCore();
    }

    /** Deliveries in the window per CPU-second the server used in it, interrupt time included where measured. */
    private static Double deliveriesPerCpuSecond(FanOutResult f) {
        ServerUsage u = f.server();
        if (u == null) {
            return null;
        }
        double seconds = u.interruptsKnown() ? u.cpuWithInterruptsSeconds() : u.cpuSeconds();
        return seconds > 0 ? f.deliveries() / seconds : null;
    }

    private String cpuKind() {
        return serverCpu == null ? "process only" : "incl. softirq";
    }

    private String referenceName() {
        return reference == null ? "Redis" : reference.column();
    }

    /** How many receive each message on {@code server}: the same number on every server, by design. */
    private static String receivers(Suite.Workload w, Suite.Server server) {
        String slow = w.slowClients() > 0 ? String.format(Locale.ROOT, " + %d slow", w.slowClients()) : "";
        String echo = server.protocol().echoesToSender() ? " + the sender's own echo" : "";
        return String.format(Locale.ROOT, "%,d%s%s", w.clients() - 1, slow, echo);
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

    private List<String> dirtyRuns() {
        List<String> dirty = new ArrayList<>();
        outcomes.forEach((number, byColumn) -> byColumn.forEach((column, runs) -> {
            long failed = runs.stream().filter(o -> o.failure() != null).count();
            long unclean = runs.stream().filter(o -> o.failure() == null && !o.clean()).count();
            if (failed > 0) {
                dirty.add(String.format(Locale.ROOT, "workload %d on %s could not run (%d of %d runs)", number, column,
                        failed, runs.size()));
            }
            if (unclean > 0) {
                dirty.add(String.format(Locale.ROOT, "workload %d on %s was not clean (%d of %d runs)", number, column,
                        unclean, runs.size()));
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
}
