package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis pub/sub: PUBLISH framing, and subscribers and publishers against a scripted fake Redis. */
class RespProtocolTest {

    private static final String SUBSCRIBE = "*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nlobby\r\n";

    private final RespProtocol protocol = new RespProtocol();
    private final ScriptedServer server;

    RespProtocolTest() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void publishIsACommandWithTheExactTextLength() {
        ByteBuffer out = ByteBuffer.allocate(2 * protocol.maxMessageBytes(16));
        protocol.writeMessage(out, 3, 42, 123_456L, 16);
        protocol.writeMessage(out, 3, 43, 123_457L, 16);
        String written = new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
        String one = "*3\r\n$7\r\nPUBLISH\r\n$5\r\nlobby\r\n$16\r\n3 42 123456.....\r\n";
        assertThat(written).startsWith(one).hasSize(2 * one.length());
    }

    @Test
    void theWorstCaseFitsTheAdvertisedSize() {
        ByteBuffer out = ByteBuffer.allocate(protocol.maxMessageBytes(1));
        protocol.writeMessage(out, Integer.MAX_VALUE, 999_999_999_999_999_999L, Long.MIN_VALUE, 1);
        assertThat(out.position()).isLessThanOrEqualTo(protocol.maxMessageBytes(1));
        ByteBuffer big = ByteBuffer.allocate(protocol.maxMessageBytes(100_000));
        protocol.writeMessage(big, 1, 1, 1, 100_000);
        assertThat(big.position()).isLessThanOrEqualTo(protocol.maxMessageBytes(100_000));
    }

    @Test
    void aSubscriberIsInOnceConfirmedAndReportsOnlyMessagesOnItsChannel() throws Exception {
        CompletableFuture<String> request = server.serve("", "lobby\r\n",
                "*3\r\n$9\r\nsubscribe\r\n$5\r\nlobby\r\n:1\r\n"
                        + "*3\r\n$7\r\nmessage\r\n$5\r\nlobby\r\n$8\r\n0 1 5...\r\n"
                        + "*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n"
                        + "*3\r\n$7\r\nmessage\r\n$5\r\nlobby\r\n$3\r\nhi!\r\n");
        Fleet fleet = fleet(0);

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isTrue();
        server.runUntil(() -> fleet.disconnects() == 1);

        assertThat(request.get(10, TimeUnit.SECONDS) + "lobby\r\n").isEqualTo(SUBSCRIBE);
        assertThat(server.messages()).containsExactly("0 1 5...", "hi!");
        assertThat(fleet.problems()).singleElement().asString().contains("closed by the server");
    }

    @Test
    void anErrorBeforeTheConfirmationIsAFailedLogin() throws Exception {
        server.serve("", "lobby\r\n", "-ERR max number of clients reached\r\n");
        Fleet fleet = fleet(0);

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isFalse();

        assertThat(fleet.failedLogins()).isEqualTo(1);
        assertThat(fleet.problems()).singleElement().asString()
                .contains("refused at login: -ERR max number of clients reached");
    }

    @Test
    void aSenderPublishesOnAConnectionOfItsOwnThatIsInAtOnce() {
        Fleet fleet = fleet(1);
        assertThat(fleet.connections()).isEqualTo(2);
        assertThat(fleet.sender(0)).isNotSameAs(fleet.member(0));
    }

    private Fleet fleet(int senders) {
        return server.fleet(protocol, senders);
    }
}
