package chatroom.bench;

/**
 * What the server process used over one stretch of a run.
 *
 * @param cpuSeconds the process's user plus system CPU over the measured window
 * @param interruptSeconds softirq work on the CPU the server was pinned to, alone, over the same window
 *     that {@code cpuSeconds} leaves out ({@link Softirq}; on loopback mostly the delivery of what the
 *     server writes); NaN when the server was not pinned, so that it cannot be told from other work
 * @param cpuInterruptSeconds all the irq and softirq time of that CPU over the window, in the process's
 *     time or not (/proc/stat); NaN when the server was not pinned
 * @param wallSeconds how long that window was
 * @param rssStartKiB RSS just before sending started (everyone connected and settled)
 * @param rssEndKiB RSS at the end of the measured window
 * @param peakRssKiB the highest RSS from the start of sending to the end of the drain (VmHWM)
 * @param peakReset VmHWM could be reset when sending started; if not, the peak is the process's lifetime peak
 */
record ServerUsage(double cpuSeconds, double interruptSeconds, double cpuInterruptSeconds, double wallSeconds,
                   long rssStartKiB, long rssEndKiB, long peakRssKiB, boolean peakReset) {

    static ServerUsage between(ServerProcess.Snapshot start, ServerProcess.Snapshot cpuFrom,
                               ServerProcess.Snapshot cpuTo, ServerProcess.Snapshot end, boolean peakReset,
                               double wallSeconds) {
        return new ServerUsage(cpuTo.cpuSeconds() - cpuFrom.cpuSeconds(),
                cpuTo.interruptSeconds() - cpuFrom.interruptSeconds(),
                cpuTo.cpuInterruptSeconds() - cpuFrom.cpuInterruptSeconds(), wallSeconds,
                start.rssKiB(), cpuTo.rssKiB(), end.peakRssKiB(), peakReset);
    }

    /** Whether the softirq work on the server's CPU was measured. */
    boolean interruptsKnown() {
        return !Double.isNaN(interruptSeconds);
    }

    /** The process's own CPU as a share of one core: the server is one busy thread, so 100% is its ceiling. */
    double cpuPercentOfOneCore() {
        return percent(cpuSeconds);
    }

    /** All the irq and softirq time of the server's CPU, as a share of one core; NaN if it was not pinned. */
    double cpuInterruptPercent() {
        return percent(cpuInterruptSeconds);
    }

    /** The process's CPU plus the softirq work it leaves out, as a share of one core; NaN if the latter is unknown. */
    double cpuWithInterruptsPercent() {
        return percent(cpuWithInterruptsSeconds());
    }

    /** The process's CPU plus the softirq work it leaves out; NaN if the latter is unknown. */
    double cpuWithInterruptsSeconds() {
        return cpuSeconds + interruptSeconds;
    }

    /** How far RSS rose above where it was when sending started. */
    long growthKiB() {
        return Math.max(0, peakRssKiB - rssStartKiB);
    }

    private double percent(double seconds) {
        return wallSeconds > 0 ? 100 * seconds / wallSeconds : Double.NaN;
    }
}
