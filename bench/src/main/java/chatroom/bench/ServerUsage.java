package chatroom.bench;

/**
 * What the server process used over one stretch of a run.
 *
 * @param cpuSeconds user plus system CPU over the measured window
 * @param wallSeconds how long that window was
 * @param rssStartKiB RSS just before sending started (everyone connected and settled)
 * @param rssEndKiB RSS at the end of the measured window
 * @param peakRssKiB the highest RSS from the start of sending to the end of the drain (VmHWM)
 * @param peakReset VmHWM could be reset when sending started; if not, the peak is the process's lifetime peak
 */
record ServerUsage(double cpuSeconds, double wallSeconds, long rssStartKiB, long rssEndKiB, long peakRssKiB,
                   boolean peakReset) {

    static ServerUsage between(ServerProcess.Snapshot start, ServerProcess.Snapshot cpuFrom,
                               ServerProcess.Snapshot cpuTo, ServerProcess.Snapshot end, boolean peakReset,
                               double wallSeconds) {
        return new ServerUsage(cpuTo.cpuSeconds() - cpuFrom.cpuSeconds(), wallSeconds,
                start.rssKiB(), cpuTo.rssKiB(), end.peakRssKiB(), peakReset);
    }

    /** CPU as a share of one core: the server is one busy thread, so 100% is its ceiling. */
    double cpuPercentOfOneCore() {
        return wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : Double.NaN;
    }

    /** How far RSS rose above where it was when sending started. */
    long growthKiB() {
        return Math.max(0, peakRssKiB - rssStartKiB);
    }
}
