package chatroom.server.log;

/**
 * Values from users (a {@code /quit} reason, a room name, an error message quoting input)
 * written into the {@code key=value} log safely: inside double quotes, with quotes and
 * backslashes escaped and control characters shown as {@code \\uXXXX}, so no value can end its
 * field early and forge another ({@code reason="x" name=admin}) or start a new log line.
 */
public final class LogValues {

    private LogValues() {}

    /** {@code value} as a quoted log value; {@code null} for null. */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
