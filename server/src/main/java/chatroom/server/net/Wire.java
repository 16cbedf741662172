package chatroom.server.net;

import chatroom.protocol.Format;

/**
 * The byte forms an event can take on the way out; each is encoded at most once per event
 * ({@link chatroom.server.chat.Outbound} caches by {@link #ordinal()}), so the frame header of
 * {@link #WS_JSON} is made once per event too.
 */
enum Wire {
    /** Text lines, UTF-8, CR LF: telnet, nc. */
    TEXT_LINES,
    /** One JSON object per line, UTF-8, CR LF. */
    JSON_LINES,
    /** One JSON object (without CR LF) as the payload of one unmasked WebSocket text frame. */
    WS_JSON;

    static Wire lines(Format format) {
        return format == Format.JSON ? JSON_LINES : TEXT_LINES;
    }
}
