package chatroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The kernel's interrupt work on a server's CPU that the server's own CPU time leaves out. On
 * loopback every segment the server writes is carried into the receiver's socket by the NET_RX
 * softirq its write raises, on the writer's CPU. Run at once, on the way out of the write, it runs
 * in the server's context; under load the kernel defers the rest to that CPU's ksoftirqd thread.
 * With the server pinned to a CPU of its own, both are the server's work, and what the process's
 * utime + stime leave out of it depends on how the kernel accounts interrupt time:
 *
 * <ul>
 *   <li>{@link Accounting#SEPARATE} ({@code CONFIG_IRQ_TIME_ACCOUNTING=y}): interrupt time is kept
 *       out of every task's time and counted per CPU only, so all of that CPU's irq and softirq
 *       time in {@code /proc/stat} is added, ksoftirqd's included.</li>
 *   <li>{@link Accounting#IN_TASK} (tick-based only, as on this project's machine): a tick that
 *       lands in softirq is charged both to the CPU's softirq column and to the task it interrupted,
 *       so the softirq run in the server's context is in its stime already, and adding the column
 *       would count it twice (measured: process 98% of a core, plus softirq 18%, on one CPU).
 *       What is left out is what ksoftirqd ran: its utime + stime are added.</li>
 * </ul>
 *
 * Without a readable kernel config the second is assumed: it may leave out a little, never count twice.
 */
final class Softirq {

    enum Accounting { SEPARATE, IN_TASK }

    private final int cpu;
    private final Accounting accounting;
    private final double ticksPerSecond;
    /** /proc/PID/stat of the CPU's ksoftirqd thread, for {@link Accounting#IN_TASK}. */
    private final Path ksoftirqd;

    Softirq(int cpu, double ticksPerSecond) throws IOException {
        this.cpu = cpu;
        this.ticksPerSecond = ticksPerSecond;
        this.accounting = machineAccounting();
        this.ksoftirqd = accounting == Accounting.IN_TASK ? ksoftirqdStat(cpu) : null;
    }

    /** The interrupt work on the CPU so far that no process's time holds, in seconds. */
    double seconds() throws IOException {
        return accounting == Accounting.SEPARATE ? cpuColumnsSeconds()
                : ServerProcess.cpuTicks(Files.readString(ksoftirqd, StandardCharsets.US_ASCII)) / ticksPerSecond;
    }

    /**
     * The CPU's irq and softirq columns of /proc/stat so far, in seconds: all its interrupt work,
     * whichever task's time also holds it; shown beside the rest, for how much of a server's CPU
     * is the kernel's.
     */
    double cpuColumnsSeconds() throws IOException {
        return interruptTicks(Files.readString(Path.of("/proc/stat"), StandardCharsets.US_ASCII), cpu) / ticksPerSecond;
    }

    /** This kernel's accounting, from /proc/config.gz or /boot/config-RELEASE; IN_TASK if neither is readable. */
    static Accounting machineAccounting() {
        try {
            Path gz = Path.of("/proc/config.gz");
            if (Files.isReadable(gz)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    return accounting(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                }
            }
            Path boot = Path.of("/boot", "config-" + System.getProperty("os.version"));
            if (Files.isReadable(boot)) {
                return accounting(Files.readString(boot, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // Assume the kind that cannot count twice, below.
        }
        return Accounting.IN_TASK;
    }

    /** What a kernel config text says of interrupt time accounting. */
    static Accounting accounting(String kernelConfig) {
        return kernelConfig.lines().anyMatch("CONFIG_IRQ_TIME_ACCOUNTING=y"::equals) ? Accounting.SEPARATE
                : Accounting.IN_TASK;
    }

    /**
     * The irq plus softirq ticks of CPU {@code cpu} in a {@code /proc/stat} text: its line reads
     * {@code cpuN user nice system idle iowait irq softirq steal ...}, in USER_HZ.
     */
    static long interruptTicks(String procStat, int cpu) {
        String name = "cpu" + cpu + " ";
        return procStat.lines().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> {
                    String[] fields = line.trim().split("\\s+");
                    return Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
                })
                .orElseThrow(() -> new IllegalArgumentException("no line for cpu" + cpu + " in /proc/stat"));
    }

    private static Path ksoftirqdStat(int cpu) throws IOException {
        String name = "ksoftirqd/" + cpu;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) entries.filter(d -> d.getFileName().toString().matches("\\d+"))::iterator) {
                try {
                    if (Files.readString(dir.resolve("comm"), StandardCharsets.US_ASCII).strip().equals(name)) {
                        return dir.resolve("stat");
                    }
                } catch (IOException e) {
                    // A process that ended while we looked.
                }
            }
        }
        throw new IOException("no " + name + " thread in /proc");
    }
}
