package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's arithmetic and verdicts, on made-up results: no timing is measured here. */
class SuiteReportTest {

    private static final long MIB = 1024 * 1024;
    private final List<Suite.Workload> workloads = Suite.workloads(false, 32);
    private final Suite.Server chatroom = new Suite.Server("chatroom", new ChatroomProtocol(), "127.0.0.1", 1, 1L);
    private final Suite.Server redis = new Suite.Server("Redis", new RespProtocol(), "127.0.0.1", 2, 2L);
    private final SuiteReport report = new SuiteReport(List.of(chatroom, redis), false, MIB, 0, Softirq.Accounting.IN_TASK);

    @Test
    void judgesEachTargetOnChatroomAgainstRedis() {
        add(1, fanOut("chatroom", 16e6, 5_000, 0, 0, 0), fanOut("redis", 8e6, 9_000, 0, 0, 0));
        add(2, fanOut("chatroom", 2e5, 3_000, 0, 0, 0), fanOut("redis", 2e5, 1_000, 0, 0, 0));
        add(3, fanOut("chatroom", 2e5, 900, 0, 0, 0), fanOut("redis", 2e5, 1_000, 0, 0, 0));
        add(4, idle("chatroom", 1_000), idle("redis", 3_000));
        add(5, fanOut("chatroom", 14e6, 5_000, 10, 10, 25 * 1024), fanOut("redis", 6e6, 9_000, 10, 10, 12 * 1024));

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries per server CPU-second")).contains("| 2.00 | ≥ 2 × Redis | yes |");
        assertThat(row(table, "deliveries/s (messages × receivers)")).contains("| 16.00 M | 8.00 M | 2.00 |")
                .contains("≥ 1.5 × Redis").endsWith("| yes |");
        // Workload 2: 3 ms against 1 ms is over Redis's; workload 3: 0.9 ms is under.
        assertThat(rows(table, "latency p99 (ms)").get(1)).contains("| 3.00 | 1.00 | 3.00 |").endsWith("| **no** |");
        assertThat(rows(table, "latency p99 (ms)").get(2)).endsWith("| yes |");
        assertThat(row(table, "RSS per idle connection")).contains("| 1,000 B | 3,000 B |").endsWith("| yes |");
        assertThat(row(table, "slow consumers cut off")).contains("10 of 10").endsWith("| yes |");
        assertThat(row(table, "server RSS growth")).contains("≤ 10 × cap + 20 MiB = 30.0 MiB").endsWith("| yes |");
        assertThat(row(table, "… as a share of workload 1's")).contains("| 88% | 75% |").endsWith("| yes |");
        assertThat(table).contains("Targets (judged on chatroom, on medians) met: 12 of 13.").contains("Integrity: every run clean");
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
        report.add(workloads.get(0), "Redis", new Suite.Outcome(fanOut("redis", 8e6, 9_000, 0, 0, 0), null, null));

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries/s")).contains("| failed | 8.00 M |").endsWith("| no result |");
        assertThat(table).contains("workload 1 on chatroom could not run (1 of 1 runs)");
    }

    @Test
    void overTlsTheTableSaysWhatEachServerNegotiatedAndWhetherTheyAgree() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_AES_256_GCM_SHA384")),
                fanOut("redis", 8e6, 9_000, 0, 0, 0).withTls(tls("TLSv1.3 TLS_AES_256_GCM_SHA384")));

        String table = report.toMarkdown();
        assertThat(table).contains("chatroom TLSv1.3 TLS_AES_256_GCM_SHA384, Redis TLSv1.3 "
                + "TLS_AES_256_GCM_SHA384: the same cipher on all.");
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

    @Test
    void theFirstRowOfAThroughputWorkloadIsDeliveriesPerServerCpuSecondWithTheRatioToRedis() {
        // 9 M/s on 9.5 CPU-seconds in 10 s (process 9 + softirq 0.5) against 8 M/s on 9.5.
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0), fanOut("redis", 8e6, 9_000, 0, 0, 0));

        List<String> lines = report.toMarkdown().lines().filter(l -> l.startsWith("| ")).toList();

        assertThat(lines.get(1)).contains("| deliveries per server CPU-second (incl. softirq) | 9.47 M | 8.42 M | 1.13 |");
        assertThat(row(report.toMarkdown(), "server CPU incl. softirq")).contains("| 95% | 95% |");
        assertThat(row(report.toMarkdown(), "server CPU, /proc/PID/stat alone")).contains("| 90% | 90% |");
        assertThat(row(report.toMarkdown(), "irq + softirq on its CPU (% of one core; on this kernel already in /proc/PID/stat)"))
                .contains("| 15% | 15% |");
        assertThat(row(report.toMarkdown(), "receivers per message")).contains("| 99 | 99 |");
    }

    @Test
    void eachCellIsTheMedianAndRangeOfTheRepetitionsAndARatioTheMedianOfTheirRatios() {
        double[] c = {9e6, 7e6, 8e6};
        double[] r = {8e6, 8e6, 4e6};
        for (int rep = 0; rep < 3; rep++) {
            add(1, fanOut("chatroom", c[rep], 5_000, 0, 0, 0), fanOut("redis", r[rep], 9_000, 0, 0, 0));
        }

        String table = report.toMarkdown();

        // Ratios 1.125, 0.875, 2: the median is 1.125, not 8 M / 8 M.
        assertThat(row(table, "deliveries/s (messages × receivers)"))
                .contains("| 8.00 M [7.00 M–9.00 M] | 8.00 M [4.00 M–8.00 M] | 1.13 [0.88–2.00] |");
        assertThat(table).contains("Each cell: the median of 3 runs [lowest–highest]");
    }

    @Test
    void theNotesSayHowLongEachServerWasWarmedUpIfAtAll() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0), fanOut("redis", 3e6, 9_000, 0, 0, 0));
        assertThat(report.toMarkdown()).doesNotContain("warm-up");

        report.warmedUp(10);

        assertThat(report.toMarkdown()).contains("each server got 10.0 s of workload 1's load, not measured");
    }

    @Test
    void aThroughputRatioOfAServerBelowNinetyPercentOfACoreIsMarkedNotValid() {
        add(1, fanOut("chatroom", 9e6, 5_000, 0, 0, 0), withCpu(fanOut("redis", 3e6, 9_000, 0, 0, 0), 6, 9.6));

        String table = report.toMarkdown();

        assertThat(row(table, "deliveries/s (messages × receivers)")).contains("| 3.00 — peer not saturated "
                + "(Redis 65.0%); ratio not valid; generator set the pace (Redis's run 96%) |");
        assertThat(row(table, "messages sent/s")).doesNotContain("not valid");
    }

    @Test
    void aLatencyRatioAtAFixedRateNamesABusyGenerator() {
        add(2, withCpu(fanOut("chatroom", 2e5, 2_000, 0, 0, 0), 9.8, 9.7), withCpu(fanOut("redis", 2e5, 1_000, 0, 0, 0), 9.8, 5));
        add(3, withCpu(fanOut("chatroom", 2e5, 900, 0, 0, 0), 9.8, 5), withCpu(fanOut("redis", 2e5, 1_000, 0, 0, 0), 9.8, 5));

        String table = report.toMarkdown();

        assertThat(rows(table, "latency p99 (ms)").get(0)).contains("| 2.00 — generator busy (chatroom's run 97%): "
                + "its own queueing is in the latency |").endsWith("| **no** |");
        assertThat(rows(table, "latency p99 (ms)").get(1)).contains("| 0.90 |").doesNotContain("generator");
        assertThat(row(table, "deliveries/s")).doesNotContain("generator");
    }

    @Test
    void everyServerIsAColumnWithItsOwnRatioToRedis() {
        Suite.Server netty = new Suite.Server("Netty (epoll)", new ChatroomProtocol(), "127.0.0.1", 3, 3L);
        SuiteReport three = new SuiteReport(List.of(chatroom, redis, netty), false, MIB, 0, Softirq.Accounting.IN_TASK);
        Suite.Workload w = workloads.get(0);
        three.add(w, "Redis", new Suite.Outcome(fanOut("redis", 8e6, 9_000, 0, 0, 0), null, null));
        three.add(w, "Netty (epoll)", new Suite.Outcome(fanOut("chatroom", 4e6, 9_000, 0, 0, 0), null, null));
        three.add(w, "chatroom", new Suite.Outcome(fanOut("chatroom", 10e6, 9_000, 0, 0, 0), null, null));

        String table = three.toMarkdown();

        assertThat(table).contains("| chatroom | Redis | Netty (epoll) | chatroom ÷ Redis | Netty (epoll) ÷ Redis |");
        assertThat(row(table, "deliveries/s (messages × receivers)")).contains("| 10.00 M | 8.00 M | 4.00 M | 1.25 | 0.50 |");
    }

    @Test
    void repetitionRTakesTheServersRotatedByR() {
        List<String> servers = List.of("chatroom", "Redis", "Netty");
        assertThat(Suite.rotated(servers, 0)).containsExactly("chatroom", "Redis", "Netty");
        assertThat(Suite.rotated(servers, 1)).containsExactly("Redis", "Netty", "chatroom");
        assertThat(Suite.rotated(servers, 2)).containsExactly("Netty", "chatroom", "Redis");
        assertThat(Suite.rotated(servers, 3)).containsExactly("chatroom", "Redis", "Netty");
    }

    private void add(int workload, FanOutResult chatroomResult, FanOutResult redisResult) {
        Suite.Workload w = workloads.get(workload - 1);
        report.add(w, "chatroom", new Suite.Outcome(chatroomResult, null, null));
        report.add(w, "Redis", new Suite.Outcome(redisResult, null, null));
    }

    private void add(int workload, IdleResult chatroomResult, IdleResult redisResult) {
        Suite.Workload w = workloads.get(workload - 1);
        report.add(w, "chatroom", new Suite.Outcome(null, chatroomResult, null));
        report.add(w, "Redis", new Suite.Outcome(null, redisResult, null));
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
                new ServerUsage(9, 0.5, 1.5, 10, 100 * 1024, 100 * 1024, 100 * 1024 + growthKiB, true), null, false);
    }

    /** The same result with the server's CPU (process, 10 s window) and the generator's as given. */
    private static FanOutResult withCpu(FanOutResult f, double serverCpuSeconds, double generatorCpuSeconds) {
        return new FanOutResult(f.target(), f.clients(), f.senders(), f.connections(), f.pacing(), f.payloadBytes(),
                f.warmupSeconds(), f.measuredSeconds(), f.sent(), f.deliveries(), f.expectedDeliveries(),
                f.totalDeliveries(), f.lost(), f.undeliverable(), f.duplicated(), f.reordered(), f.corrupted(),
                f.malformed(), f.latency(), f.backlog(), f.disconnects(), f.serverErrors(), f.slowClients(),
                f.slowCutOff(), f.problems(), generatorCpuSeconds, new ServerUsage(serverCpuSeconds, 0.5, 1.5, 10,
                        100 * 1024, 100 * 1024, 100 * 1024, true), f.tls(), f.lossAllowed());
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
