package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Redis pub/sub in RESP2, the reference the chatroom server is measured against. Members
 * {@code SUBSCRIBE lobby} and are in once the server confirms; senders {@code PUBLISH lobby
 * TEXT} on connections of their own (a subscribed connection may only subscribe and
 * unsubscribe) and read the integer replies, which they ignore. Messages arrive as pushes:
 *
 * <pre>
 *   *3\r\n $7\r\n message\r\n $5\r\n lobby\r\n $64\r\n TEXT\r\n
 * </pre>
 *
 * Redis delivers to every subscriber, with no way to leave out the publisher's own subscription;
 * so senders do not subscribe at all (they are not members), and a fan-out of N clients is N - 1
 * subscribers and K publishers: each message goes to N - 1 receivers, as on chatroom, where a
 * sender is one of the N members and gets none of its own messages ({@link FanOutWorkload}).
 */
final class RespProtocol implements Protocol {

    static final String CHANNEL = "lobby";

    private static final byte[] SUBSCRIBE = command("SUBSCRIBE", CHANNEL);
    /** {@code PUBLISH lobby } up to the text's length: the part of every PUBLISH that never changes. */
    private static final byte[] PUBLISH_HEAD = Ascii.bytes("*3\r\n$7\r\nPUBLISH\r\n$" + CHANNEL.length() + "\r\n"
            + CHANNEL + "\r\n$");
    private static final byte[] PURGE = command("MEMORY", "PURGE");
    private static final byte[] MESSAGE_KIND = Ascii.bytes("message");
    private static final byte[] SUBSCRIBE_KIND = Ascii.bytes("subscribe");
    /** {@code $}, up to 10 digits of length, CR LF, the text, CR LF. */
    private static final int FRAMING_BYTES = PUBLISH_HEAD.length + 10 + 2 + 2;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean sendsOnMemberConnection() {
        return false;
    }

    @Override
    public boolean echoesToSender() {
        return false; // a sender has no member connection (see above)
    }

    @Override
    public Session session(BenchClient client, Role role) {
        return new PushSession(client, role);
    }

    @Override
    public int maxMessageBytes(int payloadBytes) {
        return FRAMING_BYTES + MessagePayload.maxTextBytes(payloadBytes);
    }

    @Override
    public void writeMessage(ByteBuffer out, int sender, long sequence, long sentNanos, int payloadBytes) {
        out.put(PUBLISH_HEAD);
        int length = MessagePayload.textLength(sender, sequence, sentNanos, payloadBytes);
        byte[] a = out.array();
        int p = Ascii.writeDecimal(a, out.arrayOffset() + out.position(), length);
        a[p++] = '\r';
        a[p++] = '\n';
        out.position(p - out.arrayOffset());
        MessagePayload.write(out, sender, sequence, sentNanos, payloadBytes);
        out.put((byte) '\r').put((byte) '\n');
    }

    @Override
    public long heapKiB(ServerProcess server) {
        return -1;
    }

    /**
     * {@code MEMORY PURGE}: jemalloc hands back the dirty pages it keeps, the nearest Redis
     * has to a full GC. Sent on a connection of its own, which waits for the {@code +OK}.
     */
    @Override
    public void settleMemory(ServerProcess server, InetSocketAddress address) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address)) {
            channel.write(ByteBuffer.wrap(PURGE));
            ByteBuffer reply = ByteBuffer.allocate(256);
            while (reply.position() < 2 || reply.get(reply.position() - 1) != '\n') {
                if (channel.read(reply) < 0 || !reply.hasRemaining()) {
                    break;
                }
            }
            String answer = new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8).strip();
            if (!answer.equals("+OK")) {
                throw new IOException("MEMORY PURGE answered: " + answer);
            }
        }
    }

    /** A command as a RESP array of bulk strings. */
    static byte[] command(String... words) {
        StringBuilder s = new StringBuilder().append('*').append(words.length).append("\r\n");
        for (String word : words) {
            s.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One connection's reading side. Pushes are flat arrays; the first element says what the
     * push is, so the session counts elements and remembers the kind.
     */
    private static final class PushSession implements Session, RespReader.Handler {

        private enum Kind { OTHER, MESSAGE, SUBSCRIBE }

        private final BenchClient client;
        private final Role role;
        private final RespReader reader = new RespReader(this);
        /** Elements of the current array still to come, and the index of the next one. */
        private int elementsLeft;
        private int element;
        private Kind kind = Kind.OTHER;

        PushSession(BenchClient client, Role role) {
            this.client = client;
            this.role = role;
        }

        @Override
        public void start() {
            if (role == Role.PUBLISHER) {
                client.entered();
                return;
            }
            client.outbox().put(SUBSCRIBE);
            client.flush();
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            reader.feed(bytes, offset, length);
        }

        @Override
        public void arrayStart(int length) {
            elementsLeft = Math.max(0, length);
            element = 0;
            kind = Kind.OTHER;
        }

        @Override
        public void bulk(byte[] bytes, int offset, int length) {
            if (elementsLeft == 0) {
                return; // a bare bulk reply: not something this client asked for
            }
            if (element == 0) {
                kind = Ascii.equals(bytes, offset, length, MESSAGE_KIND) ? Kind.MESSAGE
                        : Ascii.equals(bytes, offset, length, SUBSCRIBE_KIND) ? Kind.SUBSCRIBE : Kind.OTHER;
            } else if (element == 2 && kind == Kind.MESSAGE && length >= 0) {
                client.message(bytes, offset, length);
            }
            nextElement();
        }

        @Override
        public void integer(long value) {
            if (elementsLeft == 0) {
                return; // PUBLISH's reply: how many subscribers got the message
            }
            if (element == 2 && kind == Kind.SUBSCRIBE) {
                client.entered();
            }
            nextElement();
        }

        @Override
        public void simple(byte[] bytes, int offset, int length) {
            if (elementsLeft > 0) {
                nextElement();
            }
        }

        @Override
        public void error(byte[] bytes, int offset, int length) {
            if (elementsLeft > 0) {
                nextElement();
            }
            client.serverError("-" + Ascii.string(bytes, offset, length));
        }

        @Override
        public void malformed(String why) {
            client.fail("not RESP: " + why);
        }

        private void nextElement() {
            element++;
            elementsLeft--;
        }
    }
}
