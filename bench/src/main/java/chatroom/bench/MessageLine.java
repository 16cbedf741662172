package chatroom.bench;

/**
 * Recognises a user's message as the server relays it, {@code [HH:MM:SS] <name> text}, and
 * finds where the text starts. Actions ({@code [..] * name ...}), private messages and every
 * notice or error are not messages and are rejected.
 */
final class MessageLine {

    /** {@code [HH:MM:SS] <}: the fixed-width start of every message line. */
    private static final int NAME_START = 12;

    private MessageLine() {}

    /** The offset of the message text in {@code bytes}, or -1 if the line is not a message. */
    static int textOffset(byte[] bytes, int offset, int length) {
        if (length <= NAME_START || bytes[offset] != '[' || bytes[offset + 9] != ']'
                || bytes[offset + 10] != ' ' || bytes[offset + 11] != '<') {
            return -1;
        }
        int end = offset + length;
        for (int i = offset + NAME_START; i < end - 1; i++) {
            if (bytes[i] == '>' && bytes[i + 1] == ' ') {
                return i + 2;
            }
        }
        return -1;
    }
}
