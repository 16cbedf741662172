package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The chatroom server's text-line protocol, as telnet users get it (the wire format the
 * fan-out comparison with Redis is about): a connection logs in and reads as
 * {@link ChatroomSession} says. A message goes out as its text and LF, and comes back as
 * {@code [HH:MM:SS] <name> text}.
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

    /** Lines: each ends in LF; a message is {@code [HH:MM:SS] <name> text} and its text runs to the line's end. */
    private static final class LineSession extends ChatroomSession {

        private final LineAssembler lines = new LineAssembler(this::onEvent);

        LineSession(BenchClient client) {
            super(client);
        }

        @Override
        public void start() {
            // The server speaks first: the welcome and the name question.
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            lines.feed(bytes, offset, length);
        }

        @Override
        Event parse(byte[] b, int off, int len) {
            return TextCodec.parse(new String(b, off, len, StandardCharsets.UTF_8));
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
            return Ascii.startsWith(b, off, len, ERROR);
        }

        @Override
        void sendName(String name) {
            ByteBuffer out = client.outbox();
            for (int i = 0; i < name.length(); i++) {
                out.put((byte) name.charAt(i));
            }
            out.put((byte) '\n');
            client.flush();
        }
    }
}
