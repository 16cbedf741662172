package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Problem;
import chatroom.protocol.WebSocketUpgrade;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ws target: the upgrade, masked frames out, and a login and a room read against a scripted WebSocket server. */
class WebSocketProtocolTest {

    private static final Instant TS = Instant.parse("2026-12-01T12:00:00Z");
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final WebSocketProtocol protocol = new WebSocketProtocol();
    private final JsonCodec codec = new JsonCodec();
    private final ScriptedServer server;

    WebSocketProtocolTest() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void theUpgradeIsAcceptedOnlyWithA101AndTheRightAcceptValue() {
        String accept = WebSocketUpgrade.accept(KEY);
        assertThat(WebSocketProtocol.refusal(switching("Sec-WebSocket-Accept: " + accept), KEY)).isNull();
        assertThat(WebSocketProtocol.refusal(switching("sec-websocket-accept:" + accept + "  "), KEY)).isNull();
        assertThat(WebSocketProtocol.refusal(switching("Sec-WebSocket-Accept: " + WebSocketUpgrade.accept("x")), KEY))
                .contains("no Sec-WebSocket-Accept");
        assertThat(WebSocketProtocol.refusal("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n", KEY))
                .isEqualTo("no WebSocket: HTTP/1.1 403 Forbidden");
    }

    @Test
    void aMessageIsOneMaskedTextFrameOfThePayloadAndTheWorstCaseFits() {
        ByteBuffer out = ByteBuffer.allocate(protocol.maxMessageBytes(16));
        protocol.writeMessage(out, 3, 42, 123_456L, 16);
        assertThat(unmasked(out.array(), out.position())).isEqualTo("3 42 123456.....");

        ByteBuffer worst = ByteBuffer.allocate(protocol.maxMessageBytes(1));
        protocol.writeMessage(worst, Integer.MAX_VALUE, 999_999_999_999_999_999L, Long.MIN_VALUE, 1);
        assertThat(worst.position()).isLessThanOrEqualTo(protocol.maxMessageBytes(1));
        ByteBuffer big = ByteBuffer.allocate(protocol.maxMessageBytes(100_000));
        protocol.writeMessage(big, 1, 1, 1, 100_000);
        assertThat(unmasked(big.array(), big.position())).hasSize(100_000);
    }

    @Test
    void logsInOverTheUpgradeSkipsHistoryAndReportsMessagesEchoesAndErrors() throws Exception {
        CompletableFuture<List<String>> talk = server.serve(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String request = ScriptedServer.readUntil(in, "\r\n\r\n");
            String key = field(request, "sec-websocket-key");
            // The 101 and the first events in one write: the frames follow the head in the same read.
            out.write(concat(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketUpgrade.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    frame(new Event.Welcome(TS)), frame(new Event.AskName(TS))));
            String name = readClientFrame(new DataInputStream(in));
            out.write(concat(frame(new Event.Hello(TS, name)),
                    frame(new Event.Entered(TS, "lobby", 2, List.of("x", name))),
                    frame(new Event.HistoryStart(TS, "lobby", 1, -1, 0)),
                    frame(new Event.Said(TS, 1, "lobby", "x", "0 1 5", false)),
                    frame(new Event.HistoryEnd(TS, "lobby")),
                    frame(new Event.Joined(TS, "lobby", "y")),
                    frame(new Event.Action(TS, 2, "lobby", "x", "waves", false)),
                    frame(new Event.Said(TS, 3, "lobby", "x", "0 2 7...", false)),
                    frame(new Event.Said(TS, 4, "lobby", name, "0 3 9...", true)),
                    frame(Problem.TOO_LONG.count(TS, 4096))));
            out.flush();
            return List.of(request, name);
        });
        Fleet fleet = server.fleet(protocol, 0);

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isTrue();
        server.runUntil(() -> fleet.disconnects() == 1);

        List<String> seen = talk.get(10, TimeUnit.SECONDS);
        assertThat(seen.get(0)).startsWith("GET /ws HTTP/1.1\r\nHost: " + server.address().getHostString() + ":"
                + server.address().getPort() + "\r\n").contains("Upgrade: websocket", "Sec-WebSocket-Version: 13");
        assertThat(seen.get(1)).isEqualTo("b00001");
        assertThat(server.messages()).containsExactly("0 2 7...", "0 3 9...");
        assertThat(fleet.serverErrors()).isEqualTo(1);
        assertThat(fleet.problems()).anySatisfy(p -> assertThat(p).contains("\"code\":\"too_long\""))
                .anySatisfy(p -> assertThat(p).contains("b00001: closed by the server"));
    }

    @Test
    void aRefusedUpgradeIsAFailedLogin() throws Exception {
        server.serve(socket -> {
            ScriptedServer.readUntil(socket.getInputStream(), "\r\n\r\n");
            socket.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return null;
        });
        Fleet fleet = server.fleet(protocol, 0);

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isFalse();

        assertThat(fleet.failedLogins()).isEqualTo(1);
        assertThat(fleet.problems()).singleElement().asString().contains("no WebSocket: HTTP/1.1 403 Forbidden");
    }

    private static String switching(String acceptLine) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + acceptLine + "\r\n\r\n";
    }

    /** The event as the server sends it on a WebSocket: its JSON, without the line end, in one unmasked text frame. */
    private byte[] frame(Event event) {
        byte[] json = codec.encode(event).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x81);
        if (json.length < 126) {
            out.write(json.length);
        } else {
            out.write(126);
            out.write(json.length >>> 8);
            out.write(json.length);
        }
        out.writeBytes(json);
        return out.toByteArray();
    }

    /** One masked client text frame, unmasked (a payload under 126 bytes: a name). */
    private static String readClientFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertThat(first).isEqualTo(0x81);
        assertThat(second & 0x80).as("masked").isEqualTo(0x80);
        byte[] rest = new byte[4 + (second & 0x7F)];
        in.readFully(rest);
        return unmasked(concat(new byte[] {(byte) first, (byte) second}, rest), rest.length + 2);
    }

    /** The payload of the one masked frame in {@code frame[0, length)}. */
    private static String unmasked(byte[] frame, int length) {
        int len7 = frame[1] & 0x7F;
        int header = len7 < 126 ? 6 : len7 == 126 ? 8 : 14;
        int key = ByteBuffer.wrap(frame, header - 4, 4).getInt();
        byte[] payload = java.util.Arrays.copyOfRange(frame, header, length);
        WebSocketFrames.mask(payload, 0, payload.length, key);
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String field(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
