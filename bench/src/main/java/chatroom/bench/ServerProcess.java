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
 * <p>Given the CPU the server is pinned to, alone, a snapshot also reads the kernel's softirq work
 * on that CPU that the process's own time leaves out ({@link Softirq}).
 */
final class ServerProcess {

    /**
     * Memory in KiB, CPU in seconds: the process's user plus system time (all threads), and the
     * interrupt work on its CPU not in that time ({@link Softirq#seconds}) and all of it, whether
     * in that time or not ({@link Softirq#cpuColumnsSeconds}); both NaN when no CPU was given.
     */
    record Snapshot(long rssKiB, long peakRssKiB, double cpuSeconds, double interruptSeconds,
                    double cpuInterruptSeconds) {}

    private static final long GC_TIMEOUT_SECONDS = 60;
    /** "def new generation   total 29504K, used 1234K [...": the used part of one heap line. */
    private static final Pattern HEAP_LINE = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;
    private final Path proc;
    private final double ticksPerSecond;
    /** The interrupt work on the CPU the server alone runs on; null if it is not pinned. */
    private final Softirq softirq;

    ServerProcess(long pid) throws IOException {
        this(pid, -1);
    }

    /** @param cpu the CPU the server is pinned to, alone, or -1 if it is not */
    ServerProcess(long pid, int cpu) throws IOException {
        this.pid = pid;
        this.proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isReadable(proc.resolve("status"))) {
            throw new IOException("no process " + pid + " to watch (" + proc.resolve("status") + " unreadable)");
        }
        this.ticksPerSecond = clockTicksPerSecond();
        this.softirq = cpu < 0 ? null : new Softirq(cpu, ticksPerSecond);
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
        return new Snapshot(rss, peak, cpuSeconds(), softirq == null ? Double.NaN : softirq.seconds(),
                softirq == null ? Double.NaN : softirq.cpuColumnsSeconds());
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

    /** The CPU seconds the process has used so far (utime + stime). */
    double cpuSeconds() throws IOException {
        return cpuTicks(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII)) / ticksPerSecond;
    }

    /**
     * utime + stime of a /proc/PID/stat text, fields 14 and 15, in USER_HZ; counted after the ")"
     * that ends the command name, which may hold spaces.
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    private static long kib(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    /** USER_HZ, which /proc/PID/stat and /proc/stat count in; 100 on every mainstream Linux if getconf is missing. */
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
