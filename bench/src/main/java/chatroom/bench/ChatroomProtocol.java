package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The chatroom server's text-line protocol, as telnet users get it (the wire format the
 * fan-out comparison with Redis is about). A connection logs in the way a person on telnet
 * would (wait for the name question, answer it, wait to be in the lobby) and then reports every
 * message line it receives. Every other line the server may send (join and leave notices, the
 * once-a-second summary of a big room, the room's history on entry) is read and ignored.
 *
 * <pre>
 *   AWAITING_PROMPT ─(name sent)─▶ AWAITING_HELLO ─▶ AWAITING_ROOM ─▶ ENTERED ─▶ IN_ROOM
 * </pre>
 *
 * Until it is in the room a connection reads lines with the protocol module's own parser
 * ({@link TextCodec#parse}); in the room, where every byte counts, {@link MessageLine} picks out
 * message lines without making strings (and is tested against the real encoder). A message
 * goes out as its text and LF, and comes back as {@code [HH:MM:SS] <name> text}.
 */
final class ChatroomProtocol implements Protocol {

    private static final byte[] ERROR = Ascii.bytes(TextCodec.ERROR);

    @Override
    public String name() {
        return "chatroom";
    }

    @Override
    public boolean sendsOnMemberConnection() {
        return true;
    }

    @Override
    public boolean echoesToSender() {
        return false;
    }

    @Override
    public Session session(BenchClient client, Role role) {
        if (role != Role.MEMBER) {
            throw new IllegalArgumentException("chatroom senders talk on their member connection");
        }
        return new LineSession(client);
    }

    @Override
    public int maxMessageBytes(int payloadBytes) {
        return MessagePayload.maxLineBytes(payloadBytes);
    }

    @Override
    public void writeMessage(ByteBuffer out, int sender, long sequence, long sentNanos, int payloadBytes) {
        MessagePayload.writeLine(out, sender, sequence, sentNanos, payloadBytes);
    }

    /** A full GC ({@code jcmd PID GC.run}), so RSS reflects live data and a heap that shrank. */
    @Override
    public void settleMemory(ServerProcess server, InetSocketAddress address) throws IOException, InterruptedException {
        server.collectGarbage();
    }

    private static final class LineSession implements Session {

        private enum State { AWAITING_PROMPT, AWAITING_HELLO, AWAITING_ROOM, ENTERED, IN_ROOM }

        private final BenchClient client;
        private final LineAssembler lines = new LineAssembler(this::onLine);
        private State state = State.AWAITING_PROMPT;
        /** History lines still to come after entering the room; they are old messages, not this run's. */
        private long historyToSkip;

        LineSession(BenchClient client) {
            this.client = client;
        }

        @Override
        public void start() {
            // The server speaks first: the welcome and the name question.
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            lines.feed(bytes, offset, length);
        }

        private void onLine(byte[] b, int off, int len) {
            if (state == State.IN_ROOM) {
                inRoom(b, off, len);
                return;
            }
            Event event = TextCodec.parse(new String(b, off, len, StandardCharsets.UTF_8));
            if (event instanceof Event.Error error) {
                client.serverError(TextCodec.ERROR + error.text());
                return;
            }
            switch (state) {
                case AWAITING_PROMPT -> {
                    if (event instanceof Event.AskName) {
                        sendName();
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
                    // The server sends the history block, if any, right after "You are in".
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
            int text = MessageLine.textOffset(b, off, len);
            if (text >= 0) {
                client.message(b, text, off + len - text);
            } else {
                checkError(b, off, len);
            }
            // Anything else is a notice: joins, leaves, summaries, shutdown. Not this run's business.
        }

        private void sendName() {
            state = State.AWAITING_HELLO;
            ByteBuffer out = client.outbox();
            String name = client.name();
            for (int i = 0; i < name.length(); i++) {
                out.put((byte) name.charAt(i));
            }
            out.put((byte) '\n');
            client.flush();
        }

        private void checkError(byte[] b, int off, int len) {
            if (Ascii.startsWith(b, off, len, ERROR)) {
                client.serverError(Ascii.string(b, off, len));
            }
        }
    }
}
