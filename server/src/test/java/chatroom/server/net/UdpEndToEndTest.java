package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import chatroom.protocol.Event;
import chatroom.protocol.TextCodec;
import chatroom.protocol.Udp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real thing over UDP: the Debian {@code nc -u} (netcat-openbsd) as a user, as the seed's
 * UDP chat was used, next to a TCP user, against an in-process server. {@code .ci/run} installs
 * netcat-openbsd.
 *
 * <p>What that nc does (measured, /tmp/m/udp-research.md §5): it connects its UDP socket, so it
 * prints only datagrams from the server's own address and port; it sends one datagram per read
 * of its stdin, line ends included, so one write of two lines is one datagram of two lines; and
 * it prints each datagram as it comes, so the server's CR LF lines read as lines here.
 *
 * <p>Expected lines are the protocol's own: notices are {@link TextCodec}'s text of the event,
 * messages are read back with {@link TextCodec#parse}, the code with {@link Udp#parseHello}.
 */
@Timeout(60)
class UdpEndToEndTest {

    /** Notices carry no time, so any zone gives the server's text. */
    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);

    @Test
    void anNcUserAndATcpUserChat() throws Exception {
        assumeThat(onPath("nc")).as("nc is installed (.ci/run installs netcat-openbsd)").isTrue();
        try (TestServer server = TestServer.start(UdpChatTest.config());
             TestClient alice = TestClient.login(server.port(), "alice");
             ChildProcess nc = nc(server)) {
            join(nc, "carol");
            nc.await(notice(new Event.Entered(null, "lobby", 2, List.of("alice", "carol"))));
            alice.awaitLine(notice(new Event.Joined(null, "lobby", "carol")));

            nc.type("hi alice, from nc");
            alice.awaitLine(said("carol", "hi alice, from nc"));
            alice.send("hello carol, from tcp");
            nc.await(said("alice", "hello carol, from tcp"));

            try (TestClient bob = TestClient.login(server.port(), "bob")) {
                nc.await(notice(new Event.Joined(null, "lobby", "bob")));
                bob.send("/quit");
                bob.awaitLine(notice(new Event.Bye(null)));
            }
            nc.await(notice(new Event.Left(null, "lobby", "bob", "quit")));

            nc.type(Udp.EXIT);
            nc.await(notice(new Event.Bye(null)));
            alice.awaitLine(notice(new Event.Left(null, "lobby", "carol", "quit")));
        }
    }

    @Test
    void oneWriteOfTwoLinesIsOneDatagramAndTwoMessages() throws Exception {
        assumeThat(onPath("nc")).as("nc is installed (.ci/run installs netcat-openbsd)").isTrue();
        try (TestServer server = TestServer.start(UdpChatTest.config());
             TestClient alice = TestClient.login(server.port(), "alice");
             ChildProcess nc = nc(server)) {
            join(nc, "carol");
            alice.awaitLine(notice(new Event.Joined(null, "lobby", "carol")));
            double before = datagramsReceived(server);

            nc.type("first line\nsecond line"); // one write to nc's stdin: "first line\nsecond line\n"
            alice.awaitLine(said("carol", "first line"));
            assertThat(alice.awaitLine(line -> TextCodec.parse(line) instanceof Event.Said))
                    .matches(said("carol", "second line"));
            assertThat(datagramsReceived(server) - before)
                    .as("nc sent the two lines as one datagram").isEqualTo(1.0);
        }
    }

    /** The server's count of UDP datagrams read, from its /metrics page rendered on the loop thread. */
    private static double datagramsReceived(TestServer server) throws Exception {
        CompletableFuture<String> page = new CompletableFuture<>();
        server.loop.execute(() -> page.complete(server.loop.metricsText()));
        return MetricsPageTest.parse(page.get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .get("chatroom_udp_datagrams_received_total");
    }

    /** {@code nc -u} to the server's UDP port, as a person would start it. */
    private static ChildProcess nc(TestServer server) throws java.io.IOException {
        return ChildProcess.start("nc", "-u", "127.0.0.1", String.valueOf(UdpChatTest.udp(server).getPort()));
    }

    /**
     * What a person at nc does: types anything, reads the code off the line that comes back,
     * and types it with a name; waits for the greeting by name.
     */
    private static void join(ChildProcess nc, String name) throws Exception {
        nc.type("hi");
        String code = Udp.parseHello(nc.await(line -> Udp.parseHello(line) != null));
        nc.type(code + " " + name);
        nc.await(notice(new Event.Hello(null, name)));
    }

    /** The line the server sends for {@code event}, which has no time in it. */
    private static Predicate<String> notice(Event event) {
        String line = TEXT.encode(event);
        return line::equals;
    }

    /** A message line from {@code from} saying {@code text}, whatever its time. */
    private static Predicate<String> said(String from, String text) {
        return line -> TextCodec.parse(line) instanceof Event.Said said
                && said.from().equals(from) && said.text().equals(text);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
