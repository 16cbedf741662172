package chatroom.client;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * One connection to the server, whatever carries it ({@link TcpWire}, {@link UdpWire}): what
 * {@link ServerConnection}'s threads need of it. The connection thread alone reads, the
 * writer thread alone writes and flushes, and any thread may close.
 */
interface Wire {

    /**
     * Hands every line from the server to {@code listener}, without its line end, and calls
     * {@link ServerConnection.Listener#idle} every {@link ServerConnection#TICK} that brings
     * nothing, until the connection ends; returns why it ended, as {@link
     * ServerConnection.Listener#lost} tells the user.
     *
     * @param hungUp true once the connection is being closed for good: a quiet read then ends
     *     it rather than ticking on
     */
    String readLines(ServerConnection.Listener listener, BooleanSupplier hungUp);

    /** Takes one line to send; it may wait for {@link #flush} to go out, and the caller may wait for its pace (UDP's). */
    void write(String line) throws IOException;

    /** Sends what {@link #write} has held back. */
    void flush() throws IOException;

    /** Never blocks, and ends {@link #readLines}. */
    void close();
}
