package chatroom.bench.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Every room's newest messages read one room after the other, as the joins after a restart
 * would ask for them, each read timed; the answers are kept, as the rooms would keep them.
 */
final class StartTimes {

    /** One room's read: its newest messages, whatever the format makes of them. */
    interface RoomRead {
        List<?> newest(String room, int limit) throws Exception;
    }

    final double totalMs;
    final double p50Ms;
    final double p99Ms;
    final List<List<?>> kept;

    private StartTimes(double totalMs, double p50Ms, double p99Ms, List<List<?>> kept) {
        this.totalMs = totalMs;
        this.p50Ms = p50Ms;
        this.p99Ms = p99Ms;
        this.kept = kept;
    }

    /**
     * Reads {@code limit} of each room; every room must give exactly that many (the workload puts
     * far more in each), or the format lost messages and the run is worthless.
     */
    static StartTimes read(List<String> rooms, int limit, RoomRead read) throws Exception {
        double[] ms = new double[rooms.size()];
        List<List<?>> kept = new ArrayList<>(rooms.size());
        long start = System.nanoTime();
        for (int i = 0; i < rooms.size(); i++) {
            long t = System.nanoTime();
            List<?> newest = read.newest(rooms.get(i), limit);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (newest.size() != limit) {
                throw new IllegalStateException("room " + rooms.get(i) + " gave " + newest.size() + " messages, not "
                        + limit);
            }
            kept.add(newest);
        }
        double total = (System.nanoTime() - start) / 1e6;
        return new StartTimes(total, Percentiles.of(ms, 50), Percentiles.of(ms, 99), kept);
    }
}
