package chatroom.bench;

import java.util.List;
import java.util.Locale;

/**
 * What an idle run measured.
 *
 * @param target the server's protocol: chatroom or redis
 * @param drainSeconds from the last client entering the lobby to the last line the server sent
 * @param drained the server went quiet before the generator gave up waiting
 * @param memory the server's memory and CPU; null without --server-pid
 */
record IdleResult(
        String target,
        int clients,
        double connectSeconds,
        double drainSeconds,
        boolean drained,
        int disconnects,
        long serverErrors,
        List<String> problems,
        Memory memory) {

    /**
     * @param baselineRssKiB RSS before connecting, after a full GC (chatroom) or MEMORY PURGE (Redis)
     * @param peakRssKiB VmHWM once the storm was over
     * @param peakReset VmHWM was reset before connecting; if not, the peak is the process's lifetime peak
     * @param settledRssKiB RSS with every client connected and idle, after another
     * @param stormCpuSeconds server CPU from the baseline to the end of the drain
     * @param baselineHeapKiB the JVM's heap in use at the baseline, after its full GC; -1 without a JVM (Redis)
     * @param settledHeapKiB the same, settled
     */
    record Memory(long baselineRssKiB, long peakRssKiB, boolean peakReset, long settledRssKiB,
                  double stormCpuSeconds, long baselineHeapKiB, long settledHeapKiB) {

        double bytesPerConnection(int clients) {
            return (settledRssKiB - baselineRssKiB) * 1024.0 / clients;
        }

        boolean hasHeap() {
            return baselineHeapKiB >= 0 && settledHeapKiB >= 0;
        }

        /** Live heap per connection above the baseline: what the server's objects for one cost, without the allocator's slack. */
        double heapBytesPerConnection(int clients) {
            return hasHeap() ? (settledHeapKiB - baselineHeapKiB) * 1024.0 / clients : Double.NaN;
        }
    }

    boolean clean() {
        return drained && disconnects == 0 && serverErrors == 0;
    }

    String toText() {
        StringBuilder s = new StringBuilder();
        line(s, "idle (%s): %,d clients connected and in the room in %.2f s (%,.0f/s)",
                target, clients, connectSeconds, clients / connectSeconds);
        line(s, "  drain        the server's last line came %.2f s after the last join%s",
                drainSeconds, drained ? "" : " (it never went quiet for 2 s)");
        if (memory != null) {
            line(s, "  server RSS   baseline %s (settled), peak %s (VmHWM%s), settled %s",
                    Sizes.kib(memory.baselineRssKiB()), Sizes.kib(memory.peakRssKiB()),
                    memory.peakReset() ? " during the storm" : " since the server started: reset not allowed",
                    Sizes.kib(memory.settledRssKiB()));
            line(s, "  per client   %,.0f bytes of RSS above the baseline%s", memory.bytesPerConnection(clients),
                    memory.hasHeap() ? String.format(Locale.ROOT, ", %,.0f bytes of live heap (%s before, %s settled)",
                            memory.heapBytesPerConnection(clients), Sizes.kib(memory.baselineHeapKiB()),
                            Sizes.kib(memory.settledHeapKiB())) : "");
            line(s, "  server CPU   %.2f s for the connect storm", memory.stormCpuSeconds());
        }
        line(s, "  clients      %,d disconnected by the server, %,d error lines from it", disconnects, serverErrors);
        for (String problem : problems) {
            line(s, "    %s", problem);
        }
        line(s, "  result       %s", clean() ? "OK" : "FAILED");
        return s.toString();
    }

    String toJson() {
        JsonLine json = new JsonLine()
                .put("workload", "idle")
                .put("target", target)
                .put("clients", clients)
                .put("connect_s", connectSeconds)
                .put("connects_per_s", clients / connectSeconds)
                .put("drain_s", drainSeconds)
                .put("drained", drained)
                .put("disconnects", disconnects)
                .put("server_errors", serverErrors);
        if (memory != null) {
            json.put("server_rss_baseline_kib", memory.baselineRssKiB())
                    .put("server_rss_peak_kib", memory.peakRssKiB())
                    .put("server_rss_peak_reset", memory.peakReset())
                    .put("server_rss_settled_kib", memory.settledRssKiB())
                    .put("server_rss_per_client_bytes", memory.bytesPerConnection(clients))
                    .put("server_cpu_s", memory.stormCpuSeconds());
            if (memory.hasHeap()) {
                json.put("server_heap_baseline_kib", memory.baselineHeapKiB())
                        .put("server_heap_settled_kib", memory.settledHeapKiB())
                        .put("server_heap_per_client_bytes", memory.heapBytesPerConnection(clients));
            }
        }
        return json.put("problems", problems).put("ok", clean()).toString();
    }

    private static void line(StringBuilder s, String format, Object... args) {
        s.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
