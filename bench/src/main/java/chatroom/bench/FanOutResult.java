package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a fan-out run measured.
 *
 * @param target the server's protocol: chatroom or redis
 * @param connections every connection the run opened: members, slow clients, publishers
 * @param sent messages written during the measured window
 * @param deliveries message lines received during the measured window
 * @param expectedDeliveries what the whole run (warm-up and drain included) should have delivered
 * @param totalDeliveries what it did deliver
 * @param lost deliveries owed to clients that stayed connected, never made (see {@link DeliveryTracker#loss})
 * @param undeliverable deliveries that could not happen because their sender or receiver was cut off
 * @param backlog messages a rate-paced run owed but could not write in time
 * @param disconnects members the server cut off (slow clients not counted)
 * @param slowClients extra members that stopped reading once in
 * @param slowCutOff slow clients the server was seen to cut off
 * @param generatorCpuSeconds CPU the generator's thread used in the measured window
 * @param server CPU over the measured window, RSS when sending started and its peak after;
 *     null without --server-pid (the JSON then leaves the server fields out)
 * @param tls what the connections negotiated and how big the server's records were; null over plain TCP
 * @param lossAllowed the transport may drop (UDP): loss is reported, and the run is clean without it
 */
record FanOutResult(
        String target,
        int clients,
        int senders,
        int connections,
        String pacing,
        int payloadBytes,
        double warmupSeconds,
        double measuredSeconds,
        long sent,
        long deliveries,
        long expectedDeliveries,
        long totalDeliveries,
        long lost,
        long undeliverable,
        long duplicated,
        long reordered,
        long corrupted,
        long malformed,
        Latency latency,
        long backlog,
        int disconnects,
        long serverErrors,
        int slowClients,
        int slowCutOff,
        List<String> problems,
        double generatorCpuSeconds,
        ServerUsage server,
        Tls tls,
        boolean lossAllowed) {

    /**
     * @param negotiated the TLS version and cipher suite ({@link Fleet#tlsSummary()})
     * @param records records of application data received in the measured window
     * @param bytes ciphertext received in the window, headers and tags included
     */
    record Tls(String negotiated, long records, long bytes) {

        double bytesPerRecord() {
            return records == 0 ? 0 : (double) bytes / records;
        }
    }

    /** The same result, as negotiated over {@code tls} (for tests of the report). */
    FanOutResult withTls(Tls tls) {
        return new FanOutResult(target, clients, senders, connections, pacing, payloadBytes, warmupSeconds,
                measuredSeconds, sent, deliveries, expectedDeliveries, totalDeliveries, lost, undeliverable, duplicated,
                reordered, corrupted, malformed, latency, backlog, disconnects, serverErrors, slowClients, slowCutOff,
                problems, generatorCpuSeconds, server, tls, lossAllowed);
    }

    double sentPerSecond() {
        return sent / measuredSeconds;
    }

    double deliveriesPerSecond() {
        return deliveries / measuredSeconds;
    }

    double generatorCpuPercent() {
        return 100 * generatorCpuSeconds / measuredSeconds;
    }

    /** Lost deliveries as a share of those the whole run owed. */
    double lostShare() {
        return expectedDeliveries == 0 ? 0 : (double) lost / expectedDeliveries;
    }

    /**
     * Every message reached every other member exactly once, in order, intact, and no member
     * was cut off. Slow clients are not members: whether they were cut off is reported, not judged.
     * Where the transport may drop ({@link #lossAllowed}), a message may also not arrive at all.
     */
    boolean clean() {
        return (lost == 0 || lossAllowed) && duplicated == 0 && reordered == 0 && corrupted == 0 && malformed == 0
                && disconnects == 0 && serverErrors == 0;
    }

    String toText() {
        StringBuilder s = new StringBuilder();
        line(s, "fan-out (%s): %,d clients, %,d senders, %s, %d-byte payload, %.1f s measured after %.1f s warm-up",
                target, clients, senders, pacing, payloadBytes, measuredSeconds, warmupSeconds);
        line(s, "  connections  %,d%s%s", connections, tls == null ? "" : " over " + tls.negotiated(), slowClients > 0
                ? String.format(Locale.ROOT, " (%,d of them slow consumers that stopped reading)", slowClients) : "");
        line(s, "  sent         %,d messages (%,.0f/s)", sent, sentPerSecond());
        line(s, "  delivered    %,d lines (%,.0f/s)", deliveries, deliveriesPerSecond());
        line(s, "  integrity    lost %,d%s, duplicated %,d, reordered %,d, corrupted %,d, malformed %,d"
                + " (%,d of %,d deliveries arrived in the whole run)",
                lost, lossAllowed ? String.format(Locale.ROOT, " (%.3f%%, UDP may drop)", 100 * lostShare()) : "",
                duplicated, reordered, corrupted, malformed, totalDeliveries, expectedDeliveries);
        if (undeliverable > 0) {
            line(s, "  undelivered  %,d to or from clients the server cut off", undeliverable);
        }
        line(s, "  latency us   p50 %,.0f  p99 %,.0f  p99.9 %,.0f  max %,.0f  (%,d samples)",
                latency.p50Micros(), latency.p99Micros(), latency.p999Micros(), latency.maxMicros(), latency.count());
        if (backlog > 0) {
            line(s, "  behind       %,d messages were due but not yet written when sending stopped", backlog);
        }
        if (server != null) {
            line(s, "  server       CPU %.2f s in %.1f s (%.0f%% of one core)%s; RSS %s when sending started, %s at the end"
                            + " of the window, peak %s (+%s%s)",
                    server.cpuSeconds(), server.wallSeconds(), server.cpuPercentOfOneCore(),
                    server.interruptsKnown() ? String.format(Locale.ROOT, ", softirq it leaves out %.2f s: %.0f%% in all"
                            + " (its CPU's irq + softirq: %.2f s)", server.interruptSeconds(),
                            server.cpuWithInterruptsPercent(), server.cpuInterruptSeconds()) : "",
                    Sizes.kib(server.rssStartKiB()), Sizes.kib(server.rssEndKiB()), Sizes.kib(server.peakRssKiB()),
                    Sizes.kib(server.growthKiB()), server.peakReset() ? "" : ", peak since the server started");
        }
        if (tls != null) {
            line(s, "  tls records  %,d received in the window, %,.0f bytes each on average (%.1f deliveries a record)",
                    tls.records(), tls.bytesPerRecord(), tls.records() == 0 ? 0.0 : (double) deliveries / tls.records());
        }
        line(s, "  generator    CPU %.2f s in %.1f s (%.0f%% of one core%s)", generatorCpuSeconds, measuredSeconds,
                generatorCpuPercent(), generatorCpuPercent() >= 90 ? ": the generator may be what limits this run" : "");
        line(s, "  clients      %,d disconnected by the server, %,d error lines from it", disconnects, serverErrors);
        if (slowClients > 0) {
            line(s, "  slow         %,d of %,d slow consumers cut off by the server", slowCutOff, slowClients);
        }
        for (String problem : problems) {
            line(s, "    %s", problem);
        }
        line(s, "  result       %s", clean() ? "OK" : "FAILED: " + String.join(", ", failures()));
        return s.toString();
    }

    String toJson() {
        JsonLine json = new JsonLine()
                .put("workload", "fan-out")
                .put("target", target)
                .put("clients", clients)
                .put("senders", senders)
                .put("connections", connections)
                .put("tls", tls == null ? null : tls.negotiated())
                .put("pacing", pacing)
                .put("payload_bytes", payloadBytes)
                .put("warmup_s", warmupSeconds)
                .put("measured_s", measuredSeconds)
                .put("sent", sent)
                .put("sent_per_s", sentPerSecond())
                .put("deliveries", deliveries)
                .put("deliveries_per_s", deliveriesPerSecond())
                .put("expected_deliveries_total", expectedDeliveries)
                .put("deliveries_total", totalDeliveries)
                .put("lost", lost)
                .put("undeliverable", undeliverable)
                .put("duplicated", duplicated)
                .put("reordered", reordered)
                .put("corrupted", corrupted)
                .put("malformed", malformed)
                .put("latency_samples", latency.count())
                .put("latency_p50_us", latency.p50Micros())
                .put("latency_p99_us", latency.p99Micros())
                .put("latency_p999_us", latency.p999Micros())
                .put("latency_max_us", latency.maxMicros())
                .put("backlog", backlog)
                .put("disconnects", disconnects)
                .put("server_errors", serverErrors)
                .put("slow_clients", slowClients)
                .put("slow_cut_off", slowCutOff)
                .put("generator_cpu_s", generatorCpuSeconds)
                .put("generator_cpu_percent", generatorCpuPercent());
        if (tls != null) {
            json.put("tls_records", tls.records()).put("tls_bytes_per_record", tls.bytesPerRecord());
        }
        if (server != null) {
            json.put("server_cpu_s", server.cpuSeconds())
                    .put("server_cpu_percent", server.cpuPercentOfOneCore())
                    .put("server_cpu_interrupts_s", server.interruptSeconds())
                    .put("server_cpu_irq_softirq_s", server.cpuInterruptSeconds())
                    .put("server_rss_start_kib", server.rssStartKiB())
                    .put("server_rss_end_kib", server.rssEndKiB())
                    .put("server_rss_peak_kib", server.peakRssKiB())
                    .put("server_rss_growth_kib", server.growthKiB())
                    .put("server_rss_peak_reset", server.peakReset());
        }
        return json.put("problems", problems).put("ok", clean()).toString();
    }

    private List<String> failures() {
        List<String> f = new ArrayList<>();
        if (!lossAllowed) {
            add(f, lost, "lost");
        }
        add(f, duplicated, "duplicated");
        add(f, reordered, "reordered");
        add(f, corrupted, "corrupted");
        add(f, malformed, "malformed");
        add(f, disconnects, "disconnected");
        add(f, serverErrors, "server errors");
        return f;
    }

    private static void add(List<String> failures, long count, String what) {
        if (count > 0) {
            failures.add(String.format(Locale.ROOT, "%,d %s", count, what));
        }
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
