package chatroom.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What a UDP user costs beside a TCP user, on one chatroom server that takes both: the same
 * workloads with the room made of TCP users (the {@code chatroom} target) and then of UDP users
 * (the {@code udp} target), alternating, several rounds, so both see the machine in about the
 * same state; one table of medians and spreads ({@link UdpReport}).
 *
 * <ol>
 *   <li>fan-out, unthrottled: a window of 32 unconfirmed messages per sender (over UDP a window
 *       the observer never confirms is written off after 250 ms), the pair's ceiling;</li>
 *   <li>fan-out at a fixed 2,000 messages a second, well inside both ends' ceilings: the
 *       server's CPU per delivery and the loss at a load both can carry;</li>
 *   <li>idle: users that join and sit (UDP users ping to keep their sessions), their RSS and
 *       live heap per user after a full GC.</li>
 * </ol>
 *
 * Loss is what the receivers still owe after the drain; where it went shows in the server's udp
 * counters on {@code /metrics} (with {@code --metrics}) and in the kernel's Udp counters.
 *
 * <p>Exit status: 0 when every run was clean (a UDP run may lose, a TCP run may not), 2 when one
 * duplicated, reordered or corrupted a message or had a user cut off, or TCP lost one, 1 when a
 * run could not be carried out.
 */
@Command(
        name = "udp-vs-tcp",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs fan-out and idle workloads with TCP users and with UDP users on one chatroom server, alternating, "
                    + "and prints one markdown table of medians and spreads.",
            "1 fan-out throughput, 2 fan-out at a fixed rate, 3 idle users (memory per user)."
        })
final class UdpComparison implements Callable<Integer> {

    /**
     * New users a second in the idle workload: each costs one of the 1,000 answers a second the
     * server gives sources it does not know yet, and this leaves room for the retries.
     */
    static final double IDLE_CONNECT_RATE = 400;

    @Spec
    CommandSpec spec;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", required = true,
            description = "The server's plain port (started with --flood-rate 0).")
    String tcp;

    @Option(names = "--udp", paramLabel = "HOST:PORT", required = true, description = "Its --udp-port.")
    String udp;

    @Option(names = "--server-pid", paramLabel = "PID", description = "Its process, for CPU and memory.")
    Long serverPid;

    @Option(names = "--metrics", paramLabel = "URL",
            description = "Its /metrics page (http://HOST:HTTP_PORT/metrics), for the udp drop counters of each run.")
    URI metrics;

    @Option(names = "--runs", paramLabel = "N",
            description = "Runs of each workload on each transport (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--smoke", description = "About 2 s a workload with fewer users: checks that it all still works.")
    boolean smoke;

    @Option(names = "--idle-users", paramLabel = "N",
            description = "Users in the idle workload (default: 10,000; 500 with --smoke).")
    Integer idleUsers;

    @Option(names = "--only", paramLabel = "N", split = ",", description = "Run only these workloads (1-3).")
    List<Integer> only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
        }
        Suite.Server tcpServer = server(UdpReport.TCP, "--tcp", tcp);
        Suite.Server udpServer = server(UdpReport.UDP, "--udp", udp);
        UdpReport report = new UdpReport();
        int status = LoadGenerator.EXIT_CLEAN;
        for (Suite.Workload w : workloads(smoke, idleUsers == null ? (smoke ? 500 : 10_000) : idleUsers)) {
            if (only != null && !only.contains(w.number())) {
                continue;
            }
            for (int round = 1; round <= runs; round++) {
                for (Suite.Server server : Suite.rotated(List.of(tcpServer, udpServer), round - 1)) {
                    Progress.say("workload %d (%s), round %d of %d, on %s; load average %s", w.number(), w.title(),
                            round, runs, server.protocol().name(), loadAverage());
                    UdpReport.Run run = runOne(w, server, "u" + w.number() + "r" + round + server.column().charAt(0));
                    report.add(w, run);
                    if (!run.clean()) {
                        status = Math.max(status, run.failure() != null ? LoadGenerator.EXIT_SETUP_FAILED
                                : LoadGenerator.EXIT_DIRTY);
                    }
                }
            }
        }
        System.out.print(report.toMarkdown());
        return status;
    }

    static List<Suite.Workload> workloads(boolean smoke, int idleUsers) {
        double duration = smoke ? 1.5 : 10;
        double warmup = smoke ? 0.5 : 2;
        int users = smoke ? 20 : 100;
        int senders = smoke ? 4 : 10;
        return List.of(
                Suite.Workload.fanOut(1, "fan-out throughput", users, senders, 0, 32, duration, warmup, 0),
                Suite.Workload.fanOut(2, "fan-out at a fixed rate", users, senders, smoke ? 400 : 2_000, 32, duration,
                        warmup, 0),
                Suite.Workload.idle(3, "idle users", idleUsers, IDLE_CONNECT_RATE));
    }

    private UdpReport.Run runOne(Suite.Workload w, Suite.Server server, String namePrefix)
            throws IOException, InterruptedException {
        BenchSettings settings = new BenchSettings(server.protocol(), server.host(), server.port(), w.clients(),
                w.senders(), w.rate(), w.window(), w.payloadBytes(), w.durationSeconds(), w.warmupSeconds(),
                w.connectRate(), 0, server.pid(), namePrefix, null);
        ServerProcess process = server.pid() == null ? null : new ServerProcess(server.pid());
        String target = server.protocol().name();
        Map<String, Long> kernelBefore = KernelUdp.kernel();
        Map<String, Long> serverBefore = KernelUdp.server(metrics);
        try (Reactor reactor = new Reactor()) {
            FanOutResult fanOut = null;
            IdleResult idle = null;
            if (w.idle()) {
                idle = new IdleWorkload(settings, reactor, process).run();
                System.err.print(idle.toText());
            } else {
                fanOut = new FanOutWorkload(settings, reactor, process).run();
                System.err.print(fanOut.toText());
            }
            Map<String, Long> kernel = KernelUdp.delta(kernelBefore, KernelUdp.kernel());
            Map<String, Long> counters = KernelUdp.delta(serverBefore, KernelUdp.server(metrics));
            Progress.say("  kernel Udp over the run: %s", kernel);
            if (!counters.isEmpty()) {
                Progress.say("  server udp counters over the run: %s", counters);
            }
            return new UdpReport.Run(target, fanOut, idle, kernel, counters, null);
        } catch (BenchException e) {
            Progress.say("workload %d on %s could not run: %s", w.number(), target, e.getMessage());
            return new UdpReport.Run(target, null, null, Map.of(), Map.of(), e.getMessage());
        }
    }

    /** The server at {@code hostPort} (given as {@code option}) as {@code target} speaks to it. */
    private Suite.Server server(String target, String option, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new Suite.Server(target, Protocol.named(target), hostPort.substring(0, colon), port, serverPid);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), option + " must be HOST:PORT, not " + hostPort);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
