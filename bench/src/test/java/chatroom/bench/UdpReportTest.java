package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UDP comparison's arithmetic and table, on made-up results: no timing is measured here. */
class UdpReportTest {

    private final List<Suite.Workload> workloads = UdpComparison.workloads(false, 10_000);
    private final UdpReport report = new UdpReport();

    @Test
    void tcpAndUdpSideBySideWithLossAndWhereItWent() {
        for (double d : new double[] {1.0e6, 1.2e6, 1.1e6}) {
            report.add(workloads.get(0), run("chatroom", fanOut(d, 0, false), Map.of()));
        }
        long[] lost = {30, 10, 20};
        for (int i = 0; i < 3; i++) {
            report.add(workloads.get(0), run("udp", fanOut(5e5, lost[i], true),
                    Map.of("chatroom_udp_output_drops_total", lost[i], "chatroom_udp_hellos_total", 100L,
                            "chatroom_udp_recheck_closes_total", 0L)));
        }

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries/s")).contains("| 1.10 M [1.00 M–1.20 M] | 500,000 [500,000–500,000] | 0.45 |");
        assertThat(row(table, "lost: owed")).contains("| 0 [0–0] | 20 [10–30] |");
        assertThat(row(table, "server: udp_output_drops_total")).contains("| — | 20 [10–30] |");
        assertThat(row(table, "server: udp_recheck_closes_total")).contains("| — | 0 [0–0] |");
        assertThat(table).doesNotContain("udp_hellos_total");
        assertThat(row(table, "kernel Udp RcvbufErrors")).contains("| 5 [5–5] | 5 [5–5] |");
        assertThat(table).contains("Integrity: every run clean");
    }

    @Test
    void tcpLossAndRunsThatCouldNotStartAreNotClean() {
        report.add(workloads.get(0), run("chatroom", fanOut(1e6, 1, false), Map.of()));
        report.add(workloads.get(0), new UdpReport.Run("udp", null, null, Map.of(), Map.of(), "only 3 of 100 got in"));

        String table = report.toMarkdown();

        assertThat(table).contains("workload 1 on chatroom: 1 of 1 runs not clean")
                .contains("workload 1 on udp: 1 of 1 runs not clean");
        assertThat(row(table, "deliveries/s")).contains("| 1.00 M | — |");
    }

    @Test
    void idleRowsGivePerUserMemoryFromRssAndHeap() {
        report.add(workloads.get(2), new UdpReport.Run("udp", null, idle(10_000), Map.of(), Map.of(), null));

        String table = report.toMarkdown();

        // (30 - 20 MiB) / 10,000 users of RSS; (15 - 10 MiB) / 10,000 of heap.
        assertThat(row(table, "RSS per user")).contains("| 1,049 B |");
        assertThat(row(table, "live heap per user")).contains("| 524 B |");
    }

    private static IdleResult idle(int users) {
        return new IdleResult("udp", users, 25, 1, true, 0, 0, List.of(),
                new IdleResult.Memory(20 * 1024, 40 * 1024, true, 30 * 1024, 3, 10 * 1024, 15 * 1024));
    }

    private static UdpReport.Run run(String target, FanOutResult fanOut, Map<String, Long> server) {
        return new UdpReport.Run(target, fanOut, null, Map.of("RcvbufErrors", 5L), server, null);
    }

    private static FanOutResult fanOut(double deliveriesPerSecond, long lost, boolean lossAllowed) {
        long deliveries = (long) (deliveriesPerSecond * 10);
        return new FanOutResult(lossAllowed ? "udp" : "chatroom", 100, 10, 100, "window 32", 64, 2, 10,
                deliveries / 99, deliveries, deliveries, deliveries - lost, lost, 0, 0, 0, 0, 0,
                new Latency(1000, 500, 1000, 2000, 3000), 0, 0, 0, 0, 0, List.of(), 5,
                new ServerUsage(5, Double.NaN, Double.NaN, 10, 100 * 1024, 100 * 1024, 100 * 1024, true), null, lossAllowed);
    }

    private static String row(String table, String measure) {
        return table.lines().filter(l -> l.contains("| " + measure)).findFirst().orElseThrow();
    }
}
