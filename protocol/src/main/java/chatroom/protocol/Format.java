package chatroom.protocol;

import java.util.Locale;

/** How the server writes to a connection, chosen with {@code /format}: text lines or JSON events. */
public enum Format {
    /** One human-readable line per event: what telnet and nc users see. */
    TEXT,
    /** One JSON object per line, for programs (docs/PROTOCOL.md, "JSON events"). */
    JSON;

    /** The word used in {@code /format WORD} and in the {@code format} event. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format called {@code word} (any case), or null if there is none. */
    public static Format named(String word) {
        for (Format format : values()) {
            if (format.word().equalsIgnoreCase(word)) {
                return format;
            }
        }
        return null;
    }
}
