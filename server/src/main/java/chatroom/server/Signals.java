package chatroom.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals a server is sent, handled as a service manager expects: SIGTERM and SIGINT
 * (Ctrl-C) stop it gracefully, SIGHUP reloads what can be reloaded (the MOTD, the
 * operators and the bans), and SIGUSR1 and SIGALRM, which would otherwise end the JVM on the
 * spot, are logged and ignored.
 *
 * <p>A JVM shutdown hook would run too, but the JVM then exits with 143 or 130 whatever the
 * hook does; handling the signal ourselves lets the server drain its clients and exit 0.
 * Each handler acts first and logs after, so a log that cannot be written (stderr a pipe
 * nobody reads) never keeps the server from stopping. {@code sun.misc.Signal} is in the
 * jdk.unsupported module, present in every JDK since 9; if it is ever missing we fall back to
 * a shutdown hook for stopping and do without the rest.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    static void install(Runnable stop, Runnable reload) {
        try {
            handle("TERM", stop);
            handle("INT", stop);
        } catch (LinkageError | IllegalArgumentException e) {
            log.warn("event=signal_handler_unavailable error=\"{}\"", e.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "chatroom-shutdown"));
            return;
        }
        for (String name : new String[] {"HUP", "USR1", "ALRM"}) {
            try {
                boolean reloads = name.equals("HUP");
                if (handle(name, reloads ? reload : () -> { }) == sun.misc.SignalHandler.SIG_IGN && reloads) {
                    // Started with SIGHUP ignored (nohup does that): the JVM then leaves it ignored and our
                    // handler never runs, so every reload would silently do nothing.
                    log.warn("event=signal_ignored name=SIGHUP reason=\"ignored when the server started (nohup?): "
                            + "no reloads\"");
                }
            } catch (LinkageError | IllegalArgumentException e) {
                // The JVM keeps this one for itself here; its default action stays.
                log.debug("event=signal_not_handled name=SIG{} error=\"{}\"", name, e.toString());
            }
        }
    }

    /** Installs {@code action} for SIG{@code name}; the handler it had (SIG_IGN: ours is not installed). */
    private static sun.misc.SignalHandler handle(String name, Runnable action) {
        return sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
            action.run();
            log.info("event=signal name=SIG{}", signal.getName());
        });
    }
}
