package chatroom.bench;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import java.nio.charset.StandardCharsets;

/**
 * A chatroom connection's way into the room and what it reads there, whatever carries the
 * events: lines on a plain port, text or JSON ({@link ChatroomProtocol}), or JSON events in
 * WebSocket frames ({@link WebSocketProtocol}). A subclass cuts its input into events and sends
 * a line in its framing; the {@link Dialect} says how an event looks; this class logs in the way a person would (wait for the name question, answer it, wait
 * to be in the lobby) and then reports every message it receives. Every other event the server
 * may send (join and leave notices, the once-a-second summary of a big room, the room's history
 * on entry) is read and ignored.
 *
 * <pre>
 *   AWAITING_PROMPT ─(name sent)─▶ AWAITING_HELLO ─▶ AWAITING_ROOM ─▶ ENTERED ─▶ IN_ROOM
 * </pre>
 *
 * Until it is in the room an event is parsed with the protocol module's own codec; in the room,
 * where every byte counts, messages are picked out without making strings (by {@link MessageLine}
 * or {@link JsonMessage}, each tested against the real encoder).
 */
abstract class ChatroomSession implements Protocol.Session {

    /** How the server's events look: text lines as telnet shows them, or JSON objects. */
    enum Dialect {
        TEXT {
            private final byte[] error = Ascii.bytes(TextCodec.ERROR);

            @Override
            Event parse(String event) {
                return TextCodec.parse(event);
            }

            @Override
            int textOffset(byte[] b, int off, int len) {
                return MessageLine.textOffset(b, off, len);
            }

            @Override
            int textEnd(byte[] b, int text, int end) {
                return end;
            }

            @Override
            boolean isError(byte[] b, int off, int len) {
                return Ascii.startsWith(b, off, len, error);
            }
        },
        JSON {
            @Override
            Event parse(String event) {
                return JsonCodec.parse(event);
            }

            @Override
            int textOffset(byte[] b, int off, int len) {
                return JsonMessage.textOffset(b, off, len);
            }

            @Override
            int textEnd(byte[] b, int text, int end) {
                return JsonMessage.textEnd(b, text, end);
            }

            @Override
            boolean isError(byte[] b, int off, int len) {
                return JsonMessage.isError(b, off, len);
            }
        };

        /** The event, parsed by the protocol module (login only: it allocates); IllegalArgumentException if it is none. */
        abstract Event parse(String event);

        /** Where a room message's text starts, or -1 if the event is anything else. */
        abstract int textOffset(byte[] b, int off, int len);

        /** Where the text starting at {@code text} ends (exclusive), the event ending at {@code end}. */
        abstract int textEnd(byte[] b, int text, int end);

        /** True if the event is an error from the server. */
        abstract boolean isError(byte[] b, int off, int len);
    }

    private enum State { AWAITING_PROMPT, AWAITING_HELLO, AWAITING_ROOM, ENTERED, IN_ROOM }

    final BenchClient client;
    private final Dialect dialect;
    private State state = State.AWAITING_PROMPT;
    /** History events still to come after entering the room; they are old messages, not this run's. */
    private long historyToSkip;

    ChatroomSession(BenchClient client, Dialect dialect) {
        this.client = client;
        this.dialect = dialect;
    }

    /** Sends the user's name (ASCII), framed as this wire frames a line, and flushes. */
    abstract void sendName(String name);

    /**
     * The name went out before the server asked (a UDP user joins with {@code CODE NAME}): the
     * name question, when it comes, needs no answer.
     */
    final void nameSent() {
        if (state == State.AWAITING_PROMPT) {
            state = State.AWAITING_HELLO;
        }
    }

    /** The name sent before the server asked never arrived (nothing did): answer the name question after all. */
    final void nameNotSent() {
        if (state == State.AWAITING_HELLO) {
            state = State.AWAITING_PROMPT;
        }
    }

    /** One whole event from the server. */
    final void onEvent(byte[] b, int off, int len) {
        if (state == State.IN_ROOM) {
            inRoom(b, off, len);
            return;
        }
        Event event;
        try {
            event = dialect.parse(new String(b, off, len, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            client.fail("not an event: " + e.getMessage());
            return;
        }
        if (event instanceof Event.Error) {
            client.serverError(Ascii.string(b, off, len));
            return;
        }
        switch (state) {
            case AWAITING_PROMPT -> {
                if (event instanceof Event.AskName) {
                    state = State.AWAITING_HELLO;
                    sendName(client.name());
                }
            }
            case AWAITING_HELLO -> {
                if (event instanceof Event.Hello) {
                    state = State.AWAITING_ROOM;
                }
            }
            case AWAITING_ROOM -> {
                if (event instanceof Event.Entered) {
                    state = State.ENTERED;
                    client.entered();
                }
            }
            case ENTERED -> {
                // The server sends the history block, if any, right after entering.
                state = State.IN_ROOM;
                if (event instanceof Event.HistoryStart history) {
                    historyToSkip = history.count();
                } else {
                    inRoom(b, off, len);
                }
            }
            case IN_ROOM -> throw new AssertionError("handled above");
        }
    }

    private void inRoom(byte[] b, int off, int len) {
        if (historyToSkip > 0) {
            historyToSkip--;
            return;
        }
        int text = dialect.textOffset(b, off, len);
        if (text >= 0) {
            client.message(b, text, dialect.textEnd(b, text, off + len) - text);
        } else if (dialect.isError(b, off, len)) {
            client.serverError(Ascii.string(b, off, len));
        }
        // Anything else is a notice: joins, leaves, summaries, shutdown. Not this run's business.
    }
}
