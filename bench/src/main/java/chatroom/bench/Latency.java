package chatroom.bench;

import org.HdrHistogram.Histogram;

/** The latency percentiles a report shows, in microseconds. */
record Latency(long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {

    static Latency of(Histogram nanos) {
        return new Latency(nanos.getTotalCount(),
                micros(nanos.getValueAtPercentile(50)),
                micros(nanos.getValueAtPercentile(99)),
                micros(nanos.getValueAtPercentile(99.9)),
                micros(nanos.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
