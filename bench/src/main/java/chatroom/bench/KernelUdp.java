package chatroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where UDP datagrams went missing, counted by others: the kernel's {@code Udp:} counters in
 * {@code /proc/net/snmp} (a receive buffer that was full, a send buffer that was, any input
 * error) and the server's own {@code udp} counters on its {@code /metrics} page (what it dropped
 * over a user's output rate or queue, flood drops, a full send buffer). Read before and after a
 * run; the report gives the differences.
 *
 * <p>The kernel counts for its whole network namespace: on loopback both ends of every run, and
 * whatever else on the machine uses UDP at the same time.
 */
final class KernelUdp {

    /** The kernel's counters the report shows, in its order. */
    static final List<String> KERNEL_COUNTERS = List.of("RcvbufErrors", "SndbufErrors", "InErrors");

    private static final Path SNMP = Path.of("/proc/net/snmp");
    private static final String UDP = "Udp:";

    private KernelUdp() {}

    /** The {@code Udp:} counters of /proc/net/snmp by name; empty where there is no such file. */
    static Map<String, Long> kernel() {
        try {
            return parseSnmp(Files.readString(SNMP, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** The {@code Udp:} header line's names with the values of the line after it. */
    static Map<String, Long> parseSnmp(String snmp) {
        Map<String, Long> counters = new LinkedHashMap<>();
        String[] lines = snmp.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith(UDP + " ") && lines[i + 1].startsWith(UDP + " ")) {
                String[] names = lines[i].substring(UDP.length()).trim().split("\\s+");
                String[] values = lines[i + 1].substring(UDP.length()).trim().split("\\s+");
                for (int j = 0; j < Math.min(names.length, values.length); j++) {
                    counters.put(names[j], Long.parseLong(values[j]));
                }
                break;
            }
        }
        return counters;
    }

    /** The server's counters whose name has {@code udp} in it, from its /metrics page; empty without one. */
    static Map<String, Long> server(URI metrics) throws IOException {
        if (metrics == null) {
            return Map.of();
        }
        URL url = metrics.toURL();
        try (InputStream in = url.openStream()) {
            return parseMetrics(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Samples ({@code name{labels} value}) whose name mentions udp, by name and labels, in the page's order. */
    static Map<String, Long> parseMetrics(String page) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String line : page.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            String sample = line.substring(0, space);
            int labels = sample.indexOf('{');
            String name = labels < 0 ? sample : sample.substring(0, labels);
            if (name.contains("udp") && name.endsWith("_total")) {
                counters.put(sample, Math.round(Double.parseDouble(line.substring(space + 1))));
            }
        }
        return counters;
    }

    /** {@code after - before}, counter by counter, for the counters {@code after} has. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((name, value) -> delta.put(name, value - before.getOrDefault(name, 0L)));
        return delta;
    }
}
