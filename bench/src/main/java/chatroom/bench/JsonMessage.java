package chatroom.bench;

/**
 * Recognises a room message among the server's JSON events,
 * {@code {"type":"said","ts":…,"id":…,"room":…,"from":…,"text":"…"}}, and finds its text without
 * making strings. The codec writes {@code type} first and {@code text} after {@code room} and
 * {@code from}, which are names (letters, digits, {@code _} and {@code -}) and so cannot hold the
 * text's key. A benchmark message's text ({@link MessagePayload}) has no character JSON escapes,
 * so it ends at the next quote. Actions, private messages and every other event are rejected.
 */
final class JsonMessage {

    private static final byte[] SAID = Ascii.bytes("{\"type\":\"said\",");
    private static final byte[] ERROR = Ascii.bytes("{\"type\":\"error\",");
    private static final byte[] TEXT = Ascii.bytes(",\"text\":\"");

    private JsonMessage() {}

    /** The offset of the message text in {@code bytes}, or -1 if the event is not a message. */
    static int textOffset(byte[] bytes, int offset, int length) {
        if (!Ascii.startsWith(bytes, offset, length, SAID)) {
            return -1;
        }
        int last = offset + length - TEXT.length;
        for (int i = offset + SAID.length; i <= last; i++) {
            if (bytes[i] == ',' && Ascii.equals(bytes, i, TEXT.length, TEXT)) {
                return i + TEXT.length;
            }
        }
        return -1;
    }

    /** Where the text starting at {@code text} ends: its closing quote, or {@code end} if there is none. */
    static int textEnd(byte[] bytes, int text, int end) {
        for (int i = text; i < end; i++) {
            if (bytes[i] == '"') {
                return i;
            }
        }
        return end;
    }

    /** True if the event is an error. */
    static boolean isError(byte[] bytes, int offset, int length) {
        return Ascii.startsWith(bytes, offset, length, ERROR);
    }
}
