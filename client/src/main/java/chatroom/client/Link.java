package chatroom.client;

/** The session's way out to the server; {@link ServerConnection} in the client, a fake in tests. */
interface Link {

    /** Sends one line; false if there is no connection to send it on (it was not sent). */
    boolean send(String line);

    /**
     * The server has taken the user into a room: this connection is a good one, and if it
     * drops, the first reconnect comes quickly again. Called on the connection's own thread.
     */
    void welcomed();

    /** Closes the connection for good: no reconnect follows. */
    void hangUp();
}
