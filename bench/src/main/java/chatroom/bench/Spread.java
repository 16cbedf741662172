package chatroom.bench;

import java.util.List;
import java.util.function.Function;

/**
 * Repeated runs of one measure, summed up as the tables give them: the median, and the lowest and
 * highest beside it, so a reader sees how far one run may be from the next on a shared machine.
 */
final class Spread {

    private Spread() {
    }

    /** "median [lowest–highest]", the value alone for one run, "—" for none. */
    static String format(List<Double> values, Function<Double, String> format) {
        if (values.isEmpty()) {
            return "—";
        }
        if (values.size() == 1) {
            return format.apply(values.get(0));
        }
        List<Double> sorted = values.stream().sorted().toList();
        return format.apply(median(sorted)) + " [" + format.apply(sorted.get(0)) + "–"
                + format.apply(sorted.get(sorted.size() - 1)) + "]";
    }

    /** The middle value, or the mean of the two middle ones for an even count. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
