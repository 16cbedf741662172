package chatroom.server.net;

import java.nio.ByteBuffer;

/**
 * What a {@link Framing} makes of the bytes a client sent: a line for the chat, a refusal, or
 * bytes the framing itself must send back (a WebSocket pong or close), which the connection
 * queues like any output, so they meet the same output cap and flood control as lines.
 */
sealed interface Inbound {

    /** What the room is told when the client ends the conversation: EOF, or a WebSocket Close. */
    String PEER_CLOSED = "connection closed";

    /** A complete line, without its line end, decoded as UTF-8. */
    record Line(String text) implements Inbound {}

    /** A line that passed the cap; its bytes were dropped. */
    record TooLong(int maxLineBytes) implements Inbound {}

    /**
     * An answer the protocol requires (a pong): queued like output, and counted as a line by
     * flood control, so a ping flood is slowed by TCP and a pinger that never reads meets the
     * output cap. {@code bytes} is read-only.
     */
    record Answer(ByteBuffer bytes) implements Inbound {}

    /**
     * The end of the conversation (the client's close, or its protocol error): {@code closeFrame}
     * is the last thing queued, nothing is read any more, and the connection does its draining
     * close. {@code reason} is what the room and the log are told.
     */
    record Hangup(ByteBuffer closeFrame, String reason) implements Inbound {}
}
