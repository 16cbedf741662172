package chatroom.bench.history;

import java.util.List;
import java.util.Locale;

/**
 * One repetition of one format and fsync policy: what {@code history run} appends to the
 * results file as a line of tab-separated values, and {@code history table} reads back.
 *
 * @param format {@code log} (the server's HistoryStore) or {@code sqlite}
 * @param fsync {@code always}, {@code everysec} or {@code no}
 * @param appendsPerSec records written per second, from the first append until every record
 *     was written or dropped
 * @param appendCpuSec CPU time the process (feeder, writer, JIT, GC) took over the appends: on a
 *     shared machine, what the wall-clock rate cannot say
 * @param dropped records the writer did not keep (a full queue, a failed write)
 * @param bytesPerRecord bytes on disk after a clean close, over the records
 * @param closeMs the clean close after the appends (the last write and fsync)
 * @param openMs the start path: open, then the lobby's newest 20
 * @param loadAllMs every room's newest 20, one room after the other, as joins would ask
 * @param roomP50Ms one room's newest 20, median
 * @param roomP99Ms one room's newest 20, 99th percentile
 * @param heapMiB heap in use after a full GC, holding every room's newest 20
 * @param heldMiB of that, what the reads added: heap after them less heap before the open
 * @param diskMiB the log's bytes on disk
 * @param load1 the machine's one-minute load average as the run ended
 */
record RunResult(String format, String fsync, int records, int rooms, double appendsPerSec, double appendCpuSec,
        long dropped, double bytesPerRecord, double closeMs, double openMs, double loadAllMs, double roomP50Ms,
        double roomP99Ms, double heapMiB, double heldMiB, double diskMiB, double load1) {

    static final String HEADER = String.join("\t", List.of("format", "fsync", "records", "rooms", "appendsPerSec",
            "appendCpuSec", "dropped", "bytesPerRecord", "closeMs", "openMs", "loadAllMs", "roomP50Ms", "roomP99Ms",
            "heapMiB", "heldMiB", "diskMiB", "load1"));

    String toTsv() {
        return String.join("\t", format, fsync, Integer.toString(records), Integer.toString(rooms),
                f("%.0f", appendsPerSec), f("%.1f", appendCpuSec), Long.toString(dropped), f("%.1f", bytesPerRecord),
                f("%.1f", closeMs), f("%.1f", openMs), f("%.1f", loadAllMs), f("%.3f", roomP50Ms), f("%.3f", roomP99Ms),
                f("%.1f", heapMiB), f("%.1f", heldMiB), f("%.1f", diskMiB), f("%.2f", load1));
    }

    private static String f(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A line {@link #toTsv} wrote. @throws IllegalArgumentException for any other */
    static RunResult fromTsv(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 17) {
            throw new IllegalArgumentException("expected 17 tab-separated fields, got " + f.length + ": " + line);
        }
        try {
            return new RunResult(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), d(f[4]), d(f[5]),
                    Long.parseLong(f[6]), d(f[7]), d(f[8]), d(f[9]), d(f[10]), d(f[11]), d(f[12]), d(f[13]),
                    d(f[14]), d(f[15]), d(f[16]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a result line: " + line, e);
        }
    }

    private static double d(String field) {
        return Double.parseDouble(field);
    }
}
