package chatroom.server.net;

import java.util.Locale;

/**
 * What a client socket is, as {@code /metrics} counts it: the {@code transport} label of
 * {@code chatroom_connections}. Each connection says its own kind ({@link Handler#kind}), so the
 * gauge is a walk over the selector's keys when the page is asked for, and nothing on the hot
 * path keeps it up to date.
 */
enum ConnectionKind {
    /** Lines (text or JSON) over a plain socket: telnet, nc, the terminal client. */
    TCP,
    /** Lines over TLS. */
    TLS,
    /** A chat connection whose framing is WebSocket, after the upgrade. */
    WEBSOCKET,
    /** An HTTP exchange: a request not yet answered, or not yet upgraded. */
    HTTP,
    /** A verified UDP user (a source address and port, not a socket of its own). */
    UDP;

    /** The label value: the name in lower case. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
