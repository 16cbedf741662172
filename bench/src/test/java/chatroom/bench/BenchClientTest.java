package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.Problem;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chatroom client against a scripted fake server: the login, then every kind of line the real server sends. */
class BenchClientTest {

    private final ScriptedServer server;

    BenchClientTest() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void logsInSkipsHistoryAndNoticesAndReportsMessagesAndErrors() throws Exception {
        CompletableFuture<String> nameSent = serve(
                "*** Welcome to chatroom!\r\n*** What is your name? (1-24 letters, digits, _ or -)\r\n",
                "*** Hello b00001! Type /help for commands.\r\n"
                        + "*** You are in lobby. 2 here: x, b00001\r\n"
                        + "*** Last 2 messages in lobby:\r\n"
                        + "[11:59:58] <x> 0 1 5\r\n"
                        + "[11:59:59] * x waves\r\n"
                        + "*** 3 joined (5 here)\r\n"
                        + "[12:00:00] * x waves\r\n"
                        + "[12:00:01] <x> 0 1 7...\r\n"
                        + "!!! Line too long (over 4,096 bytes), not sent\r\n");
        Fleet fleet = fleet();

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isTrue();
        server.runUntil(() -> fleet.disconnects() == 1);

        assertThat(nameSent.get(10, TimeUnit.SECONDS)).isEqualTo("b00001");
        assertThat(server.messages()).containsExactly("0 1 7...");
        assertThat(fleet.serverErrors()).isEqualTo(1);
        assertThat(fleet.problems()).anySatisfy(p -> assertThat(p).contains("Line too long"))
                .anySatisfy(p -> assertThat(p).contains("b00001: closed by the server"));
    }

    @Test
    void aRefusedNameIsAFailedLogin() throws Exception {
        serve("*** What is your name? (1-24 letters, digits, _ or -)\r\n",
                "!!! The name b00001 is taken, try another\r\n*** What is your name? (...)\r\n");
        Fleet fleet = fleet();

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isFalse();

        assertThat(fleet.failedLogins()).isEqualTo(1);
        assertThat(fleet.problems()).singleElement().asString().contains("refused at login: !!! The name b00001 is taken");
    }

    /** The json target: the same login and room over JSON lines, as on the server's JSON port; echoes are reported too. */
    @Test
    void overJsonLinesLogsInSkipsHistoryAndReportsMessagesAndErrors() throws Exception {
        JsonCodec codec = new JsonCodec();
        Instant ts = Instant.parse("2026-12-01T12:00:00Z");
        CompletableFuture<String> nameSent = server.serve(
                codec.encode(new Event.Welcome(ts)) + "\r\n" + codec.encode(new Event.AskName(ts)) + "\r\n", "\n",
                Stream.of(new Event.Hello(ts, "b00001"), new Event.Entered(ts, "lobby", 2, List.of("x", "b00001")),
                                new Event.HistoryStart(ts, "lobby", 1, -1, 0), new Event.Said(ts, 1, "lobby", "x", "0 1 5", false),
                                new Event.HistoryEnd(ts, "lobby"), new Event.Action(ts, 2, "lobby", "x", "waves", false),
                                new Event.Said(ts, 3, "lobby", "x", "0 1 7...", false),
                                new Event.Said(ts, 4, "lobby", "b00001", "0 2 9", true), Problem.TOO_LONG.count(ts, 4096))
                        .map(e -> codec.encode(e) + "\r\n").collect(Collectors.joining()));
        Fleet fleet = server.fleet(new ChatroomProtocol(Format.JSON), 0);

        assertThat(fleet.connectAll(ScriptedServer.TIMEOUT_NANOS)).isTrue();
        server.runUntil(() -> fleet.disconnects() == 1);

        assertThat(nameSent.get(10, TimeUnit.SECONDS)).isEqualTo("b00001");
        assertThat(server.messages()).containsExactly("0 1 7...", "0 2 9");
        assertThat(fleet.serverErrors()).isEqualTo(1);
    }

    private Fleet fleet() {
        return server.fleet(new ChatroomProtocol(), 0);
    }

    /** Sends the greeting, reads the name line, sends the rest and closes. */
    private CompletableFuture<String> serve(String greeting, String afterName) {
        return server.serve(greeting, "\n", afterName);
    }
}
