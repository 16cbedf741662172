package chatroom.server.net;

import chatroom.protocol.Format;

/**
 * The byte forms an event can take on the way out; each is encoded at most once per event
 * ({@link chatroom.server.chat.Outbound} caches by {@link #ordinal()}). A WebSocket framing
 * would add its own (JSON in a text frame), with the frame header made once too.
 */
enum Wire {
    /** Text lines, UTF-8, CR LF: telnet, nc. */
    TEXT_LINES,
    /** One JSON object per line, UTF-8, CR LF. */
    JSON_LINES;

    static Wire lines(Format format) {
        return format == Format.JSON ? JSON_LINES : TEXT_LINES;
    }
}
