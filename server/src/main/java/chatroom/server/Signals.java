package chatroom.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a graceful stop.
 *
 * <p>A JVM shutdown hook would run too, but the JVM then exits with 143 or 130 whatever the
 * hook does; handling the signal ourselves lets the server drain its clients and exit 0, as a
 * service manager expects of a clean stop. {@code sun.misc.Signal} is in the jdk.unsupported
 * module, present in every JDK since 9; if it is ever missing we fall back to a shutdown hook.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void onTerminate(Runnable stop) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    stop.run(); // first: a log that cannot be written must not keep the server from stopping
                    log.info("event=signal name=SIG{}", signal.getName());
                });
            }
        } catch (LinkageError | IllegalArgumentException e) {
            log.warn("event=signal_handler_unavailable error=\"{}\"", e.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "chatroom-shutdown"));
        }
    }
}
