package chatroom.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The five workloads of the performance table, each run against chatroom and then against
 * Redis, back to back, so both see the same machine at nearly the same moment. Each run's
 * own report goes to stderr as it finishes; the table comparing them goes to stdout at the
 * end ({@link SuiteReport}). The servers are started by the caller ({@code bench/run.sh}).
 *
 * <p>Exit status: 0 when every run was clean, 2 when any lost, duplicated, reordered or
 * corrupted a message or cut off a client that was reading, 1 when a run could not be carried
 * out. Missed performance targets are reported in the table, never in the exit status: the
 * numbers depend on the machine.
 */
@Command(
        name = "suite",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs the five workloads against chatroom and Redis, already started, and prints one markdown table.",
            "1 fan-out throughput, 2 latency at a fixed rate, 3 big room, 4 idle connections, 5 slow consumers."
        })
final class Suite implements Callable<Integer> {

    /** One workload, as both servers run it. */
    record Workload(int number, String title, int clients, int senders, double rate, int window, int payloadBytes,
                    double durationSeconds, double warmupSeconds, int slowClients, boolean idle, double connectRate) {

        static Workload fanOut(int number, String title, int clients, int senders, double rate, int window,
                               double duration, double warmup, int slowClients) {
            return new Workload(number, title, clients, senders, rate, window, 64, duration, warmup, slowClients,
                    false, 2000);
        }

        static Workload idle(int number, String title, int clients, double connectRate) {
            return new Workload(number, title, clients, 0, 0, 1, 64, 0, 0, 0, true, connectRate);
        }
    }

    /** What one run of one workload on one server came to: a result, or why there is none. */
    record Outcome(FanOutResult fanOut, IdleResult idle, String failure) {

        boolean clean() {
            return failure == null && (fanOut != null ? fanOut.clean() : idle.clean());
        }
    }

    /** One server under test, in the table's column {@code column} ({@link SuiteReport#CHATROOM} or {@link SuiteReport#REDIS}). */
    record Server(String column, Protocol protocol, String host, int port, Long pid) {}

    @Spec
    CommandSpec spec;

    @Option(names = "--chatroom", paramLabel = "HOST:PORT", description = "The chatroom server, started with --flood-rate 0.")
    String chatroom;

    @Option(names = "--chatroom-pid", paramLabel = "PID", description = "Its process, for CPU and memory.")
    Long chatroomPid;

    @Option(names = "--ws",
            description = "--chatroom is the server's --http-port: its clients speak JSON events over a WebSocket "
                    + "(the ws target), as the web page does, instead of text lines.")
    boolean ws;

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "The Redis server.")
    String redis;

    @Option(names = "--redis-pid", paramLabel = "PID", description = "Its process, for CPU and memory.")
    Long redisPid;

    @Option(names = "--smoke", description = "About 2 s a workload with fewer clients: checks that it all still works.")
    boolean smoke;

    @Option(names = "--window", paramLabel = "W",
            description = "Unconfirmed messages per sender in workloads 1 and 5 (default: ${DEFAULT-VALUE}).")
    int window = 32;

    @Option(names = "--output-cap-bytes", paramLabel = "BYTES",
            description = "The servers' per-client output cap, for workload 5's memory target (default: ${DEFAULT-VALUE}).")
    long outputCapBytes = 1024 * 1024;

    @Option(names = "--tls-ca", paramLabel = "PEM", converter = TlsTrust.Option.class,
            description = {"Connect to both servers over TLS 1.3, trusting exactly the certificates in this PEM file.",
                "Workloads 1, 2, 3 and 5; workload 4 (idle) is left out."})
    TlsTrust tls;

    @Option(names = "--only", paramLabel = "N", split = ",",
            description = "Run only these workloads (1-5), for example --only 1,5.")
    List<Integer> only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Server> servers = servers();
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : workloads(smoke, window)) {
            if ((only == null || only.contains(w.number())) && (tls == null || !w.idle())) {
                workloads.add(w);
            }
        }
        if (tls != null && (only == null || only.contains(4))) {
            Progress.say("workload 4 (idle) is left out: it runs over plain TCP only");
        }
        SuiteReport report = new SuiteReport(smoke, outputCapBytes);
        if (ws) {
            System.out.print("chatroom's clients speak JSON events over a WebSocket (GET /ws on its HTTP port), "
                    + "not text lines.\n\n");
        }
        int status = LoadGenerator.EXIT_CLEAN;
        int run = 0;
        for (Workload workload : workloads) {
            for (Server server : servers) {
                run++;
                Progress.say("workload %d (%s) on %s", workload.number(), workload.title(), server.protocol().name());
                Outcome outcome = runOne(workload, server, tls, "w" + workload.number() + "r" + run + "n");
                report.add(workload, server.column(), outcome);
                if (!outcome.clean()) {
                    int code = outcome.failure() != null ? LoadGenerator.EXIT_SETUP_FAILED : LoadGenerator.EXIT_DIRTY;
                    status = Math.max(status, code);
                }
            }
        }
        System.out.print(report.toMarkdown());
        return status;
    }

    /**
     * The five workloads. {@code smoke} shrinks them to about two seconds each and fewer
     * clients: enough to check that everything works, too little to measure anything.
     */
    static List<Workload> workloads(boolean smoke, int window) {
        double duration = smoke ? 1.5 : 10;
        double warmup = smoke ? 0.5 : 2;
        int clients = smoke ? 20 : 100;
        int senders = smoke ? 4 : 10;
        return List.of(
                Workload.fanOut(1, "fan-out throughput", clients, senders, 0, window, duration, warmup, 0),
                Workload.fanOut(2, "latency at a fixed rate", clients, senders, smoke ? 400 : 2_000, window,
                        duration, warmup, 0),
                Workload.fanOut(3, "big room", smoke ? 200 : 1_000, 5, 200, window, duration, warmup, 0),
                Workload.idle(4, "idle connections", smoke ? 1_000 : 10_000, smoke ? 5_000 : 2_000),
                Workload.fanOut(5, "slow consumers", clients, senders, 0, window, duration, warmup, smoke ? 3 : 10));
    }

    private Outcome runOne(Workload w, Server server, TlsTrust tls, String namePrefix)
            throws IOException, InterruptedException {
        BenchSettings settings = new BenchSettings(server.protocol(), server.host(), server.port(), w.clients(),
                w.senders(), w.rate(), w.window(), w.payloadBytes(), w.durationSeconds(), w.warmupSeconds(),
                w.connectRate(), w.slowClients(), server.pid(), namePrefix, tls);
        ServerProcess process = server.pid() == null ? null : new ServerProcess(server.pid());
        try (Reactor reactor = new Reactor()) {
            if (w.idle()) {
                IdleResult result = new IdleWorkload(settings, reactor, process).run();
                System.err.print(result.toText());
                return new Outcome(null, result, null);
            }
            FanOutResult result = new FanOutWorkload(settings, reactor, process).run();
            System.err.print(result.toText());
            return new Outcome(result, null, null);
        } catch (BenchException e) {
            Progress.say("workload %d on %s could not run: %s", w.number(), server.protocol().name(), e.getMessage());
            return new Outcome(null, null, e.getMessage());
        }
    }

    private List<Server> servers() {
        List<Server> servers = new ArrayList<>();
        if (chatroom != null) {
            servers.add(server(SuiteReport.CHATROOM, ws ? "ws" : "chatroom", chatroom, chatroomPid));
        }
        if (redis != null) {
            servers.add(server(SuiteReport.REDIS, "redis", redis, redisPid));
        }
        if (servers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give --chatroom HOST:PORT, --redis HOST:PORT or both");
        }
        if (window < 1) {
            throw new ParameterException(spec.commandLine(), "--window must be at least 1");
        }
        return servers;
    }

    private Server server(String column, String target, String hostPort, Long pid) {
        int colon = hostPort.lastIndexOf(':');
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new Server(column, Protocol.named(target), hostPort.substring(0, colon), port, pid);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--" + column + " must be HOST:PORT, not " + hostPort);
        }
    }
}
