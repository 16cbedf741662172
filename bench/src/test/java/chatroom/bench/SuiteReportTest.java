package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's arithmetic and verdicts, on made-up results: no timing is measured here. */
class SuiteReportTest {

    private static final long MIB = 1024 * 1024;
    private final List<Suite.Workload> workloads = Suite.workloads(false, 32);
    private final SuiteReport report = new SuiteReport(false, MIB);

    @Test
    void judgesEachTargetOnChatroomAgainstRedis() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0), fanOut("redis", 8e6, 9_000, 0, 0, 0));
        add(2, fanOut("chatroom", 2e5, 3_000, 0, 0, 0), fanOut("redis", 2e5, 1_000, 0, 0, 0));
        add(3, fanOut("chatroom", 2e5, 1_900, 0, 0, 0), fanOut("redis", 2e5, 1_000, 0, 0, 0));
        add(4, idle("chatroom", 1_000), idle("redis", 3_000));
        add(5, fanOut("chatroom", 8e6, 5_000, 10, 10, 25 * 1024), fanOut("redis", 6e6, 9_000, 10, 10, 12 * 1024));

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries/s (messages × receivers)")).contains("| 9.00 M | 8.00 M | 1.13 |").endsWith("| yes |");
        // Workload 2: 3 ms against 1 ms is over twice; workload 3: 1.9 ms is under.
        assertThat(rows(table, "latency p99 (ms)").get(1)).contains("| 3.00 | 1.00 | 3.00 |").endsWith("| **no** |");
        assertThat(rows(table, "latency p99 (ms)").get(2)).endsWith("| yes |");
        assertThat(row(table, "RSS per idle connection")).contains("| 1,000 B | 3,000 B |").endsWith("| yes |");
        assertThat(row(table, "slow consumers cut off")).contains("10 of 10").endsWith("| yes |");
        assertThat(row(table, "server RSS growth")).contains("≤ 10 × cap + 20 MiB = 30.0 MiB").endsWith("| yes |");
        assertThat(row(table, "… as a share of workload 1's")).contains("| 89% | 75% |").endsWith("| yes |");
        assertThat(table).contains("Targets met: 11 of 12.").contains("Integrity: every run clean");
    }

    @Test
    void aLossFailsTheLatencyTargetAndTheIntegrityLine() {
        add(2, fanOut("chatroom", 2e5, 1_000, 0, 0, 0, 3), fanOut("redis", 2e5, 1_000, 0, 0, 0));

        String table = report.toMarkdown();

        assertThat(row(table, "latency p99 (ms)")).endsWith("| **no** |");
        assertThat(row(table, "lost / duplicated / reordered")).contains("| 3 / 0 / 0 |");
        assertThat(table).contains("Integrity FAILED: workload 2 on chatroom was not clean");
    }

    @Test
    void aRunThatCouldNotStartShowsAsFailed() {
        report.add(workloads.get(0), "chatroom", new Suite.Outcome(null, null, "only 3 of 100 got in"));
        report.add(workloads.get(0), "redis", new Suite.Outcome(fanOut("redis", 8e6, 9_000, 0, 0, 0), null, null));

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries/s")).contains("| failed | 8.00 M |").endsWith("| no result |");
        assertThat(table).contains("workload 1 on chatroom could not run");
    }

    @Test
    void overTlsTheTableSaysWhatEachServerNegotiatedAndWhetherTheyAgree() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_AES_256_GCM_SHA384")),
                fanOut("redis", 8e6, 9_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_AES_256_GCM_SHA384")));

        String table = report.toMarkdown();
        assertThat(table).contains("chatroom TLSv1.3 TLS_AES_256_GCM_SHA384, redis TLSv1.3 "
                + "TLS_AES_256_GCM_SHA384: the same cipher on both.");
        assertThat(row(table, "TLS record size received (bytes)")).contains("| 100 | 100 |");

        add(2, fanOut("chatroom", 2e5, 3_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_AES_256_GCM_SHA384")),
                fanOut("redis", 2e5, 1_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_CHACHA20_POLY1305_SHA256")));

        assertThat(report.toMarkdown()).contains("**the servers negotiated different ciphers**");
    }

    @Test
    void overPlainTcpTheTableSaysNothingOfTls() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0), fanOut("redis", 8e6, 9_000, 0, 0, 0));

        assertThat(report.toMarkdown()).doesNotContain("TLS");
    }

    private void add(int workload, FanOutResult chatroom, FanOutResult redis) {
        Suite.Workload w = workloads.get(workload - 1);
        report.add(w, "chatroom", new Suite.Outcome(chatroom, null, null));
        report.add(w, "redis", new Suite.Outcome(redis, null, null));
    }

    private void add(int workload, IdleResult chatroom, IdleResult redis) {
        Suite.Workload w = workloads.get(workload - 1);
        report.add(w, "chatroom", new Suite.Outcome(null, chatroom, null));
        report.add(w, "redis", new Suite.Outcome(null, redis, null));
    }

    private static FanOutResult fanOut(String target, double deliveriesPerSecond, double p99Micros, int slow,
                                       int slowCutOff, long growthKiB) {
        return fanOut(target, deliveriesPerSecond, p99Micros, slow, slowCutOff, growthKiB, 0);
    }

    private static FanOutResult fanOut(String target, double deliveriesPerSecond, double p99Micros, int slow,
                                       int slowCutOff, long growthKiB, long lost) {
        long deliveries = (long) (deliveriesPerSecond * 10);
        return new FanOutResult(target, 100, 10, 110, "window 32", 64, 2, 10, deliveries / 99, deliveries,
                deliveries, deliveries, lost, 0, 0, 0, 0, 0, new Latency(1000, p99Micros / 2, p99Micros, p99Micros * 2,
                p99Micros * 3), 0, 0, 0, slow, slowCutOff, List.of(), 5,
                new ServerUsage(9, 10, 100 * 1024, 100 * 1024, 100 * 1024 + growthKiB, true), null, false);
    }

    /** 1,000 records of 100 bytes. */
    private static FanOutResult.Tls tls(String negotiated) {
        return new FanOutResult.Tls(negotiated, 1_000, 100_000);
    }

    private static IdleResult idle(String target, int bytesPerConnection) {
        long settledKiB = 20 * 1024 + 10_000L * bytesPerConnection / 1024;
        return new IdleResult(target, 10_000, 5, 1, true, 0, 0, List.of(),
                new IdleResult.Memory(20 * 1024, 80 * 1024, true, settledKiB, 3, -1, -1));
    }

    private static String row(String table, String measure) {
        return rows(table, measure).get(0);
    }

    private static List<String> rows(String table, String measure) {
        return table.lines().filter(line -> line.contains("| " + measure)).toList();
    }
}
