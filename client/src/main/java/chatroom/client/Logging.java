package chatroom.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging is off unless {@code --log-file} names a file: the terminal belongs to the
 * conversation, and a log line printed while a line is being typed would break it up.
 * JLine logs through java.util.logging, which by default prints to the terminal, so that is
 * routed through SLF4J as well and follows the same rule.
 */
final class Logging {

    /** Held so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
    private static final java.util.logging.Logger JLINE = java.util.logging.Logger.getLogger("org.jline");

    private Logging() {}

    /** @param file where to log, or null for no logging at all */
    static void configure(Path file) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (file == null) {
            root.setLevel(Level.OFF);
            JLINE.setLevel(java.util.logging.Level.OFF);
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} [%thread] %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        // JLine says at FINE (DEBUG) which terminal provider it picked and why others failed.
        JLINE.setLevel(java.util.logging.Level.FINE);
        context.getLogger("org.jline").setLevel(Level.DEBUG);
    }
}
