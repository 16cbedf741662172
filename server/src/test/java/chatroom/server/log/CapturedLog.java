package chatroom.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * What one class logs from now until {@link #close}, DEBUG and up, kept rather than printed
 * (the build's log stays quiet). Safe to read while a helper thread logs.
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final boolean additive;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private CapturedLog(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.level = logger.getLevel();
        this.additive = logger.isAdditive();
    }

    public static CapturedLog of(Class<?> source) {
        CapturedLog log = new CapturedLog(source);
        log.start();
        log.logger.setLevel(Level.DEBUG);
        log.logger.setAdditive(false);
        log.logger.addAppender(log);
        return log;
    }

    /** The messages so far, formatted, oldest first. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** The messages so far that start {@code event=NAME} (followed by a space or the end). */
    public List<String> events(String name) {
        return messages.stream().filter(m -> m.equals("event=" + name) || m.startsWith("event=" + name + " ")).toList();
    }

    @Override
    protected void append(ILoggingEvent event) {
        messages.add(event.getFormattedMessage());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(level);
        logger.setAdditive(additive);
        stop();
    }
}
