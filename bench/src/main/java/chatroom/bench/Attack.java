package chatroom.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code attack} command: one {@link AttackKind} at full scale against a running chatroom
 * server, with a canary pair beside it ({@link AttackWorkload}, {@link AttackResult}).
 * {@code bench/attacks.sh} starts a fresh server for each kind, runs this and reads the log.
 */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        // A bad option is a setup failure (1) like any other; 2 means the server came off badly.
        exitCodeOnInvalidInput = 1,
        description = {
            "One of the heavy attacks of the hostile review (issue 12) against a running chatroom server, started "
                    + "with the per-address limits lifted (every attacker comes from 127.0.0.1) and room for the "
                    + "connections (--max-clients). A canary pair in a room of its own says a line every 100 ms "
                    + "throughout; the report gives its latency and lost lines, the server's peak RSS and CPU "
                    + "(with --server-pid), whether the server still runs, and how many attackers it cut off.",
            "Kinds: stalled-readers (1a), pinned-chunk (1b), deaf-room (1c), who-storm (1d), burst (5), "
                    + "tls-handshakes (issue 8: the attackers use the TLS port; the canary stays on the plain one)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the server survived and delivered every canary line",
            "1:the attack could not be set up (bad options, the canary could not get in)",
            "2:the server died, or canary lines were lost"
        })
final class Attack implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
            description = "stalled-readers, pinned-chunk, deaf-room, who-storm, burst or tls-handshakes.")
    String kind;

    @Option(names = "--host", paramLabel = "HOST", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port = 5000;

    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "The server's TLS port, where the attackers of tls-handshakes connect.")
    Integer tlsPort;

    @Option(names = "--tls-ca", paramLabel = "PEM", converter = TlsTrust.Option.class,
            description = "The certificate the attackers of tls-handshakes trust on the TLS port.")
    TlsTrust tlsCa;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process: watched for its peak RSS, CPU and whether it still runs (an attack "
                    + "ends as soon as it is gone).")
    Long serverPid;

    @Option(names = "--clients", paramLabel = "N",
            description = "Attacking connections (default: the finding's, 10,000, or 9,800 for who-storm and burst).")
    Integer clients;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "How long the attack goes on once every attacker is in (default: ${DEFAULT-VALUE}).")
    double duration = 60;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND",
            description = "New attacking connections per second (default: ${DEFAULT-VALUE}).")
    double connectRate = 1000;

    @Option(names = "--canary-from", paramLabel = "ADDRESS",
            description = "Local address the canary pair connects from, so that it is not one of the crowd on "
                    + "127.0.0.1 (default: ${DEFAULT-VALUE}; \"any\" for the system's choice).")
    String canaryFrom = "127.0.0.2";

    @Override
    public Integer call() throws IOException {
        AttackSettings settings = settings();
        ServerProcess server = serverPid == null ? null : new ServerProcess(serverPid);
        try (Reactor reactor = new Reactor()) {
            AttackResult result = new AttackWorkload(settings, reactor, server).run();
            System.out.print(result.toText());
            return result.clean() ? LoadGenerator.EXIT_CLEAN : LoadGenerator.EXIT_DIRTY;
        } catch (BenchException e) {
            System.err.println("chatroom-bench attack: " + e.getMessage());
            return LoadGenerator.EXIT_SETUP_FAILED;
        }
    }

    private AttackSettings settings() {
        AttackKind k = AttackKind.named(kind);
        try {
            InetAddress from = canaryFrom.equals("any") ? null : InetAddress.getByName(canaryFrom);
            AttackSettings.Tls tls = tlsPort == null || tlsCa == null
                    ? null : new AttackSettings.Tls(new InetSocketAddress(host, tlsPort), tlsCa);
            return new AttackSettings(k, new InetSocketAddress(host, port), tls,
                    clients != null ? clients : k == null ? 0 : k.defaultClients(), duration, connectRate, from);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
