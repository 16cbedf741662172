package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, finding 6: invalid UTF-8 used to be stored and sent at three times its size (each
 * bad byte became a 3-byte U+FFFD), to history and to every member alike. Over a real socket:
 * a run of bad bytes is one replacement character, and the line limit holds for what is sent.
 */
class InvalidUtf8SizeTest {

    @Test
    void aLineOfInvalidBytesReachesOthersAsOneReplacementCharacter() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient alice = TestClient.login(server.port(), "alice")) {
            bob.awaitLine("*** alice joined lobby");
            byte[] bad = new byte[4000];
            Arrays.fill(bad, (byte) 0x80);
            alice.sendRaw(bad);
            alice.send(" and some text");

            String line = bob.awaitLine(l -> l.contains("<alice>"));
            assertThat(line).endsWith("<alice> \uFFFD and some text");
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(60);
        }
    }

    @Test
    void aLineThatWouldGrowPastTheLimitWhenSentIsRefused() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient alice = TestClient.login(server.port(), "alice")) {
            bob.awaitLine("*** alice joined lobby");
            byte[] mixed = new byte[4000]; // 0x80 'a' pairs: 4,000 bytes in, 6,000 as sent
            for (int i = 0; i < mixed.length; i += 2) {
                mixed[i] = (byte) 0x80;
                mixed[i + 1] = 'a';
            }
            alice.sendRaw(mixed);
            alice.send("");
            alice.send("after");

            assertThat(alice.awaitLine(l -> l.startsWith("!!! "))).isEqualTo("!!! Line too long (over 4,096 bytes), not sent");
            assertThat(bob.awaitLine(l -> l.contains("<alice>"))).endsWith("<alice> after");
        }
    }
}
