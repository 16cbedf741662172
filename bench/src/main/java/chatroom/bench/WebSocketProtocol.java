package chatroom.bench;

import chatroom.protocol.WebSocketFrame;
import chatroom.protocol.WebSocketUpgrade;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The chatroom server as a browser speaks to it: {@code GET /ws} on its HTTP port, upgraded to
 * a WebSocket (RFC 6455), then JSON events, one per text frame. A connection sends the upgrade
 * request, checks the {@code 101} and its {@code Sec-WebSocket-Accept}, then logs in and reads
 * as {@link ChatroomSession} says. Messages go out as masked text frames with a fresh random key
 * each (a constant key would be legal and would hide the server's cost of unmasking); the
 * server's frames come unmasked ({@link WebSocketFrames}). A JSON user gets its own messages
 * back ({@code "echo":true}); the workload ignores them.
 */
final class WebSocketProtocol implements Protocol {

    /** The most bytes of the server's answer to the upgrade: a 101 is about 130. */
    static final int MAX_RESPONSE_HEAD_BYTES = 4096;
    private static final byte[] HEAD_END = Ascii.bytes("\r\n\r\n");
    private static final String SWITCHING = "HTTP/1.1 101 ";
    private static final String ACCEPT_FIELD = "sec-websocket-accept:";

    @Override
    public String name() {
        return "ws";
    }

    @Override
    public boolean sendsOnMemberConnection() {
        return true;
    }

    @Override
    public boolean echoesToSender() {
        return true;
    }

    @Override
    public Session session(BenchClient client, Role role) {
        if (role != Role.MEMBER) {
            throw new IllegalArgumentException("chatroom senders talk on their member connection");
        }
        return new WebSocketSession(client);
    }

    @Override
    public int maxMessageBytes(int payloadBytes) {
        int text = MessagePayload.maxTextBytes(payloadBytes);
        return WebSocketFrames.headerBytes(text) + text;
    }

    @Override
    public void writeMessage(ByteBuffer out, int sender, long sequence, long sentNanos, int payloadBytes) {
        int mask = ThreadLocalRandom.current().nextInt();
        WebSocketFrames.writeHeader(out, WebSocketFrame.TEXT,
                MessagePayload.textLength(sender, sequence, sentNanos, payloadBytes), mask);
        int start = out.arrayOffset() + out.position();
        MessagePayload.write(out, sender, sequence, sentNanos, payloadBytes);
        WebSocketFrames.mask(out.array(), start, out.arrayOffset() + out.position(), mask);
    }

    /** A full GC ({@code jcmd PID GC.run}), so RSS reflects live data and a heap that shrank. */
    @Override
    public void settleMemory(ServerProcess server, InetSocketAddress address) throws IOException, InterruptedException {
        server.collectGarbage();
    }

    /** The upgrade request for {@code key} to the server at {@code host}. */
    static String upgradeRequest(String host, String key) {
        return "GET " + WebSocketUpgrade.PATH + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: " + WebSocketUpgrade.VERSION + "\r\n\r\n";
    }

    /** Null if {@code head} (the response up to its blank line) accepts the upgrade for {@code key}, else why not. */
    static String refusal(String head, String key) {
        if (!head.startsWith(SWITCHING)) {
            int end = head.indexOf('\r');
            return "no WebSocket: " + (end < 0 ? head : head.substring(0, end));
        }
        String expected = WebSocketUpgrade.accept(key);
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(ACCEPT_FIELD)
                    && line.substring(ACCEPT_FIELD.length()).strip().equals(expected)) {
                return null;
            }
        }
        return "no Sec-WebSocket-Accept: " + expected + " in the 101";
    }

    private static final class WebSocketSession extends ChatroomSession implements WebSocketFrames.FrameHandler {

        private final WebSocketFrames frames = new WebSocketFrames(this);
        /** The response head while it is coming in; null once the connection is upgraded. */
        private Carry head = new Carry();
        private String key;

        WebSocketSession(BenchClient client) {
            super(client, Dialect.JSON);
        }

        @Override
        public void start() {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            key = Base64.getEncoder().encodeToString(nonce);
            InetSocketAddress server = client.address();
            client.outbox().put(Ascii.bytes(upgradeRequest(server.getHostString() + ":" + server.getPort(), key)));
            client.flush();
        }

        @Override
        public void input(byte[] bytes, int offset, int length) {
            if (head == null) {
                frames.feed(bytes, offset, length);
                return;
            }
            // The head is read a byte at a time into its own buffer: it comes once, and what
            // follows its blank line is already frames.
            int end = offset + length;
            for (int p = offset; p < end; p++) {
                head.append(bytes, p, 1);
                if (head.length() >= HEAD_END.length && Ascii.equals(head.array(),
                        head.length() - HEAD_END.length, HEAD_END.length, HEAD_END)) {
                    upgraded(new String(head.array(), 0, head.length(), StandardCharsets.ISO_8859_1));
                    if (head == null && p + 1 < end) {
                        frames.feed(bytes, p + 1, end - p - 1);
                    }
                    return;
                }
                if (head.length() > MAX_RESPONSE_HEAD_BYTES) {
                    client.fail("no end to the upgrade response in " + MAX_RESPONSE_HEAD_BYTES + " bytes");
                    return;
                }
            }
        }

        private void upgraded(String response) {
            String refusal = refusal(response, key);
            if (refusal != null) {
                client.fail(refusal);
                return;
            }
            head = null; // the server speaks first: welcome, then the name question
        }

        @Override
        public void onFrame(int opcode, byte[] bytes, int offset, int length) {
            switch (opcode) {
                case WebSocketFrame.TEXT -> onEvent(bytes, offset, length);
                case WebSocketFrame.PING -> {
                    WebSocketFrames.write(client.outbox(), WebSocketFrame.PONG,
                            Arrays.copyOfRange(bytes, offset, offset + length), ThreadLocalRandom.current().nextInt());
                    client.flush();
                }
                case WebSocketFrame.CLOSE -> client.fail("closed by the server: WebSocket close " + closeCode(bytes,
                        offset, length) + (length > 2 ? " " + Ascii.string(bytes, offset + 2, length - 2) : ""));
                default -> client.fail("a frame of opcode " + opcode + " from the server");
            }
        }

        @Override
        public void onError(String why) {
            client.fail(why);
        }

        @Override
        void sendName(String name) {
            WebSocketFrames.write(client.outbox(), WebSocketFrame.TEXT, Ascii.bytes(name),
                    ThreadLocalRandom.current().nextInt());
            client.flush();
        }

        private static String closeCode(byte[] b, int off, int len) {
            return len < 2 ? "(no code)" : String.valueOf((b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF));
        }
    }
}
