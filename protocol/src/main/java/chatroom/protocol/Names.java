package chatroom.protocol;

import java.util.Locale;

/**
 * The rules for user and room names: 1 to 24 ASCII letters, digits, {@code _} or {@code -}.
 *
 * <p>ASCII only on purpose: names are how people address each other ({@code /msg}), and
 * look-alike letters from other scripts would let one user pass for another. Names are
 * unique ignoring case, so two users are never told apart by case alone.
 */
public final class Names {

    public static final int MAX_LENGTH = 24;

    /** Shown to a user whose name breaks the rules. */
    public static final String RULES = "1-24 letters, digits, _ or -";

    private Names() {}

    public static boolean isValid(String name) {
        int n = name.length();
        if (n < 1 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} can be part of a name: where a name written in a sentence begins and ends. */
    public static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The key two names share when they differ only in case. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
