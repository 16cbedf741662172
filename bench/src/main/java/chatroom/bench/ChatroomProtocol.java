package chatroom.bench;

import chatroom.protocol.Format;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The chatroom server's line protocol on a plain port: text lines as telnet users get them (the
 * wire format the fan-out comparison with Redis is about), or JSON lines as on its
 * {@code --json-port}. A connection logs in and reads as {@link ChatroomSession} says. A message
 * goes out as its text and LF, and comes back as {@code [HH:MM:SS] <name> text}, or as a
 * {@code said} event; a JSON user also gets its own messages back, marked as echoes, which the
 * workload ignores.
 */
final class ChatroomProtocol implements Protocol {

    private final Format format;

    /** Text lines: the {@code chatroom} target. */
    ChatroomProtocol() {
        this(Format.TEXT);
    }

    /** {@code format}'s lines: {@code chatroom} for text, {@code json} for JSON (the server's JSON port). */
    ChatroomProtocol(Format format) {
        this.format = format;
    }

    @Override
    public String name() {
        return format == Format.JSON ? "json" : "chatroom";
    }

    @Override
    public boolean sendsOnMemberConnection() {
        return true;
    }

    @Override
    public boolean echoesToSender() {
        return format == Format.JSON;
    }

    @Override
    public Session session(BenchClient client, Role role) {
        if (role != Role.MEMBER) {
            throw new IllegalArgumentException("chatroom senders talk on their member connection");
        }
        return new LineSession(client, format == Format.JSON ? ChatroomSession.Dialect.JSON : ChatroomSession.Dialect.TEXT);
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

    /** Lines: each event ends in LF; the name goes out as a line. */
    private static final class LineSession extends ChatroomSession {

        private final LineAssembler lines = new LineAssembler(this::onEvent);

        LineSession(BenchClient client, Dialect dialect) {
            super(client, dialect);
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
