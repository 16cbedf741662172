package chatroom.server.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time only moves when a test calls {@link #advance}. Tasks run on
 * the test's thread, earliest first, and in the order they were scheduled when due together.
 * A task may schedule further tasks; those run too if they fall due within the same advance.
 */
final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));
    private Duration now = Duration.ZERO;
    private long nextSeq;
    private int ran;

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Task t = new Task(now.plus(delay), nextSeq++, task);
        queue.add(t);
        return t;
    }

    /** Moves time forward by {@code by}, running every task that falls due, in order. */
    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + by);
        }
        Duration target = now.plus(by);
        while (!queue.isEmpty() && queue.peek().due.compareTo(target) <= 0) {
            Task next = queue.poll();
            now = next.due;
            next.done = true;
            ran++;
            next.task.run();
        }
        now = target;
    }

    /** Time since this scheduler was made. */
    Duration now() {
        return now;
    }

    /** Tasks scheduled, not cancelled and not run yet. */
    int pending() {
        return queue.size();
    }

    /** The delays from now of the pending tasks, earliest first. */
    List<Duration> pendingDelays() {
        List<Task> tasks = new ArrayList<>(queue);
        tasks.sort(queue.comparator());
        List<Duration> delays = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            delays.add(t.due.minus(now));
        }
        return delays;
    }

    /** How many tasks have run so far. */
    int ran() {
        return ran;
    }

    private final class Task implements Timer {
        final Duration due;
        final long seq;
        final Runnable task;
        boolean done;

        Task(Duration due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public Duration remaining() {
            return due.compareTo(now) > 0 ? due.minus(now) : Duration.ZERO;
        }

        @Override
        public void cancel() {
            if (!done) {
                done = true;
                queue.remove(this);
            }
        }
    }
}
