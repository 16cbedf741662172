package chatroom.server.net;

import static chatroom.server.net.WebSocketFrames.concat;
import static chatroom.server.net.WebSocketFrames.text;
import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WebSocket users against telnet users, over real sockets: what a browser-protocol user can do to others. */
@Timeout(60)
class WebSocketHostileTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static TestServer start() throws IOException {
        ServerConfig c = TestServer.config();
        return TestServer.start(c.withListeners(List.of(Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.http(new InetSocketAddress("127.0.0.1", 0)))));
    }

    static String upgrade(String extra) {
        return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n";
    }

    /** Opens a WebSocket with {@code frames} right behind the request. */
    static Socket open(int port, byte[] frames) throws IOException {
        Socket socket = RawSockets.connect(port);
        socket.getOutputStream().write(concat(upgrade("").getBytes(StandardCharsets.ISO_8859_1), frames));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).isNotNegative();
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 101 ");
        return socket;
    }

    /** One server frame: its first byte, then its payload. */
    static byte[] readFrame(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.read();
        long length = second & 0x7f;
        if (length == 126) {
            length = new DataInputStream(in).readUnsignedShort();
        } else if (length == 127) {
            length = new DataInputStream(in).readLong();
        }
        byte[] payload = in.readNBytes((int) length);
        byte[] frame = new byte[1 + payload.length];
        frame[0] = (byte) first;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    @Test
    void controlsAndEscapesFromAWebSocketReachTelnetUsersSanitised() throws Exception {
        try (TestServer server = start(); TestClient tel = TestClient.login(server.port(0), "tel");
             Socket ws = open(server.port(1), concat(text("webby"),
                     text("a\u001b[2J\u001b]0;pwned\u0007b\r\nc\u0000d\u009b31me\u202Ef"),
                     text("\n/msg tel hi"), text("\u0007"), text("done")))) {
            tel.awaitLine(l -> l.contains("webby joined"));
            List<String> said = new ArrayList<>();
            String line;
            do {
                line = tel.awaitLine(l -> l.contains("<webby>"));
                said.add(line.substring(line.indexOf("<webby>")));
            } while (!line.endsWith("done"));
            for (String s : said) {
                assertThat(s.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x202E)).as(s).isTrue();
            }
            // A LF inside a message ends nothing; the message starting with it is the command it reads as once cleaned, as telnet's next line would be.
            assertThat(said).containsExactly("<webby> abcdef", "<webby> done");
        }
    }

    /** After its Close the server sends nothing (RFC 6455 §5.5.1): no pong, no event, whatever comes after. */
    @Test
    void nothingFollowsTheServersClose() throws Exception {
        for (byte[] ending : List.of(text("/quit bye now"), WebSocketFrames.close(1001, new byte[0]),
                WebSocketFrames.frame(WebSocketFrame.TEXT, new byte[0], false))) {
            try (TestServer server = start(); TestClient tel = TestClient.login(server.port(0), "tel");
                 Socket ws = open(server.port(1), concat(text("webby"), text("hi"), ending,
                         WebSocketFrames.ping(new byte[] {1}), text("more"), WebSocketFrames.ping(new byte[] {2})))) {
                tel.send("are you there?");
                InputStream in = ws.getInputStream();
                List<Integer> firsts = new ArrayList<>();
                for (byte[] frame = readFrame(in); frame != null; frame = readFrame(in)) {
                    firsts.add(frame[0] & 0xff);
                }
                assertThat(firsts).as("frame first bytes").isNotEmpty();
                assertThat(firsts.get(firsts.size() - 1)).as("the last frame is a Close").isEqualTo(0x88);
                assertThat(firsts.stream().filter(b -> b == 0x88)).as("one Close").hasSize(1);
                assertThat(firsts).doesNotContain(0x8A);
            }
        }
    }
}
