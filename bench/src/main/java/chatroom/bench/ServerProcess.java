package chatroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's process as Linux shows it: resident memory and its peak from
 * {@code /proc/PID/status}, CPU time from {@code /proc/PID/stat}; and the two things the idle
 * workload does to it: reset the peak, and ask the JVM for a full GC through {@code jcmd}.
 *
 * <p>A process's utime and stime leave out the kernel's interrupt work on its behalf: on loopback
 * that is the softirq that carries every segment the server writes into the receiver's socket,
 * a quarter of a core or more in a fan-out. The kernel counts it per CPU only ({@code /proc/stat}),
 * so when the server is pinned to one CPU of its own ({@code bench/run.sh} does, with taskset) the
 * irq and softirq time of that CPU is the server's too, and a snapshot reads it beside the process's.
 */
final class ServerProcess {

    /**
     * Memory in KiB, CPU in seconds: the process's user plus system time (all threads), and the
     * irq plus softirq time of the CPU it is pinned to (NaN when no CPU was given).
     */
    record Snapshot(long rssKiB, long peakRssKiB, double cpuSeconds, double interruptSeconds) {}

    private static final long GC_TIMEOUT_SECONDS = 60;
    /** "def new generation   total 29504K, used 1234K [...": the used part of one heap line. */
    private static final Pattern HEAP_LINE = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;
    private final Path proc;
    private final double ticksPerSecond;
    /** The CPU the server alone runs on, whose interrupt time is counted as its own; -1 for none. */
    private final int cpu;

    ServerProcess(long pid) throws IOException {
        this(pid, -1);
    }

    /** @param cpu the CPU the server is pinned to, alone, or -1 if it is not */
    ServerProcess(long pid, int cpu) throws IOException {
        this.pid = pid;
        this.cpu = cpu;
        this.proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isReadable(proc.resolve("status"))) {
            throw new IOException("no process " + pid + " to watch (" + proc.resolve("status") + " unreadable)");
        }
        this.ticksPerSecond = clockTicksPerSecond();
    }

    long pid() {
        return pid;
    }

    /**
     * Whether the process still runs: a process that has exited stays a zombie (state Z) until
     * its parent reaps it, so its /proc entry alone does not say it is alive.
     */
    boolean alive() {
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    Snapshot snapshot() throws IOException {
        long rss = -1;
        long peak = -1;
        for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line);
            }
        }
        double interrupts = cpu < 0 ? Double.NaN
                : interruptTicks(Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII), cpu) / ticksPerSecond;
        return new Snapshot(rss, peak, cpuSeconds(), interrupts);
    }

    /**
     * Resets VmHWM to the current RSS (Linux 4.0+), so the next peak read is the peak of what
     * follows rather than of the process's whole life. False if the kernel or permissions
     * do not allow it; the peak then covers everything since the server started.
     */
    boolean resetPeak() {
        try {
            Files.writeString(proc.resolve("clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Runs {@code jcmd PID GC.run} and waits for it: a full GC, so RSS reflects live data. */
    void collectGarbage() throws IOException, InterruptedException {
        jcmd("GC.run");
    }

    /** {@code jcmd PID COMMAND}'s output, once it has succeeded. */
    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = jcmd.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!jcmd.waitFor(GC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish in " + GC_TIMEOUT_SECONDS + " s");
        }
        if (jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }

    /**
     * The JVM's heap in use, in KiB, from {@code jcmd PID GC.heap_info}: the {@code used} of each
     * line that gives a {@code total} (the generations of the serial and parallel collectors, G1's
     * one heap line); metaspace, which has no {@code total}, is not heap.
     */
    long heapUsedKiB() throws IOException, InterruptedException {
        return usedHeapKiB(jcmd("GC.heap_info"));
    }

    static long usedHeapKiB(String heapInfo) {
        Matcher m = HEAP_LINE.matcher(heapInfo);
        long used = 0;
        boolean any = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("no heap in: " + heapInfo);
        }
        return used;
    }

    /** utime + stime, fields 14 and 15; counted after the ")" that ends the command name, which may hold spaces. */
    private double cpuSeconds() throws IOException {
        String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks / ticksPerSecond;
    }

    /**
     * The irq plus softirq ticks of CPU {@code cpu} in a {@code /proc/stat} text: its line reads
     * {@code cpuN user nice system idle iowait irq softirq steal ...}, in USER_HZ like
     * /proc/PID/stat. Interrupt time is not also in any process's utime or stime, so the sum with
     * the server's own is not counted twice.
     */
    static long interruptTicks(String procStat, int cpu) {
        String name = "cpu" + cpu + " ";
        for (String line : procStat.split("\n")) {
            if (line.startsWith(name)) {
                String[] fields = line.trim().split("\\s+");
                return Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
            }
        }
        throw new IllegalArgumentException("no line for cpu" + cpu + " in /proc/stat");
    }

    private static long kib(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    /** USER_HZ, which /proc/PID/stat counts in; 100 on every mainstream Linux if getconf is missing. */
    private static double clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
            String out;
            try (InputStream in = getconf.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Double.parseDouble(out);
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to the default.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
