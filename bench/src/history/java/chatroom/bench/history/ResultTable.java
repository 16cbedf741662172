package chatroom.bench.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The repetitions of each format and fsync policy as markdown tables, pure: every cell is the
 * median with the range of the runs beside it, "median (min–max)", the machine being shared.
 */
final class ResultTable {

    private record Column(String title, ToDoubleFunction<RunResult> value, String pattern) {}

    private static final List<Column> APPENDS = List.of(
            new Column("appends/s", RunResult::appendsPerSec, "%,.0f"),
            new Column("CPU s", RunResult::appendCpuSec, "%.1f"),
            new Column("appends/CPU-s", r -> r.records() / r.appendCpuSec(), "%,.0f"),
            new Column("dropped", r -> r.dropped(), "%,.0f"),
            new Column("bytes/record", RunResult::bytesPerRecord, "%.1f"),
            new Column("disk MiB", RunResult::diskMiB, "%.1f"),
            new Column("close ms", RunResult::closeMs, "%.0f"),
            new Column("load avg", RunResult::load1, "%.2f"));
    private static final List<Column> START = List.of(
            new Column("open + lobby ms", RunResult::openMs, "%.1f"),
            new Column("all rooms ms", RunResult::loadAllMs, "%.0f"),
            new Column("room p50 ms", RunResult::roomP50Ms, "%.3f"),
            new Column("room p99 ms", RunResult::roomP99Ms, "%.3f"),
            new Column("heap MiB", RunResult::heapMiB, "%.1f"),
            new Column("held MiB", RunResult::heldMiB, "%.1f"),
            new Column("disk MiB", RunResult::diskMiB, "%.1f"),
            new Column("load avg", RunResult::load1, "%.2f"));

    private ResultTable() {}

    /** Two tables, the appends and the start, one row per format and policy in the order first seen. */
    static String markdown(List<RunResult> results) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult result : results) {
            groups.computeIfAbsent(result.format() + " " + result.fsync(), key -> new ArrayList<>()).add(result);
        }
        return table("Appends", APPENDS, groups) + "\n" + table("Start", START, groups);
    }

    private static String table(String title, List<Column> columns, Map<String, List<RunResult>> groups) {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n| format | fsync | runs |");
        StringBuilder rule = new StringBuilder("| --- | --- | ---: |");
        for (Column column : columns) {
            out.append(' ').append(column.title()).append(" |");
            rule.append(" ---: |");
        }
        out.append('\n').append(rule).append('\n');
        for (List<RunResult> all : groups.values()) {
            // Runs that started from a kept log measured no appends; they count in the start table only.
            List<RunResult> runs = title.equals("Appends")
                    ? all.stream().filter(r -> !Double.isNaN(r.appendsPerSec())).toList() : all;
            if (runs.isEmpty()) {
                continue;
            }
            RunResult first = runs.get(0);
            out.append("| ").append(first.format()).append(" | ").append(first.fsync()).append(" | ")
                    .append(runs.size()).append(" |");
            for (Column column : columns) {
                out.append(' ').append(cell(runs, column)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** "median (min–max)", or the one value of a single run. */
    private static String cell(List<RunResult> runs, Column column) {
        double[] values = runs.stream().mapToDouble(column.value()).toArray();
        String median = String.format(Locale.ROOT, column.pattern(), Percentiles.median(values));
        if (values.length == 1) {
            return median;
        }
        return median + " (" + String.format(Locale.ROOT, column.pattern(), Percentiles.of(values, 0.0001)) + "–"
                + String.format(Locale.ROOT, column.pattern(), Percentiles.of(values, 100)) + ")";
    }
}
