package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's TLS against a scripted server on a JDK {@code SSLServerSocket}: what reaches
 * the session when records come in bursts and then nothing more, and that a server the
 * generator was not told to trust (or one that does not speak TLS) gets no connection.
 */
class BenchTlsTest {

    private static final String GREETING = "*** Welcome to chatroom!\r\n*** What is your name? (1-24 letters, digits, _ or -)\r\n";
    private static final String IN_LOBBY = "*** Hello b00001! Type /help for commands.\r\n"
            + "*** You are in lobby. 2 here: x, b00001\r\n";

    @TempDir
    static Path dir;
    private static TestCertificate server;
    private static TestCertificate stranger;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificate.in(dir, "server");
        stranger = TestCertificate.in(dir, "stranger");
    }

    /**
     * 301 lines, each its own record, some of 3,000 bytes (so a read ends inside a record and the
     * plaintext of one read is more than the read buffer), one line cut across two records, all
     * in one burst; then the server says nothing more. A client that left a whole record in its
     * buffers would wait for a readiness that never comes, and come up short here.
     */
    @Test
    void aBurstOfRecordsArrivesWholeAndInOrderThoughNothingFollows() throws Exception {
        List<String> replies = new ArrayList<>(List.of(IN_LOBBY));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String text = i + " " + ".".repeat(i % 7 == 0 ? 3_000 : 20);
            replies.add("[12:00:01] <x> " + text + "\r\n");
            expected.add(text);
        }
        replies.add("[12:00:02] <x> cut across ");
        replies.add("two records\r\n");
        expected.add("cut across two records");
        try (ScriptedServer scripted = new ScriptedServer(server.serverContext())) {
            CompletableFuture<String> name = scripted.serveAndStay(GREETING, "\n", replies);
            Fleet fleet = scripted.fleet(new ChatroomProtocol(), 0);
            fleet.useTls(server.trust());

            assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).as("got in: %s", fleet.problems()).isTrue();
            scripted.runUntil(() -> scripted.messages().size() >= expected.size());

            assertThat(name.get(10, TimeUnit.SECONDS)).isEqualTo("b00001");
            assertThat(scripted.messages()).containsExactlyElementsOf(expected);
            assertThat(fleet.tlsSummary()).startsWith("TLSv1.3 TLS_");
            assertThat(fleet.disconnects()).isZero();
        }
    }

    @Test
    void aServerWithAnotherCertificateGetsNoConnection() throws Exception {
        try (ScriptedServer scripted = new ScriptedServer(stranger.serverContext())) {
            scripted.serveAndStay(GREETING, "\n", List.of(IN_LOBBY));
            Fleet fleet = scripted.fleet(new ChatroomProtocol(), 0);
            fleet.useTls(server.trust());

            assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isFalse();

            assertThat(fleet.failedLogins()).isEqualTo(1);
            assertThat(fleet.problems()).singleElement().asString().contains("TLS handshake failed");
            assertThat(fleet.tlsSummary()).isNull();
        }
    }

    @Test
    void aServerThatAnswersInPlainTextGetsNoConnection() throws Exception {
        try (ScriptedServer scripted = new ScriptedServer()) {
            scripted.serveAndStay(GREETING, "\n", List.of(IN_LOBBY));
            Fleet fleet = scripted.fleet(new ChatroomProtocol(), 0);
            fleet.useTls(server.trust());

            assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isFalse();

            assertThat(fleet.problems()).singleElement().asString().contains("TLS handshake failed");
        }
    }
}
