package chatroom.client;

/** The session's way out to the server; {@link ServerConnection} in the client, a fake in tests. */
interface Link {

    /** Sends one line; false if there is no connection to send it on (it was not sent). */
    boolean send(String line);

    /** Closes the connection for good: no reconnect follows. */
    void hangUp();
}
