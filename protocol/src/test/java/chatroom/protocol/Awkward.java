package chatroom.protocol;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Awkward strings for property checks, and a loop that runs a check over many of them.
 *
 * <p>A string is a mix of single characters that codecs get wrong (control characters, lone
 * surrogates, quotes, backslashes, U+2028, non-ASCII digits and spaces) and fragments of the
 * protocol itself ({@code "*** "}, {@code "[12:34:56] "}, {@code " joined "}, {@code "1,234"},
 * {@code "/resume "}, {@code "\"type\":"}...), so that near misses of real lines come up often,
 * not once in a billion tries.
 *
 * <p>Seeded: every run sees the same inputs, and a failure names the input that broke. (These
 * are hand-rolled rather than jqwik properties: jqwik 1.10 asks not to be used by AI coding
 * agents, which wrote these tests.)
 */
final class Awkward {

    /** Tries per property: enough to hit every kind of piece many times, still milliseconds. */
    static final int TRIES = 1000;

    private static final String[] FRAGMENTS = {
        "*** ", "!!! ", "[12:34:56] ", "[23:59:59] ", "[24:00:00] ", "[1:2:3] ", "<alice> ", "<bad name> ",
        "* bob ", "*bob* ", "-> *carol* ", " joined ", " left ", " (", ")", " here", "1,234", "007", "0", ",",
        ", ", "You are in ", "Last ", " message", "s in ", " new ", "No new messages in ", " rooms: ", " room: ",
        " and ", " more (/who lists all)", "Format: ", "json", "TEXT", "Welcome to chatroom!", "Bye!",
        "You are now known as ", " is now known as ", "Hello ", "! Type /help for commands.", " older ones are",
        " no longer kept:", "Usage: ", "/", "//", "/resume ", "/format ", "/msg ", "/join #", "/me", "/?",
        "lobby", "abcdefghijklmnopqrstuvwx", " ", "  ", "\t", "{", "}", "[", "]", "\"type\":", "\"said\"",
        "\"text\":", ":", "null", "true", "1e999", "-", "99999999999999999999", "\\u", "\\uD800", "\\\"",
    };

    private static final char[] SPECIALS = {
        '"', '\\', '/', '\t', '\u2028', '\u2029', '\uFEFF', '\uFFFD', '\uFFFF', '\u00A0', '\u3000', '\u1680',
        '\u0085', '\u0660', '\uFF11', '\u0130', '\u0131', '*', '<', '>', '[', ']', '#', '-', '_', ',',
    };

    private Awkward() {}

    /** A string of up to about 30 pieces; with {@code lineBreaks}, CR and LF can be among them. */
    static String string(Random random, boolean lineBreaks) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(31);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 4 -> s.append((char) (' ' + random.nextInt(95))); // printable ASCII
                case 5 -> {
                    char c = (char) random.nextInt(0x20); // C0 control
                    s.append(lineBreaks || (c != '\r' && c != '\n') ? c : ' ');
                }
                case 6 -> s.append((char) (0x7F + random.nextInt(0x21))); // DEL and C1 controls
                case 7 -> s.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate, high or low
                case 8 -> s.appendCodePoint(random.nextBoolean()
                        ? 0x1F600 + random.nextInt(0x50) // emoji: a valid surrogate pair
                        : 0xA0 + random.nextInt(0xD800 - 0xA0)); // anything else in the BMP
                default -> s.append(SPECIALS[random.nextInt(SPECIALS.length)]);
            }
        }
        return s.toString();
    }

    /**
     * {@code real} with one to three cuts, deletions, insertions of awkward pieces or changed
     * digits: the near misses a parser meets in a real protocol (a count that no longer agrees,
     * a leading zero), which purely random strings almost never are. No CR or LF is added.
     */
    static String damage(Random random, String real) {
        StringBuilder s = new StringBuilder(real);
        for (int edits = 1 + random.nextInt(3); edits > 0 && s.length() > 0; edits--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.setLength(at);
                case 1 -> s.deleteCharAt(at);
                case 2 -> {
                    String piece = line(random);
                    s.insert(at, piece.substring(0, Math.min(piece.length(), 1 + random.nextInt(3))));
                }
                default -> {
                    int digit = nextDigit(s, at);
                    if (digit >= 0) {
                        char d = (char) ('0' + random.nextInt(10));
                        if (random.nextBoolean()) {
                            s.setCharAt(digit, d);
                        } else {
                            s.insert(digit, d);
                        }
                    }
                }
            }
        }
        return s.toString();
    }

    /** The first ASCII digit at or after {@code from}, else before it, or -1 if there is none. */
    private static int nextDigit(CharSequence s, int from) {
        for (int i = 0; i < s.length(); i++) {
            int at = (from + i) % s.length();
            if (s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                return at;
            }
        }
        return -1;
    }

    /** A single line: no CR or LF anywhere. */
    static String line(Random random) {
        return string(random, false);
    }

    /**
     * Runs {@code check} on {@link #TRIES} inputs made by {@code generate} from a fixed seed;
     * the first failure is reported with the input, escaped so that every character shows.
     */
    static <T> void forAll(long seed, Function<Random, T> generate, Consumer<T> check) {
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            T input = generate.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("try " + i + " (seed " + seed + ") fails for " + show(input), e);
            }
        }
    }

    /** {@code value} with everything outside printable ASCII written as a Java escape. */
    static String show(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
