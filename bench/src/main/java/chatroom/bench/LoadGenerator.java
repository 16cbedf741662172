package chatroom.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line. One thread and one selector drive every simulated client, so the
 * generator measures the server and not its own thread scheduling; it must run as its own
 * process (the server's file descriptors and this one's count against separate limits).
 *
 * <p>Exit status: 0 when the run was clean, 2 when it completed but found lost, duplicated,
 * reordered or corrupted messages, disconnects or server errors, 1 when it could not run.
 */
@Command(
        name = "chatroom-bench",
        mixinStandardHelpOptions = true,
        subcommands = {Suite.class, UdpComparison.class, Chaos.class, Attack.class},
        versionProvider = LoadGenerator.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Load generator for the chatroom server, and for Redis pub/sub as a reference: many clients on one "
                    + "thread and one selector.",
            "Fan-out (default): all clients join the lobby (Redis: SUBSCRIBE lobby), the first --senders talk "
                    + "(Redis: PUBLISH on connections of their own); every receiver checks order, gaps and duplicates "
                    + "per sender and records latency.",
            "Idle (--idle): connect all clients and let them sit, then report what they cost the server.",
            "Suite (the suite subcommand): every workload against chatroom and Redis, one table.",
            "Chaos (the chaos subcommand): a soak of well-behaved and hostile users, with invariants checked.",
            "Attack (the attack subcommand): one of the heavy attacks of issue 12 at full scale, with a canary pair."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the run was clean",
            "1:the run could not be carried out (bad options, clients could not log in)",
            "2:messages were lost, duplicated, reordered or corrupted, or clients were cut off"
        })
public final class LoadGenerator implements Callable<Integer> {

    static final int EXIT_CLEAN = 0;
    static final int EXIT_SETUP_FAILED = 1;
    static final int EXIT_DIRTY = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "SERVER",
            description = "What the server speaks: chatroom (text lines), json (chatroom's JSON lines, on its "
                    + "--json-port), ws (its JSON events over a WebSocket on its --http-port), udp (its text lines in "
                    + "datagrams, on its --udp-port; users come from 127.1.x.y, 4 an address) or redis "
                    + "(default: ${DEFAULT-VALUE}).")
    String target = "chatroom";

    @Option(names = "--host", paramLabel = "HOST", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port = 5000;

    @Option(names = "--clients", paramLabel = "N", description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int clients = 100;

    @Option(names = "--senders", paramLabel = "K",
            description = "How many of the clients (the first K) also send (default: ${DEFAULT-VALUE}); with --target "
                    + "redis, K publishers beside N - 1 subscribers, so that a message has N - 1 receivers as on chatroom.")
    int senders = 10;

    @Option(names = "--rate", paramLabel = "R",
            description = "Messages per second across all senders; 0 sends as fast as --window allows "
                    + "(default: ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(names = "--window", paramLabel = "W",
            description = "With --rate 0: messages each sender may have unconfirmed, a message being confirmed "
                    + "once the last client (the observer, never a sender) received it (default: ${DEFAULT-VALUE}).")
    int window = 32;

    @Option(names = "--payload", paramLabel = "BYTES",
            description = "Message size: sender, sequence number and send time, padded with '.' to BYTES "
                    + "(longer only if the numbers alone need more) (default: ${DEFAULT-VALUE}).")
    int payload = 64;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time (default: ${DEFAULT-VALUE}).")
    double duration = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "Sending before measuring starts, for the JITs and TCP to settle (default: ${DEFAULT-VALUE}).")
    double warmup = 2;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND",
            description = "New connections per second (default: ${DEFAULT-VALUE}).")
    double connectRate = 2000;

    @Option(names = "--slow-clients", paramLabel = "M",
            description = "Extra clients that stop reading once in: slow consumers the server should cut off "
                    + "without the others losing anything (default: ${DEFAULT-VALUE}).")
    int slowClients;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process, to report its CPU time and memory (from /proc; --idle also runs "
                    + "jcmd GC.run for chatroom, MEMORY PURGE for Redis).")
    Long serverPid;

    @Option(names = "--idle", description = "Idle workload: connect and name every client, then measure what they cost.")
    boolean idle;

    @Option(names = "--name-prefix", paramLabel = "PREFIX",
            description = "Chatroom client names are PREFIX plus a number, b00001 and on (default: ${DEFAULT-VALUE}).")
    String namePrefix = "b";

    @Option(names = "--tls-ca", paramLabel = "PEM", converter = TlsTrust.Option.class,
            description = "Connect over TLS 1.3, trusting exactly the certificates in this PEM file (fan-out only).")
    TlsTrust tlsCa;

    @Option(names = "--json", description = "Print the summary as one line of JSON instead of text.")
    boolean json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        BenchSettings settings = settings();
        ServerProcess server = serverPid == null ? null : new ServerProcess(serverPid);
        try (Reactor reactor = new Reactor()) {
            if (idle) {
                IdleResult result = new IdleWorkload(settings, reactor, server).run();
                System.out.print(json ? result.toJson() + "\n" : result.toText());
                return result.clean() ? EXIT_CLEAN : EXIT_DIRTY;
            }
            FanOutResult result = new FanOutWorkload(settings, reactor, server).run();
            System.out.print(json ? result.toJson() + "\n" : result.toText());
            return result.clean() ? EXIT_CLEAN : EXIT_DIRTY;
        } catch (BenchException e) {
            System.err.println("chatroom-bench: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        }
    }

    BenchSettings settings() {
        require(List.of("chatroom", "json", "ws", "udp", "redis").contains(target),
                "--target must be chatroom, json, ws, udp or redis");
        require(port >= 1 && port <= 65_535, "--port must be 1..65535");
        require(clients >= 1, "--clients must be at least 1");
        require(connectRate > 0, "--connect-rate must be positive");
        require(namePrefix.matches("[A-Za-z0-9_-]{1,18}"),
                "--name-prefix must be 1-18 letters, digits, _ or - (names are at most 24 characters)");
        require(slowClients >= 0, "--slow-clients must not be negative");
        if (!idle) {
            require(clients >= 2, "--clients must be at least 2: a message needs someone to receive it");
            require(senders >= 1 && senders <= clients, "--senders must be 1..--clients");
            require(rate >= 0, "--rate must not be negative");
            require(rate > 0 || senders < clients,
                    "--senders must be fewer than --clients with --rate 0: the last client observes, and "
                            + "senders do not receive their own messages");
            require(window >= 1, "--window must be at least 1");
            require(payload >= 1, "--payload must be at least 1");
            require(duration > 0, "--duration must be positive");
            require(warmup >= 0, "--warmup must not be negative");
        }
        require(tlsCa == null || !idle, "--tls-ca is for fan-out runs; --idle connects over plain TCP");
        require(tlsCa == null || !target.equals("udp"), "--tls-ca is for TCP; udp has no TLS");
        require(slowClients == 0 || !target.equals("udp"),
                "--slow-clients is for TCP: a UDP user that does not read only fills its own socket buffer");
        BenchSettings settings = new BenchSettings(Protocol.named(target), host, port, clients, idle ? 0 : senders,
                rate, window, payload, duration, warmup, connectRate, idle ? 0 : slowClients, serverPid, namePrefix,
                tlsCa);
        require(!settings.address().isUnresolved(), "--host " + host + " cannot be resolved");
        return settings;
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** {@code --version}: the version Maven wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LoadGenerator.class.getPackage().getImplementationVersion();
            return new String[] {"chatroom-bench " + (version == null ? "(development build)" : version)};
        }
    }
}
