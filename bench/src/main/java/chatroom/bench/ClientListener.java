package chatroom.bench;

/** What a {@link BenchClient} reports. All calls come from the generator's one thread. */
interface ClientListener {

    /** The client has its name and is in the lobby (and any history has been skipped). */
    void onEntered(BenchClient client);

    /**
     * Another user's message reached {@code receiver}. The text is a slice of a shared buffer,
     * valid only during the call.
     */
    void onMessage(BenchClient receiver, byte[] text, int offset, int length, long receivedNanos);

    /** The server answered with a {@code !!!} error line (the run sent something it refused). */
    void onServerError(BenchClient client, String line);

    /**
     * The connection failed or was closed without the generator asking: refused, reset, a
     * name the server would not take, or the server closing it (a kick or a shutdown).
     */
    void onFailed(BenchClient client, String reason);
}
