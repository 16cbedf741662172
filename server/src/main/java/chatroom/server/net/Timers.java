package chatroom.server.net;

import chatroom.server.chat.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's timers: a priority queue by deadline, run between selects. Cancelled timers
 * stay in the queue until their deadline and are skipped then, which keeps cancel O(1); but a
 * cancelled timer lets go of its task at once (a login timer holds its connection, and a
 * hundred thousand short-lived connections must not stay reachable for a minute), and once
 * more than half the queue is cancelled it is swept. Loop thread only.
 */
final class Timers implements Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final LongSupplier nanoClock;
    private long sequence;
    /** Cancelled entries still in the queue. */
    private int cancelled;

    Timers(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Entry entry = new Entry(this, nanoClock.getAsLong() + delay.toNanos(), sequence++, task);
        queue.add(entry);
        return entry;
    }

    /** Runs every timer due by {@code now}; a failing task is logged and does not stop the others. */
    void runDue(long now) {
        Entry head;
        while ((head = queue.peek()) != null && head.deadline - now <= 0) {
            queue.poll();
            Runnable task = head.task;
            if (task == null) {
                cancelled--;
                continue;
            }
            head.task = null;
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("event=timer_failed", e);
            }
        }
    }

    /** Nanoseconds until the next timer is due (0 if one is due now), or -1 if none is set. */
    long nanosUntilNext(long now) {
        Entry head;
        while ((head = queue.peek()) != null && head.task == null) {
            queue.poll();
            cancelled--;
        }
        return head == null ? -1 : Math.max(0, head.deadline - now);
    }

    /** How many timers are waiting, cancelled ones included (for tests). */
    int size() {
        return queue.size();
    }

    private void cancelledOne() {
        cancelled++;
        if (cancelled > SWEEP_MIN && cancelled > queue.size() / 2) {
            queue.removeIf(entry -> entry.task == null);
            cancelled = 0;
        }
    }

    /** Below this many cancelled entries the queue is never swept: a sweep is O(n). */
    private static final int SWEEP_MIN = 1024;

    private static final class Entry implements Timer, Comparable<Entry> {
        final Timers timers;
        final long deadline;
        final long sequence;
        /** Null once run or cancelled. */
        Runnable task;

        Entry(Timers timers, long deadline, long sequence, Runnable task) {
            this.timers = timers;
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                timers.cancelledOne();
            }
        }

        @Override
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadline - timers.nanoClock.getAsLong()));
        }

        @Override
        public int compareTo(Entry other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
