package chatroom.protocol;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a ban or a mute lasts, as typed ({@code 90s}, {@code 10m}, {@code 2h}, {@code 7d},
 * {@code 1w}) and as shown ({@code for 10 min}). Pure.
 */
public final class Durations {

    /** A mute without a duration. */
    public static final Duration DEFAULT_MUTE = Duration.ofMinutes(10);
    /** The longest a typed duration may be; a longer one is refused (a usage error). */
    public static final Duration MAX = Duration.ofDays(365);

    private Durations() {}

    /** The duration {@code word} says, or null if it is not one (then it is the start of a reason). */
    public static Duration parse(String word) {
        int n = word.length();
        if (n < 2 || n > 7) {
            return null;
        }
        for (int i = 0; i < n - 1; i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return null;
            }
        }
        long amount = Long.parseLong(word, 0, n - 1, 10);
        Duration duration = switch (Character.toLowerCase(word.charAt(n - 1))) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            case 'w' -> Duration.ofDays(amount * 7);
            default -> null;
        };
        if (duration == null || duration.isZero() || duration.compareTo(MAX) > 0) {
            return null;
        }
        return duration;
    }

    /**
     * Whether {@code word} is written as a duration (digits and a unit: {@code 0s},
     * {@code 400d}), in range or not: a ban must not take a mistyped one for its reason and
     * ban for ever.
     */
    public static boolean looksLikeOne(String word) {
        int n = word.length();
        if (n < 2 || "smhdw".indexOf(Character.toLowerCase(word.charAt(n - 1))) < 0) {
            return false;
        }
        for (int i = 0; i < n - 1; i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code for 45 s}, {@code for 10 min}, {@code for 2 h}, {@code for 7 days}: the largest unit
     * that fits, rounded up so a shown duration is never shorter than the real one.
     */
    public static String describe(Duration duration) {
        // Whole milliseconds rounded up to a second, without toMillis(), which overflows for an end
        // a broken or hostile server puts in the year 1,000,000,000.
        long seconds = Math.max(1, duration.getSeconds() + (duration.getNano() >= 1_000_000 ? 1 : 0));
        if (seconds < 60) {
            return "for " + seconds + " s";
        }
        if (seconds < 3600) {
            return "for " + ceil(seconds, 60) + " min";
        }
        if (seconds < 2 * 86400) {
            return "for " + ceil(seconds, 3600) + " h";
        }
        long days = ceil(seconds, 86400);
        return String.format(Locale.ROOT, "for %d days", days);
    }

    private static long ceil(long value, long unit) {
        return (value + unit - 1) / unit;
    }
}
