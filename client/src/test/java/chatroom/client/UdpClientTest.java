package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole client over UDP against the real server's UDP port, in this JVM, in line mode (a
 * script's input that stays open until the test types {@code /quit}), with a TCP user in the
 * same room.
 */
@Timeout(60)
class UdpClientTest {

    private final ScriptedUi user = new ScriptedUi();

    @AfterEach
    void closeInput() throws IOException {
        user.close();
    }

    private ClientRun start(int udpPort, String name) throws IOException {
        return ClientRun.start(user.ui(), new MessageRenderer(false, ZoneId.systemDefault()), new OnlineNames(),
                "127.0.0.1", udpPort, Transport.udp(), name, ClientRun.quickBackoff());
    }

    @Test
    void aUdpClientChatsBothWaysWithATcpUserAndSeesThePongItAskedFor() throws Exception {
        String pong = new TextCodec(ZoneOffset.UTC).encode(new Event.Pong(Instant.EPOCH));
        try (LocalServer server = LocalServer.withUdp();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start(server.udpPort(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            user.type("hello over udp");
            bob.awaitEnding("<alice> hello over udp");
            bob.send("hello over tcp");
            user.awaitShown("<bob> hello over tcp");
            user.type("/ping");
            user.awaitShown(pong);
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("*** alice left lobby (quit)");
        }
        assertThat(user.shown()).contains("*** Hello alice!", "<alice> hello over udp", "*** Bye!")
                .doesNotContain("Send this code");
        assertThat(user.shown().lines().filter(pong::equals)).as("pongs shown").hasSize(1);
        assertThat(user.notes()).isEmpty();
    }

    /** The server asks for a fresh code now and then; the client sends it back, and the session goes on. */
    @Test
    void theSessionOutlivesTheServersRechecks() throws Exception {
        try (LocalServer server = LocalServer.withUdpRechecks(Duration.ofMillis(300));
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start(server.udpPort(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            Await.until(() -> "three rechecks, or a session ended by one", () -> server.metric("udp_rechecks_total") >= 3
                    || server.metric("udp_recheck_closes_total") > 0);
            assertThat(server.metric("udp_recheck_closes_total")).isZero();
            user.type("still here");
            bob.awaitEnding("<alice> still here");
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
            assertThat(bob.seen()).noneMatch(line -> line.contains("alice left lobby (no answer"));
        }
        assertThat(user.notes()).isEmpty();
    }

    /** Over the server's flood limit, UDP lines are dropped: the client paces a paste so it arrives whole. */
    @Test
    void aPasteOverTheFloodLimitArrivesWhole() throws Exception {
        int lines = 3 * UdpWire.LINE_BURST;
        try (LocalServer server = LocalServer.withUdp();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start(server.udpPort(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            user.type(IntStream.range(0, lines).mapToObj(i -> "pasted " + i).collect(Collectors.joining("\n")));
            for (int i = 0; i < lines; i++) {
                bob.awaitEnding("<alice> pasted " + i);
            }
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
        }
    }

    /** The UDP dialect's way out: the server takes it for /quit, and the client's run ends with its goodbye. */
    @Test
    void exitAloneLeavesAndEndsTheRun() throws Exception {
        try (LocalServer server = LocalServer.withUdp();
             RawUser bob = RawUser.login(server.port(), "bob")) {
            ClientRun client = start(server.udpPort(), "alice");
            bob.awaitEnding("*** alice joined lobby");
            user.type(Udp.EXIT);
            assertThat(client.exitStatus()).isZero();
            bob.awaitEnding("*** alice left lobby (quit)");
        }
        assertThat(user.shown()).contains("*** Bye!");
    }

    /**
     * The shutdown notice ends the UDP session at once, as a TCP server's close would; the
     * reconnect goes through a new code exchange with the server that came back, and resumes
     * the room.
     */
    @Test
    void aServerRestartIsNoticedAndTheClientComesBackToItsRoom() throws Exception {
        int port;
        int udpPort;
        ClientRun client;
        try (LocalServer first = LocalServer.withUdp()) {
            port = first.port();
            udpPort = first.udpPort();
            client = start(udpPort, "alice");
            user.awaitShown("*** You are in lobby.");
        }
        user.awaitNoted("lost: " + UdpWire.SHUT_DOWN);
        try (LocalServer second = LocalServer.withUdpOn(port, udpPort);
             RawUser bob = RawUser.login(second.port(), "bob")) {
            user.type("back over udp");
            bob.awaitEnding("<alice> back over udp");
            user.type("/quit");
            assertThat(client.exitStatus()).isZero();
        }
    }
}
