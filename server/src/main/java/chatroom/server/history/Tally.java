package chatroom.server.history;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The log's counters, shared by the loop (drops at a full queue), the writer and
 * {@link HistoryLog#counts} readers on any thread.
 */
final class Tally {
    final AtomicLong written = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong writeErrors = new AtomicLong();
    final AtomicLong fsyncs = new AtomicLong();
    /** Bytes on disk as of the last look, plus what was written since. */
    final AtomicLong bytes = new AtomicLong();
}
