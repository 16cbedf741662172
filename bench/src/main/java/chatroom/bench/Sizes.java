package chatroom.bench;

import java.util.Locale;

/** Human-readable memory sizes for the text reports. */
final class Sizes {

    private Sizes() {}

    static String kib(long kib) {
        if (kib < 0) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }
}
