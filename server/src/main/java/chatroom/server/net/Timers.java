package chatroom.server.net;

import chatroom.server.chat.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's timers: a priority queue by deadline, run between selects. Cancelled timers
 * stay in the queue until their deadline and are skipped then, which keeps cancel O(1).
 * Loop thread only.
 */
final class Timers implements Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final LongSupplier nanoClock;
    private long sequence;

    Timers(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(nanoClock.getAsLong() + delay.toNanos(), sequence++, task);
        queue.add(entry);
        return entry;
    }

    /** Runs every timer due by {@code now}; a failing task is logged and does not stop the others. */
    void runDue(long now) {
        Entry head;
        while ((head = queue.peek()) != null && head.deadline - now <= 0) {
            queue.poll();
            if (head.cancelled) {
                continue;
            }
            head.cancelled = true;
            try {
                head.task.run();
            } catch (RuntimeException e) {
                log.error("event=timer_failed", e);
            }
        }
    }

    /** Nanoseconds until the next timer is due (0 if one is due now), or -1 if none is set. */
    long nanosUntilNext(long now) {
        Entry head;
        while ((head = queue.peek()) != null && head.cancelled) {
            queue.poll();
        }
        return head == null ? -1 : Math.max(0, head.deadline - now);
    }

    private static final class Entry implements Timer, Comparable<Entry> {
        final long deadline;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Entry(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
