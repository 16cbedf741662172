package chatroom.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.file.Path;
import java.util.logging.Handler;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.helpers.NOP_FallbackServiceProvider;

/**
 * Logging is off unless {@code --log-file} names a file: the terminal belongs to the
 * conversation, and a log line printed while a line is being typed would break it up.
 * JLine logs through java.util.logging, which by default prints to the terminal, so that
 * follows the same rule.
 *
 * <p>Off costs nothing at startup. SLF4J is told to use its no-operation provider, so it
 * neither scans for providers nor starts logback: logback's classes are a third of the jar,
 * and loading and configuring them took a quarter of the CPU time to the prompt. Only with a log
 * file is logback started, configured in code by {@link FileConfigurator} (no XML parser).
 * The {@code slf4j.*} system properties must be set before the first {@code getLogger}, so
 * {@link #configure} is the first thing the client does after reading its options.
 */
final class Logging {

    /** Held so the level set on it is not lost when java.util.logging drops unreferenced loggers. */
    private static final java.util.logging.Logger JLINE = java.util.logging.Logger.getLogger("org.jline");

    /** The file that {@link FileConfigurator} logs to; null: none. */
    private static volatile Path file;

    private Logging() {}

    /** @param file where to log, or null for no logging at all */
    static void configure(Path file) {
        // SLF4J says at INFO, on stderr, that it loads the provider it was told to load.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (file == null) {
            off();
        } else {
            toFile(file);
        }
    }

    private static void off() {
        System.setProperty("slf4j.provider", NOP_FallbackServiceProvider.class.getName());
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler); // the console handler: nothing java.util.logging says reaches the terminal
        }
        JLINE.setLevel(java.util.logging.Level.OFF); // and JLine does not even format its messages
    }

    /** A method of its own so that logback's classes are not loaded when logging is off. */
    private static void toFile(Path path) {
        file = path;
        // Named, so SLF4J does not scan the class path for providers.
        System.setProperty("slf4j.provider", LogbackServiceProvider.class.getName());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // JLine says at FINE (DEBUG) which terminal provider it picked and why others failed.
        JLINE.setLevel(java.util.logging.Level.FINE);
        LoggerFactory.getILoggerFactory(); // starts logback, which runs FileConfigurator
    }

    /**
     * Configures logback in code to write to {@link #file}, found through {@code META-INF/services}
     * before logback looks for {@code logback-test.xml} or {@code logback.xml}. Without a file (logback
     * started without {@link #configure}, as in tests) it leaves logback to those files.
     */
    public static final class FileConfigurator extends ContextAwareBase
            implements ch.qos.logback.classic.spi.Configurator {

        @Override
        public ExecutionStatus configure(LoggerContext context) {
            Path path = file;
            if (path == null) {
                return ExecutionStatus.INVOKE_NEXT_IF_ANY;
            }
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} [%thread] %msg%n");
            encoder.start();
            FileAppender<ILoggingEvent> appender = new FileAppender<>();
            appender.setContext(context);
            appender.setFile(path.toString());
            appender.setEncoder(encoder);
            appender.start();
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
            root.setLevel(Level.INFO);
            context.getLogger("org.jline").setLevel(Level.DEBUG);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }
}
