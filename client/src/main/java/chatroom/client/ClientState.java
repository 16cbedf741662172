package chatroom.client;

/**
 * What the user should always be able to see: whether the client is connected, as whom,
 * where, and what is waiting for them or for the server. Immutable; the session publishes a
 * new one on every change.
 *
 * @param phase where the connection is
 * @param server {@code host:port}
 * @param name this user's name, null until the server has accepted one
 * @param room the room this user is in, or (offline) the one a reconnect will rejoin; null
 *     before the first room
 * @param here how many are in the room, by the server's count
 * @param queued lines typed but not sent yet: offline, logging in, or paced out behind a paste
 * @param mentions lines naming this user, and private messages, since the user last pressed a key
 * @param operator the server made this user an operator: completion offers the operator commands
 * @param passwordFor in {@link Phase#PASSWORD}, the registered name whose password is asked for; else null
 */
record ClientState(Phase phase, String server, String name, String room, int here, int queued, int mentions,
        boolean operator, String passwordFor) {

    ClientState(Phase phase, String server, String name, String room, int here, int queued, int mentions) {
        this(phase, server, name, room, here, queued, mentions, false, null);
    }

    ClientState(Phase phase, String server, String name, String room, int here, int queued) {
        this(phase, server, name, room, here, queued, 0);
    }

    enum Phase {
        /** Connected, logging in by itself: a name is on its way, or will be tried again. */
        LOGGING_IN,
        /** Connected, and the next line typed is taken as the name. */
        NAMING,
        /** Connected, the name sent is registered: the next line typed is its password (empty: another name). */
        PASSWORD,
        /** Named and in a room. */
        CHATTING,
        /** Lost the connection; reconnecting. */
        OFFLINE
    }
}
