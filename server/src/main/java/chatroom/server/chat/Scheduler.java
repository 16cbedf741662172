package chatroom.server.chat;

import java.time.Duration;

/** Runs a task later on the event-loop thread. The loop implements it; tests drive a manual one. */
public interface Scheduler {

    /** Runs {@code task} on the loop thread once {@code delay} has passed. */
    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task that has not run yet can be cancelled; cancelling later does nothing. */
    interface Timer {
        void cancel();

        /** How long until the task is due (zero once due). */
        Duration remaining();
    }
}
