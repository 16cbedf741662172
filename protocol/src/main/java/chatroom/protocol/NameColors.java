package chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The colour a name is shown in: the same on every client, for every run, so people learn
 * to recognise each other by colour. The terminal client uses the xterm-256 index
 * ({@link #of}); the web page gets the palette as CSS colours ({@link #cssPalette}) and
 * computes the same hash in JavaScript, so a name has the same colour in both.
 *
 * <p>The colour is a 32-bit FNV-1a hash of the name's lower-case UTF-8 bytes, modulo the
 * palette size. {@code String.hashCode} would be stable too (the JLS fixes its formula),
 * but FNV-1a is defined on bytes rather than on Java's UTF-16, so any other client can
 * compute the same colours, and it spreads similar short names ({@code bob1}, {@code bob2})
 * better. Lower case because names are unique ignoring case on the server: {@code /nick Bob}
 * from {@code bob} keeps the colour.
 */
public final class NameColors {

    /**
     * xterm-256 colours that read on dark and light backgrounds. No reds or magentas: red
     * means an error here, magenta a private message. JLine maps them to the nearest colour
     * on terminals with only 16 or 8. All are in the 6×6×6 colour cube (16–231), which has
     * an exact RGB value.
     */
    private static final int[] PALETTE = {31, 33, 37, 40, 43, 70, 72, 75, 99, 136, 172, 178};

    /** The intensity of each of the cube's six steps, as xterm defines them. */
    private static final int[] CUBE_LEVELS = {0, 95, 135, 175, 215, 255};

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private NameColors() {}

    /** An xterm-256 colour index from the palette. */
    public static int of(String name) {
        return PALETTE[Integer.remainderUnsigned(fnv1a(name.toLowerCase(Locale.ROOT)), PALETTE.length)];
    }

    /** The same colour as {@link #of}, as CSS writes it: {@code "#d7af00"}. */
    public static String css(String name) {
        return cube(of(name));
    }

    /** The palette as CSS colours, in order: a name's colour is entry {@code fnv1a(lower case) mod size}. */
    public static List<String> cssPalette() {
        return Arrays.stream(PALETTE).mapToObj(NameColors::cube).toList();
    }

    static int fnv1a(String text) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** An xterm-256 colour of the 6×6×6 cube (16–231) as {@code #rrggbb}. */
    static String cube(int index) {
        if (index < 16 || index > 231) {
            throw new IllegalArgumentException("not in the xterm colour cube: " + index);
        }
        int i = index - 16;
        return String.format(Locale.ROOT, "#%02x%02x%02x", CUBE_LEVELS[i / 36], CUBE_LEVELS[i / 6 % 6], CUBE_LEVELS[i % 6]);
    }
}
