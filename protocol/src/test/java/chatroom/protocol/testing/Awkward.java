package chatroom.protocol.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

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
 *
 * <p>A build runs {@value #DEFAULT_TRIES} tries per property, which keeps a module's properties
 * to seconds. A long run asks for more, and for inputs no build has seen, on the command line
 * (Surefire hands {@code -D} properties on to the JVM it forks for the tests):
 * <pre>
 * mvn -B -pl protocol,server,client -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='CommandParserTest,LineDecoderPropertyTest,TextPropertyTest,SanitizerPropertyTest' \
 *     -Dchatroom.tries=1000000 -Dchatroom.seed=7
 * </pre>
 * A failure names the try, the property's own seed and the run's {@code chatroom.seed}: the
 * same test with the same {@code -Dchatroom.seed} meets the same input at the same try.
 */
public final class Awkward {

    /** Tries per property in a normal build: enough to hit every kind of piece many times. */
    public static final int DEFAULT_TRIES = 2_000;

    /** Tries per property in this run: {@code -Dchatroom.tries}, or {@link #DEFAULT_TRIES}. */
    public static final int TRIES = (int) setting("chatroom.tries", DEFAULT_TRIES, 1, Integer.MAX_VALUE);

    /**
     * {@code -Dchatroom.seed}, mixed into every property's seed; 0, the default, leaves each
     * property its own seed, so a normal build sees the inputs it has always seen.
     */
    public static final long RUN_SEED = setting("chatroom.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);

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

    /** Escape sequences begin here: ESC, and the C1 controls that are sequences of their own. */
    private static final char[] INTRODUCERS = {'\u001b', '\u009b', '\u009d', '\u0090', '\u0098', '\u009e', '\u009f'};

    /** What follows an introducer: parameters, intermediates, finals, and the ways strings end. */
    private static final String SEQUENCE_CHARS = "[]PX^_0123456789;:?<=>! \"#$%&'()*+,-./@ABHJKcmqx~\u0007\u001b\\\u009c";

    /** Emoji that are sequences: ZWJ families, a keycap, a skin tone, flags by regional indicators and by tags. */
    private static final String[] EMOJI = {
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "1\uFE0F\u20E3", "\uD83D\uDC4B\uD83C\uDFFD",
        "\uD83C\uDDEB\uD83C\uDDF7", "\u2764\uFE0F",
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F",
    };

    private Awkward() {}

    /** A string of up to about 30 pieces; with {@code lineBreaks}, CR and LF can be among them. */
    public static String string(Random random, boolean lineBreaks) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(31);
        for (int i = 0; i < pieces; i++) {
            appendPiece(s, random, lineBreaks);
        }
        return s.toString();
    }

    private static void appendPiece(StringBuilder s, Random random, boolean lineBreaks) {
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

    /**
     * Text as a hostile user or a hostile server would send it to someone's terminal: the
     * pieces of {@link #string} (CR and LF included), whole, broken and unterminated escape
     * sequences (CSI, OSC and the other strings, by ESC or by their C1 control), characters
     * Unicode classes as control, format or separator from every plane, emoji sequences that
     * need their joiners and tags, and any code point at all.
     */
    public static String terminalText(Random random) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(31);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> appendPiece(s, random, true);
                case 3 -> appendEscapeSequence(s, random);
                case 4 -> {
                    int[] unusual = ControlFormatSeparator.CODE_POINTS;
                    s.appendCodePoint(unusual[random.nextInt(unusual.length)]);
                }
                case 5 -> s.append(EMOJI[random.nextInt(EMOJI.length)]);
                case 6 -> s.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1)); // a surrogate comes out lone
                default -> s.append((char) (' ' + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    /** An introducer, then up to 8 characters a sequence may hold, end, or be cut short by. */
    private static void appendEscapeSequence(StringBuilder s, Random random) {
        s.append(INTRODUCERS[random.nextInt(INTRODUCERS.length)]);
        for (int n = random.nextInt(9); n > 0; n--) {
            if (random.nextInt(8) == 0) {
                appendPiece(s, random, true);
            } else {
                s.append(SEQUENCE_CHARS.charAt(random.nextInt(SEQUENCE_CHARS.length())));
            }
        }
    }

    /**
     * Every code point Unicode classes as control, format, or space, line or paragraph separator;
     * in a holder class, so that only the tests that use {@link #terminalText} pay for the scan.
     */
    private static final class ControlFormatSeparator {
        static final int[] CODE_POINTS = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
                .filter(cp -> switch (Character.getType(cp)) {
                    case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR,
                            Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
                    default -> false;
                })
                .toArray();
    }

    /**
     * {@code real} with one to three cuts, deletions, insertions of awkward pieces or changed
     * digits: the near misses a parser meets in a real protocol (a count that no longer agrees,
     * a leading zero), which purely random strings almost never are. No CR or LF is added.
     */
    public static String damage(Random random, String real) {
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
    public static String line(Random random) {
        return string(random, false);
    }

    /**
     * Runs {@code check} on {@link #TRIES} inputs made by {@code generate} from {@code seed}
     * (mixed with {@link #RUN_SEED}); the first failure is reported with the try, both seeds
     * and the input, escaped so that every character shows.
     */
    public static <T> void forAll(long seed, Function<Random, T> generate, Consumer<T> check) {
        // A multiplier with its bits spread (the golden ratio's), so that no two nearby run seeds
        // turn one property's seed into a neighbour's: each run is a sequence of its own.
        Random random = new Random(seed + RUN_SEED * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < TRIES; i++) {
            T input = generate.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("try " + i + " (seed " + seed + ", -Dchatroom.seed=" + RUN_SEED
                        + ") fails for " + show(input), e);
            }
        }
    }

    /** {@code value} with everything outside printable ASCII written as a Java escape. */
    public static String show(Object value) {
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

    /** The system property {@code name} as a number from {@code min} to {@code max}, or {@code fallback} if unset. */
    private static long setting(String name, long fallback, long min, long max) {
        String value = System.getProperty(name, "").strip().replace("_", "");
        if (value.isEmpty()) {
            return fallback;
        }
        // Strict, unlike Long.getLong: a typo such as 1e6 must not quietly run the default.
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below, with the range that would do
        }
        throw new IllegalArgumentException(
                "-D" + name + " must be a whole number from " + min + " to " + max + ": " + value);
    }
}
