package chatroom.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The seven workloads of the performance table, each run against every server given, {@code --reps}
 * times, so all see the same machine at nearly the same moment. Repetition r runs the servers in
 * the order rotated by r, so no server always goes first (on a cold JIT) or last (on a warm
 * machine). Each run's own report goes to stderr as it finishes; the table comparing them goes
 * to stdout at the end ({@link SuiteReport}): a column per server, in the order given, the median
 * and range of its runs, and ratios to Redis. The servers are started, and pinned to a CPU, by the
 * caller ({@code bench/run.sh}).
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
            "Runs the seven workloads against the servers given, already started, and prints one markdown table.",
            "1 fan-out throughput, 2 latency at a fixed rate, 3 big room, 4 idle connections, 5 slow consumers,",
            "6 and 7 a room of 10,000 at 10 and at 100 messages a second."
        })
final class Suite implements Callable<Integer> {

    /** One workload, as every server runs it. */
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

        /** Unthrottled: the run measures how fast the pair of server and generator can go. */
        boolean throughput() {
            return !idle && rate == 0;
        }
    }

    /** What one run of one workload on one server came to: a result, or why there is none. */
    record Outcome(FanOutResult fanOut, IdleResult idle, String failure) {

        boolean clean() {
            return failure == null && (fanOut != null ? fanOut.clean() : idle.clean());
        }
    }

    /** One server under test: the table's column {@code column}, driven with {@code protocol}. */
    record Server(String column, Protocol protocol, String host, int port, Long pid) {

        /** Redis is what every other server is compared with. */
        boolean reference() {
            return protocol instanceof RespProtocol;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "NAME=TARGET,HOST:PORT[,PID]", required = true,
            description = {"A server to measure, as a column of the table, in the order given; repeat for each.",
                "TARGET is the generator's protocol for it: chatroom (text lines), ws, json or redis. With PID its CPU "
                        + "and memory are measured. Ratios are to the redis one; targets are judged on the first.",
                "For example --server chatroom=chatroom,127.0.0.1:5000,1234 --server Redis=redis,127.0.0.1:6379,1240"})
    List<String> serverSpecs;

    @Option(names = "--server-cpu", paramLabel = "CPU",
            description = {"The CPU every server is pinned to (taskset), with the generator on others: the softirq "
                    + "work on it that the server's own CPU time leaves out (on loopback mostly the delivery of what "
                    + "it writes) is counted as the server's. Without it, server CPU is the process's alone."})
    Integer serverCpu;

    @Option(names = "--reps", paramLabel = "N",
            description = "Runs of each workload on each server, the order rotated each time (default: 3; 1 with --smoke).")
    Integer reps;

    @Option(names = "--smoke", description = "About 2 s a workload with fewer clients: checks that it all still works.")
    boolean smoke;

    @Option(names = "--window", paramLabel = "W",
            description = {"Unconfirmed messages per sender in workloads 1 and 5 (default: ${DEFAULT-VALUE}).",
                "Enough for every server to be the bottleneck on a 2-core machine: at 32, Redis waited on the",
                "window at a third of a core (issue 15)."})
    int window = 128;

    @Option(names = "--output-cap-bytes", paramLabel = "BYTES",
            description = "The servers' per-client output cap, for workload 5's memory target (default: ${DEFAULT-VALUE}).")
    long outputCapBytes = 8L * 1024 * 1024;

    @Option(names = "--tls-ca", paramLabel = "PEM", converter = TlsTrust.Option.class,
            description = {"Connect to every server over TLS 1.3, trusting exactly the certificates in this PEM file.",
                "Workloads 1, 2, 3 and 5; workload 4 (idle) is left out."})
    TlsTrust tls;

    /** A server is idle below this share of a core, measured over {@link #IDLE_WINDOW_NANOS}. */
    private static final double IDLE_SHARE = 0.05;
    private static final long IDLE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Option(names = "--warm-up", paramLabel = "SECONDS",
            description = {"Before its first measured run, each server gets this long of workload 1's load, not",
                "measured (default: 10; 0.5 with --smoke; 0: none). A JIT-compiled server compiles its hot paths",
                "in its first seconds of load, on the CPU it is pinned to; without this, whichever workload runs",
                "first on it measures that too, and Redis has nothing of the kind to pay."})
    Double warmUpSeconds;

    @Option(names = "--only", paramLabel = "N", split = ",",
            description = "Run only these workloads (1-7), for example --only 1,5.")
    List<Integer> only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Server> servers = servers();
        int repetitions = reps != null ? reps : smoke ? 1 : 3;
        if (repetitions < 1 || window < 1) {
            throw new ParameterException(spec.commandLine(), "--reps and --window must be at least 1");
        }
        if (warmUpSeconds != null && !(warmUpSeconds >= 0)) {
            throw new ParameterException(spec.commandLine(), "--warm-up must be 0 or more seconds");
        }
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : workloads(smoke, window)) {
            if ((only == null || only.contains(w.number())) && (tls == null || !w.idle())) {
                workloads.add(w);
            }
        }
        if (tls != null && (only == null || only.contains(4))) {
            Progress.say("workload 4 (idle) is left out: it runs over plain TCP only");
        }
        SuiteReport report = new SuiteReport(servers, smoke, outputCapBytes, serverCpu,
                serverCpu == null ? null : Softirq.machineAccounting());
        int status = LoadGenerator.EXIT_CLEAN;
        double warmUp = warmUpSeconds != null ? warmUpSeconds : smoke ? 0.5 : 10;
        if (warmUp > 0) {
            Workload first = workloads(smoke, window).get(0);
            Workload load = Workload.fanOut(0, "warm-up", first.clients(), first.senders(), 0, window, warmUp, 0, 0);
            report.warmedUp(warmUp);
            for (Server server : servers) {
                Progress.say("warm-up on %s: %.1f s of workload 1's load, not measured", server.column(), warmUp);
                Outcome outcome = runOne(load, server, tls, "warm" + servers.indexOf(server) + "n");
                if (outcome.failure() != null) {
                    status = LoadGenerator.EXIT_SETUP_FAILED;
                }
            }
        }
        int run = 0;
        for (Workload workload : workloads) {
            for (int rep = 0; rep < repetitions; rep++) {
                for (Server server : rotated(servers, rep)) {
                    run++;
                    awaitServersIdle(servers);
                    Progress.say("workload %d (%s), rep %d of %d, on %s", workload.number(), workload.title(), rep + 1,
                            repetitions, server.column());
                    Outcome outcome = runOne(workload, server, tls, "w" + workload.number() + "r" + run + "n");
                    report.add(workload, server.column(), outcome);
                    if (!outcome.clean()) {
                        int code = outcome.failure() != null ? LoadGenerator.EXIT_SETUP_FAILED : LoadGenerator.EXIT_DIRTY;
                        status = Math.max(status, code);
                    }
                }
            }
        }
        System.out.print(report.toMarkdown());
        return status;
    }

    /**
     * Before each run, every server must be idle: on a 2-core machine they all share one CPU,
     * and a server still working off the last run's backlog took it from the next run (a Netty
     * peer overwhelmed by workload 7 collected garbage for minutes after its run, and the
     * servers measured after it saw half a core).
     */
    private static void awaitServersIdle(List<Server> servers) throws IOException, InterruptedException {
        List<Server> watched = servers.stream().filter(server -> server.pid() != null).toList();
        List<ServerProcess> processes = new ArrayList<>();
        for (Server server : watched) {
            processes.add(new ServerProcess(server.pid()));
        }
        long deadline = System.nanoTime() + IDLE_TIMEOUT_NANOS;
        while (true) {
            double[] before = new double[processes.size()];
            for (int i = 0; i < before.length; i++) {
                before[i] = processes.get(i).cpuSeconds();
            }
            long from = System.nanoTime();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(IDLE_WINDOW_NANOS));
            double seconds = (System.nanoTime() - from) / 1e9;
            List<String> busy = new ArrayList<>();
            for (int i = 0; i < before.length; i++) {
                double share = (processes.get(i).cpuSeconds() - before[i]) / seconds;
                if (share >= IDLE_SHARE && processes.get(i).alive()) {
                    busy.add(String.format(Locale.ROOT, "%s (%.0f%% of a core)", watched.get(i).column(), share * 100));
                }
            }
            if (busy.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                Progress.say("still busy after %d s of waiting: %s; the next run shares their CPU",
                        TimeUnit.NANOSECONDS.toSeconds(IDLE_TIMEOUT_NANOS), String.join(", ", busy));
                return;
            }
        }
    }

    /** {@code list} rotated left by {@code by}: repetition r's order of the servers. */
    static <T> List<T> rotated(List<T> list, int by) {
        List<T> order = new ArrayList<>(list);
        Collections.rotate(order, -(by % Math.max(1, list.size())));
        return order;
    }

    /**
     * The workloads: the first issue's five, and issue 15's room of 10,000 at two rates.
     * {@code smoke} shrinks them to about two seconds each and fewer clients (300 for the big
     * rooms, which CI runs on every server in three modes): enough to check that everything
     * works, too little to measure anything.
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
                Workload.fanOut(5, "slow consumers", clients, senders, 0, window, duration, warmup, smoke ? 3 : 10),
                Workload.fanOut(6, "a room of thousands, quiet", smoke ? 300 : 10_000, 5, 10, window, duration,
                        warmup, 0),
                Workload.fanOut(7, "a room of thousands, busy", smoke ? 300 : 10_000, 5, 100, window, duration,
                        warmup, 0));
    }

    private Outcome runOne(Workload w, Server server, TlsTrust tls, String namePrefix)
            throws IOException, InterruptedException {
        BenchSettings settings = new BenchSettings(server.protocol(), server.host(), server.port(), w.clients(),
                w.senders(), w.rate(), w.window(), w.payloadBytes(), w.durationSeconds(), w.warmupSeconds(),
                w.connectRate(), w.slowClients(), server.pid(), namePrefix, tls);
        ServerProcess process = server.pid() == null ? null
                : new ServerProcess(server.pid(), serverCpu == null ? -1 : serverCpu);
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
            Progress.say("workload %d on %s could not run: %s", w.number(), server.column(), e.getMessage());
            return new Outcome(null, null, e.getMessage());
        }
    }

    private List<Server> servers() {
        List<Server> servers = new ArrayList<>();
        for (String given : serverSpecs) {
            Server server = server(given);
            if (servers.stream().anyMatch(s -> s.column().equals(server.column()))) {
                throw new ParameterException(spec.commandLine(), "two servers named " + server.column());
            }
            servers.add(server);
        }
        return servers;
    }

    /** NAME=TARGET,HOST:PORT[,PID]. */
    private Server server(String given) {
        int equals = given.indexOf('=');
        String[] parts = given.substring(equals + 1).split(",");
        try {
            if (equals < 1 || parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("not NAME=TARGET,HOST:PORT[,PID]");
            }
            String hostPort = parts[1];
            int colon = hostPort.lastIndexOf(':');
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("no HOST:PORT in " + hostPort);
            }
            Long pid = parts.length == 3 ? Long.valueOf(parts[2]) : null;
            return new Server(given.substring(0, equals), Protocol.named(parts[0]), hostPort.substring(0, colon), port,
                    pid);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new ParameterException(spec.commandLine(), "--server " + given + ": " + e.getMessage());
        }
    }
}
