package chatroom.server.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logging that never makes the event loop wait. Events go into a bounded queue that a
 * logback thread writes out; when the queue is full (stderr is a pipe nobody reads, a disk
 * stalls), events are dropped rather than blocking the one thread that serves every client,
 * and the next event that fits is preceded by {@code event=log_dropped count=N}.
 *
 * <p>Dropping starts with INFO and below once the queue is four-fifths full (logback's
 * discarding threshold), so warnings and errors are the last to go.
 */
public final class NonBlockingAppender extends AsyncAppender {

    private final AtomicLong dropped = new AtomicLong();

    @Override
    public void start() {
        setNeverBlock(true);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        int room = getRemainingCapacity();
        if (room == 0 || (room < getDiscardingThreshold() && isDiscardable(event))) {
            dropped.incrementAndGet();
            return;
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            super.append(droppedReport(lost));
        }
        super.append(event);
    }

    private ILoggingEvent droppedReport(long count) {
        LoggerContext context = (LoggerContext) getContext();
        return new LoggingEvent(NonBlockingAppender.class.getName(), context.getLogger(NonBlockingAppender.class),
                Level.WARN, "event=log_dropped count={}", null, new Object[] {count});
    }
}
