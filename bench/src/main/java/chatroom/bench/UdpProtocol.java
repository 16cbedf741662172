package chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The chatroom server's text lines over UDP ({@code --udp-port}): each user is one connected
 * datagram socket, so one source address and port, which is what the server keys a session on.
 * A user gets in by the {@link CodeExchange} and then reads as {@link ChatroomSession} says, the
 * same text lines as a telnet user, several packed in a datagram. A message goes out as its text
 * and LF, bursts packed into datagrams at line ends ({@link Datagrams}); a user's own messages
 * are not echoed to it. The server drops output over a user's rate or queue, and the kernel
 * drops datagrams a full socket buffer cannot take, so a delivery may be lost: the fan-out
 * workload counts that as loss, not as a broken run.
 */
final class UdpProtocol implements Protocol {

    /** A message and its size are a text line's, as on the plain port. */
    private final ChatroomProtocol lines = new ChatroomProtocol();

    @Override
    public String name() {
        return "udp";
    }

    @Override
    public boolean datagrams() {
        return true;
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
        return new UdpSession(client);
    }

    @Override
    public int maxMessageBytes(int payloadBytes) {
        return lines.maxMessageBytes(payloadBytes);
    }

    @Override
    public void writeMessage(ByteBuffer out, int sender, long sequence, long sentNanos, int payloadBytes) {
        lines.writeMessage(out, sender, sequence, sentNanos, payloadBytes);
    }

    @Override
    public void settleMemory(ServerProcess server, InetSocketAddress address) throws IOException, InterruptedException {
        lines.settleMemory(server, address);
    }

    /** The code exchange, then text lines; each datagram is split into its lines and nothing carries over. */
    static final class UdpSession extends ChatroomSession {

        private final CodeExchange exchange;
        private final LineAssembler lines = new LineAssembler(this::onLine);
        /** A stay line's code, until a datagram of its own has taken it back to the server. */
        private byte[] stay;

        UdpSession(BenchClient client) {
            super(client, Dialect.TEXT);
            this.exchange = new CodeExchange(client.name());
        }

        @Override
        public void start() {
            send(exchange.start());
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            lines.feed(bytes, offset, length);
            lines.finish();
        }

        @Override
        public void quiet(long quietNanos) {
            sendStay();
            String due = exchange.due(quietNanos);
            // A sender whose outbox is full is talking anyway: it needs no keepalive.
            if (due == null || client.outbox().remaining() <= due.length()) {
                return;
            }
            if (exchange.state() == CodeExchange.State.JOINING) {
                nameNotSent(); // the code goes alone, so the server will ask for the name
            }
            send(due);
        }

        @Override
        void sendName(String name) {
            send(name);
        }

        private void onLine(byte[] bytes, int offset, int length) {
            boolean hello = CodeExchange.isHello(bytes, offset, length);
            if (exchange.state() == CodeExchange.State.JOINED && hello) {
                client.fail("the server sent a new code: it no longer knows this user");
                return;
            }
            if (hello || exchange.state() == CodeExchange.State.ASKING) {
                String join = exchange.onHello(Ascii.string(bytes, offset, length));
                if (join != null) {
                    nameSent();
                    send(join);
                }
                return;
            }
            String stayCode = CodeExchange.stayCode(bytes, offset, length);
            if (stayCode != null) {
                stay = Ascii.bytes(stayCode + "\n");
                sendStay();
                return;
            }
            exchange.heard();
            onEvent(bytes, offset, length);
        }

        /**
         * The stay code, past the outbox: the server looks for it at the start of a datagram, and
         * the outbox may be holding messages. A full socket keeps it for the next housekeeping turn.
         */
        private void sendStay() {
            if (stay != null && client.sendDatagram(stay)) {
                stay = null;
            }
        }

        /** One line (ASCII) as its own datagram, or packed with what the outbox already holds. */
        private void send(String line) {
            ByteBuffer out = client.outbox();
            for (int i = 0; i < line.length(); i++) {
                out.put((byte) line.charAt(i));
            }
            out.put((byte) '\n');
            client.flush();
        }
    }
}
