package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client against a scripted fake server: the login, then every kind of line the real server sends. */
class BenchClientTest {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocket listener;
    private final Reactor reactor;
    private final List<String> messages = new ArrayList<>();

    BenchClientTest() throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        reactor = new Reactor();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
        reactor.close();
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

        assertThat(fleet.connectAll(TIMEOUT_NANOS)).isTrue();
        reactor.runUntil(() -> fleet.disconnects() == 1, System.nanoTime() + TIMEOUT_NANOS, Reactor.NOTHING);

        assertThat(nameSent.get(10, TimeUnit.SECONDS)).isEqualTo("b00001");
        assertThat(messages).containsExactly("0 1 7...");
        assertThat(fleet.serverErrors()).isEqualTo(1);
        assertThat(fleet.problems()).anySatisfy(p -> assertThat(p).contains("Line too long"))
                .anySatisfy(p -> assertThat(p).contains("b00001: closed by the server"));
    }

    @Test
    void aRefusedNameIsAFailedLogin() throws Exception {
        serve("*** What is your name? (1-24 letters, digits, _ or -)\r\n",
                "!!! The name b00001 is taken, try another\r\n*** What is your name? (...)\r\n");
        Fleet fleet = fleet();

        assertThat(fleet.connectAll(TIMEOUT_NANOS)).isFalse();

        assertThat(fleet.failedLogins()).isEqualTo(1);
        assertThat(fleet.problems()).singleElement().asString().contains("refused at login: !!! The name b00001 is taken");
    }

    private Fleet fleet() {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Fleet fleet = new Fleet(reactor, address, 1, 0, 0, "b", 1000);
        fleet.setSink((receiver, text, offset, length, receivedNanos) ->
                messages.add(new String(text, offset, length, StandardCharsets.UTF_8)));
        return fleet;
    }

    /** Accepts one connection, sends the greeting, reads the name, sends the rest and closes, as a kick would. */
    private CompletableFuture<String> serve(String greeting, String afterName) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = listener.accept()) {
                OutputStream out = socket.getOutputStream();
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String name = in.readLine();
                out.write(afterName.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return name;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
