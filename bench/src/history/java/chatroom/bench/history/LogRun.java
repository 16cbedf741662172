package chatroom.bench.history;

import chatroom.server.history.HistoryLog;
import chatroom.server.history.HistorySettings;
import chatroom.server.history.HistorySettings.FsyncPolicy;
import chatroom.server.history.HistoryStore;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The server's own log ({@link HistoryStore}) through its public surface, as the chat drives it:
 * one thread appends, the store's writer takes batches of up to 4,096 and writes them by its
 * fsync policy; then a new store is opened over the same files, as a restart would.
 */
final class LogRun {

    private LogRun() {}

    static RunResult run(Path dir, FsyncPolicy fsync, Workload workload, int limit, boolean byRoom,
            boolean reuse) throws Exception {
        HistorySettings settings = new HistorySettings(dir, fsync, HistorySettings.DEFAULT_MAX_AGE, 0,
                HistorySettings.DEFAULT_MAX_BYTES, HistorySettings.DEFAULT_QUEUE_CAPACITY);
        Appended appended = reuse ? Appended.SKIPPED : append(settings, workload, byRoom);
        long bytes = Machine.bytesUnder(dir);

        double heapBefore = Machine.heapAfterGcMiB();
        long opening = System.nanoTime();
        HistoryStore reopened = HistoryStore.open(settings);
        reopened.attach(Runnable::run);
        HistoryLog.Loaded lobby = reopened.loadNow(workload.rooms.get(0), limit);
        double openMs = (System.nanoTime() - opening) / 1e6;
        if (lobby.newest().size() != limit) {
            throw new IllegalStateException("the lobby gave " + lobby.newest().size() + " messages");
        }
        StartTimes times = StartTimes.read(workload.rooms, limit, (room, n) -> reopened.loadNow(room, n).newest());
        double heap = Machine.heapAfterGcMiB();
        Reference.reachabilityFence(times.kept);
        reopened.close();
        return new RunResult("log", name(fsync), workload.records, workload.rooms.size(), appended.perSec(),
                appended.cpuSec(), appended.dropped(), (double) bytes / workload.records, appended.closeMs(), openMs,
                times.totalMs, times.p50Ms, times.p99Ms, heap, heap - heapBefore, Machine.mib(bytes), Machine.load1());
    }

    private static Appended append(HistorySettings settings, Workload workload, boolean byRoom) throws Exception {
        int capacity = settings.queueCapacity();
        HistoryStore store = HistoryStore.open(settings);
        store.attach(Runnable::run);
        double cpuStart = Machine.cpuSeconds();
        long start = System.nanoTime();
        int[] fed = {0};
        workload.feed(byRoom, Instant.now().minusMillis(workload.records), message -> {
            // As fast as the queue takes them: one feeder puts at most 1,024 in between two looks,
            // so the queue is never found full. A drop would still be counted, and reported.
            if ((fed[0]++ & 1023) == 0) {
                while (store.counts().queued() > capacity - 1024) {
                    LockSupport.parkNanos(50_000);
                }
            }
            store.append(message);
        });
        HistoryLog.Counts counts;
        while ((counts = store.counts()).written() + counts.dropped() < workload.records) {
            LockSupport.parkNanos(200_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = Machine.cpuSeconds() - cpuStart;
        System.err.printf("log %s: %d records in %.1f s, %d fsyncs%n", settings.fsync(), counts.written(), seconds,
                counts.fsyncs());
        long closing = System.nanoTime();
        store.close();
        double closeMs = (System.nanoTime() - closing) / 1e6;
        return new Appended(counts.written() / seconds, cpu, counts.dropped(), closeMs);
    }

    static String name(FsyncPolicy fsync) {
        return fsync.name().toLowerCase(java.util.Locale.ROOT);
    }
}
