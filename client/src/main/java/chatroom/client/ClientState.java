package chatroom.client;

/**
 * What the user should always be able to see: whether the client is connected, as whom,
 * and where. Immutable; the session publishes a new one on every change.
 *
 * @param phase where the connection is
 * @param server {@code host:port}
 * @param name this user's name, null until the server has accepted one
 * @param room the room this user is in, or (offline) the one a reconnect will rejoin
 * @param here how many are in the room, by the server's count
 * @param waiting lines typed while offline, to be sent after the reconnect
 */
record ClientState(Phase phase, String server, String name, String room, int here, int waiting) {

    enum Phase {
        /** Connected, no name accepted yet. */
        LOGGING_IN,
        /** Named and in a room. */
        CHATTING,
        /** Lost the connection; reconnecting. */
        OFFLINE
    }
}
