package chatroom.client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The colour a name is shown in: the same on every client, for every run, so people learn
 * to recognise each other by colour.
 *
 * <p>The colour is a 32-bit FNV-1a hash of the name's lower-case UTF-8 bytes, modulo the
 * palette size. {@code String.hashCode} would be stable too (the JLS fixes its formula),
 * but FNV-1a is defined on bytes rather than on Java's UTF-16, so any other client can
 * compute the same colours, and it spreads similar short names ({@code bob1}, {@code bob2})
 * better. Lower case because names are unique ignoring case on the server: {@code /nick Bob}
 * from {@code bob} keeps the colour.
 */
final class NameColors {

    /**
     * xterm-256 colours that read on dark and light backgrounds. No reds or magentas: red
     * means an error here, magenta a private message. JLine maps them to the nearest colour
     * on terminals with only 16 or 8.
     */
    static final int[] PALETTE = {31, 33, 37, 40, 43, 70, 72, 75, 99, 136, 172, 178};

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private NameColors() {}

    /** An xterm-256 colour index from {@link #PALETTE}. */
    static int of(String name) {
        return PALETTE[Integer.remainderUnsigned(fnv1a(name.toLowerCase(Locale.ROOT)), PALETTE.length)];
    }

    static int fnv1a(String text) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
