package chatroom.server.net;

/** What a {@link Framing} makes of the bytes a client sent: a line for the chat, or a refusal. */
sealed interface Inbound {

    /** A complete line, without its line end, decoded as UTF-8. */
    record Line(String text) implements Inbound {}

    /** A line that passed the cap; its bytes were dropped. */
    record TooLong(int maxLineBytes) implements Inbound {}
}
