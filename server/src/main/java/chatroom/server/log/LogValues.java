package chatroom.server.log;

/**
 * Values from users (a {@code /quit} reason, a room name, an error message quoting input)
 * written into the {@code key=value} log safely: inside double quotes, with quotes and
 * backslashes escaped and control characters shown as {@code \\uXXXX}, so no value can end its
 * field early and forge another ({@code reason="x" name=admin}) or start a new log line.
 *
 * <p>Cut to {@link #MAX_CHARS} characters: a client may disconnect once a second and give a
 * 4 KiB reason each time, and a reason of tabs, each written as six characters, made every
 * such line 24 KB, a log that grew 2 GB a day from one address.
 */
public final class LogValues {

    /** The most characters of a value that are logged; the rest is replaced by "...". */
    static final int MAX_CHARS = 120;

    private LogValues() {}

    /** {@code value} as a quoted log value, cut to {@link #MAX_CHARS} characters; {@code null} for null. */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        int end = value.length() > MAX_CHARS && Character.isHighSurrogate(value.charAt(MAX_CHARS - 1))
                ? MAX_CHARS - 1 : Math.min(value.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(end + 5).append('"');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < value.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
