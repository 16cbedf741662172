package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code chaos} command: a soak of well-behaved and hostile users against a running
 * chatroom server, with the invariants checked at the end ({@link ChaosWorkload},
 * {@link ChaosResult}). {@code bench/chaos.sh} starts the server, runs this and checks the
 * server's log.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Chaos soak against a running chatroom server (started with default flood control, and per-address "
                    + "limits that let --clients connections from one address in): well-behaved talkers and "
                    + "readers, users that hop rooms, rename, ask /who, flood, stop reading, reset, send garbage, "
                    + "half-close, vanish; and a canary pair. Checks that every talker's line reached every "
                    + "well-behaved member of its room in order, that none of them was cut off, the canary's "
                    + "p99 latency, and (with --server-pid) the server's RSS after a full GC."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every invariant held",
            "1:the soak could not be carried out (bad options, the checked users could not get in)",
            "2:an invariant failed"
        })
final class Chaos implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port = 5000;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process: its RSS is read at the start (after warm-up), the peak and the end "
                    + "(after a jcmd GC.run); without it memory is not checked.")
    Long serverPid;

    @Option(names = "--clients", paramLabel = "N",
            description = "Simulated users, besides the canary pair (default: 1000; 100 with --smoke).")
    Integer clients;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "How long the soak runs once every checked user is in (default: 60; 10 with --smoke).")
    Double duration;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the cast (kinds, formats, rooms, what each does); default: a new one, printed.")
    Long seed;

    @Option(names = "--smoke", description = "A short soak: 100 users for 10 s unless --clients or --duration say otherwise.")
    boolean smoke;

    @Option(names = "--json-share", paramLabel = "FRACTION",
            description = "Share of users that ask for JSON events (default: ${DEFAULT-VALUE}).")
    double jsonShare = 0.3;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND",
            description = "New connections per second while everyone connects (default: ${DEFAULT-VALUE}).")
    double connectRate = 500;

    @Option(names = "--churn-rate", paramLabel = "PER_SECOND",
            description = "The most new connections per second during the soak, users coming back after a reset, "
                    + "a quit or a kick; keep it under the server's --connect-rate (default: ${DEFAULT-VALUE}).")
    double churnRate = 50;

    @Option(names = "--canary-bound-ms", paramLabel = "MS",
            description = "Fail if the canary's p99 in any 10 s window is over this (default: ${DEFAULT-VALUE}: the "
                    + "heaviest load on a 2-core machine; 100 is the goal on a quiet one).")
    double canaryBoundMillis = 1000;

    @Option(names = "--rss-bound-mib", paramLabel = "MIB",
            description = "Fail if the server's RSS at the end is more than this above the start (default: "
                    + "${DEFAULT-VALUE}).")
    double rssBoundMib = 64;

    @Override
    public Integer call() throws IOException, InterruptedException {
        int n = clients != null ? clients : smoke ? 100 : 1000;
        double seconds = duration != null ? duration : smoke ? 10 : 60;
        long s = seed != null ? seed : System.nanoTime() ^ System.currentTimeMillis();
        require(port >= 1 && port <= 65_535, "--port must be 1..65535");
        require(n >= 2, "--clients must be at least 2");
        require(seconds > 0, "--duration must be positive");
        require(jsonShare >= 0 && jsonShare <= 1, "--json-share must be 0..1");
        require(connectRate > 0 && churnRate > 0, "--connect-rate and --churn-rate must be positive");
        require(canaryBoundMillis > 0 && rssBoundMib > 0, "the bounds must be positive");
        InetSocketAddress address = new InetSocketAddress(host, port);
        require(!address.isUnresolved(), "--host " + host + " cannot be resolved");
        ChaosResult.Bounds bounds = new ChaosResult.Bounds(
                (long) (canaryBoundMillis * 1e6), TimeUnit.MILLISECONDS.toNanos(100), (long) (rssBoundMib * 1024));
        ChaosWorkload.Settings settings = new ChaosWorkload.Settings(address, n, seconds, s, jsonShare, connectRate,
                churnRate, bounds);
        ServerProcess server = serverPid == null ? null : new ServerProcess(serverPid);
        try (Reactor reactor = new Reactor()) {
            ChaosResult result = new ChaosWorkload(settings, reactor, server).run();
            System.out.print(result.toText());
            return result.clean() ? LoadGenerator.EXIT_CLEAN : LoadGenerator.EXIT_DIRTY;
        } catch (BenchException e) {
            System.err.println("chatroom-bench chaos: " + e.getMessage());
            return LoadGenerator.EXIT_SETUP_FAILED;
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
