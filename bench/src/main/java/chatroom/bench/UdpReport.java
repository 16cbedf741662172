package chatroom.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The UDP comparison's table: per workload, TCP users beside UDP users, each cell the median of
 * the runs and their spread (lowest to highest), and UDP's median as a share of TCP's. Loss is a
 * row of its own, with where it went: the server's drop counters and the kernel's.
 */
final class UdpReport {

    static final String TCP = "chatroom";
    static final String UDP = "udp";

    /**
     * One run on one transport.
     *
     * @param kernel the kernel's Udp counters over the run (/proc/net/snmp, the whole machine)
     * @param server the server's udp counters over the run (/metrics); empty without --metrics
     * @param failure why the run could not be carried out, or null
     */
    record Run(String target, FanOutResult fanOut, IdleResult idle, Map<String, Long> kernel,
               Map<String, Long> server, String failure) {

        boolean clean() {
            return failure == null && (fanOut != null ? fanOut.clean() : idle.clean());
        }
    }

    private final Map<Integer, Suite.Workload> workloads = new LinkedHashMap<>();
    private final Map<Integer, Map<String, List<Run>>> runs = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();
    private int lastWorkload;

    void add(Suite.Workload workload, Run run) {
        workloads.put(workload.number(), workload);
        runs.computeIfAbsent(workload.number(), n -> new LinkedHashMap<>())
                .computeIfAbsent(run.target(), t -> new ArrayList<>()).add(run);
    }

    String toMarkdown() {
        rows.clear();
        lastWorkload = 0;
        StringBuilder s = new StringBuilder();
        s.append("| # | Workload | Measure | TCP | UDP | UDP ÷ TCP |\n");
        s.append("|---|---|---|---:|---:|---:|\n");
        for (Suite.Workload w : workloads.values()) {
            if (w.idle()) {
                idleRows(w);
            } else {
                fanOutRows(w);
            }
        }
        rows.forEach(row -> s.append(row).append('\n'));
        s.append('\n').append("Each cell: the median of the runs [lowest–highest]. TCP and UDP runs alternate, "
                + "TCP first in odd rounds.\n");
        List<String> dirty = dirtyRuns();
        s.append(dirty.isEmpty() ? "Integrity: every run clean (nothing duplicated, reordered or corrupted, no user "
                        + "cut off; TCP lost nothing).\n"
                : "Integrity FAILED: " + String.join("; ", dirty) + "\n");
        return s.toString();
    }

    private void fanOutRows(Suite.Workload w) {
        fanOut(w, "deliveries/s (messages × receivers)", FanOutResult::deliveriesPerSecond, SuiteReport::perSecond);
        fanOut(w, "messages sent/s", FanOutResult::sentPerSecond, SuiteReport::perSecond);
        fanOut(w, "server CPU (% of one core)", f -> f.server() == null ? null : f.server().cpuPercentOfOneCore(),
                UdpReport::percent);
        fanOut(w, "server CPU per delivery (µs)", f -> f.server() == null || f.deliveries() == 0 ? null
                : f.server().cpuSeconds() * 1e6 / f.deliveries(), v -> String.format(Locale.ROOT, "%.2f", v));
        fanOut(w, "generator CPU (% of one core)", FanOutResult::generatorCpuPercent, UdpReport::percent);
        // Beside the server's: the side with the higher cost per delivery reaches its core's ceiling first.
        fanOut(w, "generator CPU per delivery (µs)", f -> f.deliveries() == 0 ? null
                : f.generatorCpuSeconds() * 1e6 / f.deliveries(), v -> String.format(Locale.ROOT, "%.2f", v));
        fanOut(w, "latency p50 (ms)", f -> f.latency().p50Micros(), SuiteReport::millis);
        fanOut(w, "latency p99 (ms)", f -> f.latency().p99Micros(), SuiteReport::millis);
        fanOut(w, "lost: owed − seen after the drain", f -> (double) f.lost(), v -> String.format(Locale.ROOT, "%,.0f", v));
        fanOut(w, "… as a share of what was owed", FanOutResult::lostShare,
                v -> String.format(Locale.ROOT, "%.3f%%", 100 * v));
        for (String counter : serverCounters(w)) {
            counterRow(w, "server: " + counter.replaceFirst("^chatroom_", ""), r -> r.server().get(counter));
        }
        for (String counter : KernelUdp.KERNEL_COUNTERS) {
            counterRow(w, "kernel Udp " + counter + " (whole machine)", r -> r.kernel().get(counter));
        }
    }

    /**
     * The server's counters of what it did not deliver that any run of this workload reported:
     * drops, blocked sends, and sessions it ended (timed out, no answer to a recheck).
     */
    private Set<String> serverCounters(Suite.Workload w) {
        Set<String> names = new LinkedHashSet<>();
        runs.getOrDefault(w.number(), Map.of()).values().forEach(list -> list.forEach(r -> r.server().keySet()
                .stream().filter(n -> n.contains("drop") || n.contains("blocked") || n.contains("closes"))
                .forEach(names::add)));
        return names;
    }

    private void idleRows(Suite.Workload w) {
        idle(w, "RSS per user (settled, after a full GC)", m -> m.bytesPerConnection(w.clients()), UdpReport::bytes);
        idle(w, "live heap per user (after a full GC)", m -> m.hasHeap() ? m.heapBytesPerConnection(w.clients()) : null,
                UdpReport::bytes);
        idle(w, "peak RSS during the joins", m -> (double) m.peakRssKiB(), SuiteReport::kib);
        row(w, "connect + join time", cells(w, r -> r.idle() == null ? null : r.idle().connectSeconds(),
                v -> String.format(Locale.ROOT, "%.2f s", v)));
    }

    private void fanOut(Suite.Workload w, String measure, Function<FanOutResult, Double> value,
                        Function<Double, String> format) {
        row(w, measure, cells(w, r -> r.fanOut() == null ? null : value.apply(r.fanOut()), format));
    }

    private void idle(Suite.Workload w, String measure, Function<IdleResult.Memory, Double> value,
                      Function<Double, String> format) {
        row(w, measure, cells(w, r -> r.idle() == null || r.idle().memory() == null ? null
                : value.apply(r.idle().memory()), format));
    }

    private void counterRow(Suite.Workload w, String measure, Function<Run, Long> value) {
        row(w, measure, cells(w, r -> {
            Long v = value.apply(r);
            return v == null ? null : v.doubleValue();
        }, v -> String.format(Locale.ROOT, "%,.0f", v)));
    }

    /** TCP's and UDP's cell, and the ratio of their medians. */
    private record Cells(String tcp, String udp, String ratio) {}

    private Cells cells(Suite.Workload w, Function<Run, Double> value, Function<Double, String> format) {
        Map<String, List<Run>> byTarget = runs.getOrDefault(w.number(), Map.of());
        List<Double> tcp = values(byTarget.get(TCP), value);
        List<Double> udp = values(byTarget.get(UDP), value);
        String ratio = tcp.isEmpty() || udp.isEmpty() || Spread.median(tcp) == 0 ? ""
                : String.format(Locale.ROOT, "%.2f", Spread.median(udp) / Spread.median(tcp));
        return new Cells(Spread.format(tcp, format), Spread.format(udp, format), ratio);
    }

    private static List<Double> values(List<Run> runs, Function<Run, Double> value) {
        List<Double> values = new ArrayList<>();
        if (runs != null) {
            for (Run run : runs) {
                Double v = run.failure() == null ? value.apply(run) : null;
                if (v != null && !v.isNaN()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    private void row(Suite.Workload w, String measure, Cells cells) {
        boolean first = lastWorkload != w.number();
        rows.add(String.format("| %s | %s | %s | %s | %s | %s |", first ? w.number() : "", first ? describe(w) : "",
                measure, cells.tcp(), cells.udp(), cells.ratio()));
        lastWorkload = w.number();
    }

    private static String describe(Suite.Workload w) {
        if (w.idle()) {
            return String.format(Locale.ROOT, "idle: %,d users in the lobby, joining at %,.0f/s", w.clients(),
                    w.connectRate());
        }
        String pacing = w.rate() > 0 ? String.format(Locale.ROOT, "%,.0f msg/s", w.rate())
                : "unthrottled, window " + w.window();
        return String.format(Locale.ROOT, "%s: %,d users, %d senders, %s, %d B, %.0f s", w.title(), w.clients(),
                w.senders(), pacing, w.payloadBytes(), w.durationSeconds());
    }

    private List<String> dirtyRuns() {
        List<String> dirty = new ArrayList<>();
        runs.forEach((number, byTarget) -> byTarget.forEach((target, list) -> {
            long bad = list.stream().filter(r -> !r.clean()).count();
            if (bad > 0) {
                dirty.add(String.format(Locale.ROOT, "workload %d on %s: %d of %d runs not clean", number, target,
                        bad, list.size()));
            }
        }));
        return dirty;
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v);
    }

    private static String bytes(double v) {
        return String.format(Locale.ROOT, "%,.0f B", v);
    }
}
