package chatroom.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The idle workload: what a crowd that only connects and sits there costs the server.
 *
 * <pre>
 *   [GC, wait, baseline RSS, reset peak] ─▶ connect + log in all ─▶ wait until the server is quiet
 *       ─▶ [peak RSS = VmHWM] ─▶ [GC, wait, RSS] ─▶ report
 * </pre>
 *
 * "GC" is {@link Protocol#settleMemory}: a full GC for chatroom, {@code MEMORY PURGE} for Redis.
 * The baseline is taken after one too, so both ends of "RSS per connection" are live data plus
 * whatever the allocator keeps, and garbage left from an earlier run does not make the
 * connections look cheaper than they are. Without a server pid only the connect time is measured.
 */
final class IdleWorkload {

    /** The brief's definition of drained: no client has received anything for 2 s. */
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** After a GC, give the JVM time to hand freed heap back (MaxHeapFreeRatio shrinks on the next GC cycle). */
    private static final long AFTER_GC_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final BenchSettings settings;
    private final Reactor reactor;
    private final ServerProcess server;
    private final Fleet fleet;
    /** The heap in use right after the last {@link #afterFullGc}, -1 without a JVM. */
    private long heapAfterGcKiB = -1;

    /** @param server the server to watch, or null */
    IdleWorkload(BenchSettings settings, Reactor reactor, ServerProcess server) {
        this.settings = settings;
        this.reactor = reactor;
        this.server = server;
        this.fleet = new Fleet(reactor, settings.protocol(), settings.address(), settings.clients(), 0, 0, 0,
                settings.namePrefix(), settings.connectsPerSecond());
    }

    IdleResult run() throws IOException, BenchException, InterruptedException {
        try {
            return measure();
        } finally {
            fleet.closeAll();
        }
    }

    private IdleResult measure() throws IOException, BenchException, InterruptedException {
        ServerProcess.Snapshot baseline = null;
        long baselineHeap = -1;
        boolean peakReset = false;
        if (server != null) {
            Progress.say("baseline: settle the memory of server %d, then RSS", server.pid());
            baseline = afterFullGc();
            baselineHeap = heapAfterGcKiB;
            peakReset = server.resetPeak();
        }

        Progress.say("connecting %,d idle clients to %s at %,.0f/s", settings.clients(), settings.target(),
                settings.connectsPerSecond());
        long connectStart = System.nanoTime();
        if (!fleet.connectAll(settings.loginTimeoutNanos())) {
            throw new BenchException(String.format("only %,d of %,d clients got in (%,d failed)",
                    fleet.entered(), settings.clients(), fleet.failedLogins()), fleet.problems());
        }
        long allIn = System.nanoTime();
        double connectSeconds = (allIn - connectStart) / 1e9;
        Progress.say("all %,d in after %.2f s; waiting for the server's output to drain",
                settings.clients(), connectSeconds);

        boolean drained = reactor.awaitQuiet(QUIET_NANOS, DRAIN_TIMEOUT_NANOS);
        double drainSeconds = (reactor.lastInputNanos() - allIn) / 1e9;
        ServerProcess.Snapshot storm = server == null ? null : server.snapshot();

        ServerProcess.Snapshot settled = null;
        long settledHeap = -1;
        if (server != null) {
            Progress.say("settle the memory of server %d, then RSS", server.pid());
            settled = afterFullGc();
            settledHeap = heapAfterGcKiB;
        }
        // Counted last: a client cut off while the GC ran is as much a failure as one cut off during the storm.
        return new IdleResult(settings.protocol().name(), settings.clients(), connectSeconds, Math.max(0, drainSeconds), drained,
                fleet.disconnects(), fleet.serverErrors(), fleet.problems(),
                server == null ? null : new IdleResult.Memory(baseline.rssKiB(), storm.peakRssKiB(), peakReset,
                        settled.rssKiB(), storm.cpuSeconds() - baseline.cpuSeconds(), baselineHeap, settledHeap));
    }

    /**
     * Settle the memory (full GC, purge), a pause with the loop still reading, then a snapshot.
     * The heap is read at once, before the pause adds garbage to it ({@link #heapAfterGcKiB}).
     */
    private ServerProcess.Snapshot afterFullGc() throws IOException, InterruptedException {
        settings.protocol().settleMemory(server, settings.address());
        heapAfterGcKiB = settings.protocol().heapKiB(server);
        reactor.runUntil(System.nanoTime() + AFTER_GC_NANOS, Reactor.NOTHING);
        return server.snapshot();
    }
}
