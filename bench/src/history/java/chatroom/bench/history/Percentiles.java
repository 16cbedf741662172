package chatroom.bench.history;

import java.util.Arrays;

/** Nearest-rank percentiles and the median of small samples, pure. */
final class Percentiles {

    private Percentiles() {}

    /** The nearest-rank {@code p}th percentile (0 < p <= 100) of {@code values}, which it does not change. */
    static double of(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
