package chatroom.server.history;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the rooms' logs are kept.
 *
 * @param dir where the logs go: {@code DIR/history} under {@code --data-dir}
 * @param fsync when written records are forced to the disk
 * @param maxAge segments whose newest record is older than this are deleted; null keeps them
 * @param maxRecordsPerRoom a room's oldest segments are deleted while the rest still hold this
 *     many; 0 for no such bound
 * @param maxBytes all rooms' logs together: the oldest segments go first past it
 * @param queueCapacity records the loop may hand over before the writer takes them; past it
 *     they are dropped and counted
 */
public record HistorySettings(
        Path dir, FsyncPolicy fsync, Duration maxAge, long maxRecordsPerRoom, long maxBytes, int queueCapacity) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

    /** The defaults, in {@code dataDir/history}. */
    public static HistorySettings in(Path dataDir) {
        return new HistorySettings(dataDir.resolve("history"), FsyncPolicy.EVERYSEC, DEFAULT_MAX_AGE, 0,
                DEFAULT_MAX_BYTES, DEFAULT_QUEUE_CAPACITY);
    }

    /** When written records are forced to the disk: the trade-off of Redis's {@code appendfsync}. */
    public enum FsyncPolicy {
        /** After every batch the writer takes (a batch is what arrived while it wrote the last one). */
        ALWAYS,
        /** Once a second. */
        EVERYSEC,
        /** Never while running (the OS decides); a clean stop still fsyncs. */
        NO
    }
}
