package chatroom.server.net;

import chatroom.protocol.WebSocketUpgrade;

/** What the HTTP listener serves, by path; anything else is 404. */
enum HttpRoute {
    /** The chat page, its CSS and JavaScript inlined ({@link WebSite}). */
    PAGE("/"),
    /** The WebSocket upgrade ({@link WebSocketHandshake}); after it, an ordinary chat connection. */
    WEBSOCKET(WebSocketUpgrade.PATH),
    /** Prometheus text exposition. */
    METRICS("/metrics"),
    /** 200 while the server runs, 503 once it is shutting down. */
    HEALTH("/healthz");

    final String path;

    HttpRoute(String path) {
        this.path = path;
    }

    /** The route of {@code path} (without its query), or null. */
    static HttpRoute of(String path) {
        for (HttpRoute route : values()) {
            if (route.path.equals(path)) {
                return route;
            }
        }
        return null;
    }
}
