package chatroom.bench;

/**
 * What the server process used over one stretch of a run.
 *
 * @param cpuSeconds user plus system CPU over the stretch
 * @param wallSeconds how long the stretch was
 */
record ServerUsage(double cpuSeconds, double wallSeconds, long rssBeforeKiB, long rssAfterKiB, long peakRssKiB) {

    static ServerUsage between(ServerProcess.Snapshot before, ServerProcess.Snapshot cpuFrom,
                               ServerProcess.Snapshot cpuTo, double wallSeconds) {
        return new ServerUsage(cpuTo.cpuSeconds() - cpuFrom.cpuSeconds(), wallSeconds,
                before.rssKiB(), cpuTo.rssKiB(), cpuTo.peakRssKiB());
    }

    /** CPU as a share of one core: the server is one busy thread, so 100% is its ceiling. */
    double cpuPercentOfOneCore() {
        return wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : Double.NaN;
    }
}
