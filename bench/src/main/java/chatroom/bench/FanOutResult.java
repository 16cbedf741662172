package chatroom.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a fan-out run measured.
 *
 * @param sent messages written during the measured window
 * @param deliveries message lines received during the measured window
 * @param expectedDeliveries what the whole run (warm-up and drain included) should have delivered
 * @param totalDeliveries what it did deliver
 * @param lost deliveries owed to clients that stayed connected, never made (see {@link DeliveryTracker#loss})
 * @param undeliverable deliveries that could not happen because their sender or receiver was cut off
 * @param backlog messages a rate-paced run owed but could not write in time
 * @param generatorCpuSeconds CPU the generator's thread used in the measured window
 * @param server CPU over the measured window and RSS before connecting and at its end; null
 *     without --server-pid (the JSON then leaves the server fields out)
 */
record FanOutResult(
        int clients,
        int senders,
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
        List<String> problems,
        double generatorCpuSeconds,
        ServerUsage server) {

    double sentPerSecond() {
        return sent / measuredSeconds;
    }

    double deliveriesPerSecond() {
        return deliveries / measuredSeconds;
    }

    double generatorCpuPercent() {
        return 100 * generatorCpuSeconds / measuredSeconds;
    }

    /** Every message reached every other member exactly once, in order, intact, and no one was cut off. */
    boolean clean() {
        return lost == 0 && duplicated == 0 && reordered == 0 && corrupted == 0 && malformed == 0
                && disconnects == 0 && serverErrors == 0;
    }

    String toText() {
        StringBuilder s = new StringBuilder();
        line(s, "fan-out: %,d clients, %,d senders, %s, %d-byte payload, %.1f s measured after %.1f s warm-up",
                clients, senders, pacing, payloadBytes, measuredSeconds, warmupSeconds);
        line(s, "  sent         %,d messages (%,.0f/s)", sent, sentPerSecond());
        line(s, "  delivered    %,d lines (%,.0f/s)", deliveries, deliveriesPerSecond());
        line(s, "  integrity    lost %,d, duplicated %,d, reordered %,d, corrupted %,d, malformed %,d"
                + " (%,d of %,d deliveries arrived in the whole run)",
                lost, duplicated, reordered, corrupted, malformed, totalDeliveries, expectedDeliveries);
        if (undeliverable > 0) {
            line(s, "  undelivered  %,d to or from clients the server cut off", undeliverable);
        }
        line(s, "  latency us   p50 %,.0f  p99 %,.0f  p99.9 %,.0f  max %,.0f  (%,d samples)",
                latency.p50Micros(), latency.p99Micros(), latency.p999Micros(), latency.maxMicros(), latency.count());
        if (backlog > 0) {
            line(s, "  behind       %,d messages were due but not yet written when sending stopped", backlog);
        }
        if (server != null) {
            line(s, "  server       CPU %.2f s in %.1f s (%.0f%% of one core); RSS %s before connecting, %s at the end"
                            + " (peak %s)",
                    server.cpuSeconds(), server.wallSeconds(), server.cpuPercentOfOneCore(),
                    Sizes.kib(server.rssBeforeKiB()), Sizes.kib(server.rssAfterKiB()), Sizes.kib(server.peakRssKiB()));
        }
        line(s, "  generator    CPU %.2f s in %.1f s (%.0f%% of one core%s)", generatorCpuSeconds, measuredSeconds,
                generatorCpuPercent(), generatorCpuPercent() >= 90 ? ": the generator may be what limits this run" : "");
        line(s, "  clients      %,d disconnected by the server, %,d error lines from it", disconnects, serverErrors);
        for (String problem : problems) {
            line(s, "    %s", problem);
        }
        line(s, "  result       %s", clean() ? "OK" : "FAILED: " + String.join(", ", failures()));
        return s.toString();
    }

    String toJson() {
        JsonLine json = new JsonLine()
                .put("workload", "fan-out")
                .put("clients", clients)
                .put("senders", senders)
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
                .put("generator_cpu_s", generatorCpuSeconds)
                .put("generator_cpu_percent", generatorCpuPercent());
        if (server != null) {
            json.put("server_cpu_s", server.cpuSeconds())
                    .put("server_cpu_percent", server.cpuPercentOfOneCore())
                    .put("server_rss_before_kib", server.rssBeforeKiB())
                    .put("server_rss_after_kib", server.rssAfterKiB())
                    .put("server_rss_peak_kib", server.peakRssKiB());
        }
        return json.put("problems", problems).put("ok", clean()).toString();
    }

    private List<String> failures() {
        List<String> f = new ArrayList<>();
        add(f, lost, "lost");
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
