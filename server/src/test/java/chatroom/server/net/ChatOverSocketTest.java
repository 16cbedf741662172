package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat as telnet users see it, over real loopback sockets against an in-process server. */
@Timeout(60)
class ChatOverSocketTest {

    private static final Pattern MESSAGE = Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d] <(\\w+)> (.*)");

    @Test
    void greetsWithTheMotdAndAsksForAName() throws Exception {
        var config = TestServer.withChat(TestServer.config(), 20, 100, Duration.ofSeconds(60),
                List.of("Be nice.", "No spam."));
        try (TestServer server = TestServer.start(config); TestClient client = TestClient.connect(server.port())) {
            assertThat(client.nextLine()).isEqualTo("*** Welcome to chatroom!");
            assertThat(client.nextLine()).isEqualTo("*** Be nice.");
            assertThat(client.nextLine()).isEqualTo("*** No spam.");
            assertThat(client.nextLine()).isEqualTo("*** What is your name? (1-24 letters, digits, _ or -)");
            client.send("bad name!");
            assertThat(client.nextLine()).isEqualTo("!!! \"bad name!\" is not a valid name: use 1-24 letters, digits, _ or -");
            assertThat(client.nextLine()).startsWith("*** What is your name?");
            client.send("alice");
            assertThat(client.nextLine()).isEqualTo("*** Hello alice! Type /help for commands.");
            assertThat(client.nextLine()).isEqualTo("*** You are in lobby. 1 here: alice");
        }
    }

    @Test
    void aTakenNameIsRefusedIgnoringCase() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient other = TestClient.connect(server.port())) {
            other.awaitLine(line -> line.startsWith("*** What is your name?"));
            other.send("ALICE");
            assertThat(other.nextLine()).isEqualTo("!!! The name ALICE is taken, try another");
            assertThat(other.nextLine()).startsWith("*** What is your name?");
        }
    }

    @Test
    void messagesReachEveryOtherMemberButNotTheSender() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient carol = TestClient.login(server.port(), "carol")) {
            alice.awaitLine("*** carol joined lobby");
            bob.awaitLine("*** carol joined lobby");
            alice.send("hello everyone");
            assertThat(bob.awaitLine(line -> line.contains("<alice>"))).matches("\\[\\d\\d:\\d\\d:\\d\\d] <alice> hello everyone");
            assertThat(carol.awaitLine(line -> line.contains("<alice>"))).endsWith("<alice> hello everyone");
            // Alice's own next line proves she got nothing in between: no echo of her message.
            alice.send("/who");
            assertThat(alice.nextLine()).isEqualTo("*** 3 in lobby: alice, bob, carol");
        }
    }

    /**
     * Three senders at once, four readers: every reader gets every sender's lines in the order
     * sent, and all readers see the same interleaving, since the loop is the one order.
     */
    @Test
    void everyoneSeesTheSameOrderAndNothingIsLost() throws Exception {
        int perSender = 300;
        List<TestClient> clients = new ArrayList<>();
        try (TestServer server = TestServer.start()) {
            for (int i = 0; i < 7; i++) {
                clients.add(TestClient.login(server.port(), "u" + i));
            }
            for (int i = 0; i < 6; i++) {
                clients.get(i).awaitLine("*** u6 joined lobby");
            }
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                TestClient sender = clients.get(s);
                String name = "u" + s;
                Thread t = new Thread(() -> {
                    try {
                        StringBuilder burst = new StringBuilder();
                        for (int n = 0; n < perSender; n++) {
                            burst.append(name).append('#').append(n).append("\r\n");
                        }
                        sender.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                t.start();
                senders.add(t);
            }
            for (Thread t : senders) {
                t.join();
            }
            List<List<String>> seen = new ArrayList<>();
            for (int r = 3; r < 7; r++) {
                List<String> got = new ArrayList<>();
                while (got.size() < 3 * perSender) {
                    Matcher m = MESSAGE.matcher(clients.get(r).nextLine());
                    if (m.matches()) {
                        got.add(m.group(2));
                    }
                }
                for (int s = 0; s < 3; s++) {
                    String prefix = "u" + s + "#";
                    List<String> fromSender = got.stream().filter(x -> x.startsWith(prefix)).toList();
                    List<String> expected = new ArrayList<>();
                    for (int n = 0; n < perSender; n++) {
                        expected.add(prefix + n);
                    }
                    assertThat(fromSender).as("lines from u%d at reader u%d", s, r).isEqualTo(expected);
                }
                seen.add(got);
            }
            for (List<String> other : seen) {
                assertThat(other).isEqualTo(seen.get(0));
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }

    /** Text lines show the time in the zone of the server's clock; JSON always in UTC. */
    @Test
    void theTimeIsShownInTheZoneOfTheServersClock() throws Exception {
        Instant instant = Instant.parse("2024-05-01T12:34:56.789Z");
        var config = TestServer.withJsonListener(TestServer.config());
        try (TestServer server = TestServer.start(config, Clock.fixed(instant, ZoneId.of("Asia/Tokyo")));
             TestClient alice = TestClient.login(server.port(0), "alice");
             TestClient bob = TestClient.login(server.port(0), "bob");
             TestClient json = TestClient.connect(server.port(1))) {
            json.awaitLine(line -> line.contains("\"ask_name\""));
            json.send("jay");
            alice.awaitLine("*** jay joined lobby");

            alice.send("konbanwa");

            assertThat(bob.awaitLine(l -> l.contains("<alice>"))).isEqualTo("[21:34:56] <alice> konbanwa");
            String line = json.awaitLine(l -> l.contains("\"said\""));
            assertThat(line).contains("\"ts\":\"2024-05-01T12:34:56.789Z\"");
            assertThat(JsonCodec.parse(line).ts()).isEqualTo(instant);
        }
    }

    @Test
    void commandsWorkOverTheWire() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            alice.awaitLine("*** bob joined lobby");

            alice.send("/help");
            assertThat(alice.nextLine()).isEqualTo("*** Commands:");
            alice.awaitLine(line -> line.startsWith("*** Any other line goes to everyone"));

            alice.send("/me waves");
            assertThat(bob.nextLine()).matches("\\[\\d\\d:\\d\\d:\\d\\d] \\* alice waves");

            alice.send("//slash at the start");
            assertThat(bob.nextLine()).endsWith("<alice> /slash at the start");

            alice.send("/join dev");
            assertThat(alice.nextLine()).isEqualTo("*** You are in dev. 1 here: alice");
            assertThat(bob.nextLine()).isEqualTo("*** alice left lobby (moved to dev)");

            bob.send("/rooms");
            assertThat(bob.nextLine()).isEqualTo("*** 2 rooms: dev (1), lobby (1)");

            bob.send("/msg ALICE psst");
            assertThat(alice.nextLine()).matches("\\[\\d\\d:\\d\\d:\\d\\d] \\*bob\\* psst");
            assertThat(bob.nextLine()).matches("\\[\\d\\d:\\d\\d:\\d\\d] -> \\*alice\\* psst");

            bob.send("/msg nobody hi");
            assertThat(bob.nextLine()).isEqualTo("!!! No one called nobody is online");

            bob.send("/join dev");
            assertThat(bob.nextLine()).isEqualTo("*** You are in dev. 2 here: alice, bob");
            assertThat(alice.nextLine()).isEqualTo("*** bob joined dev");

            bob.send("/nick robert");
            assertThat(bob.nextLine()).isEqualTo("*** You are now known as robert");
            assertThat(alice.nextLine()).isEqualTo("*** bob is now known as robert");

            alice.send("/nick robert");
            assertThat(alice.nextLine()).isEqualTo("!!! The name robert is taken, try another");

            alice.send("/dance");
            assertThat(alice.nextLine()).isEqualTo("!!! Unknown command /dance (type /help for the list)");

            alice.send("/msg robert");
            assertThat(alice.nextLine()).isEqualTo("!!! Usage: /msg NAME TEXT");

            robertQuits(bob, alice);
        }
    }

    private static void robertQuits(TestClient robert, TestClient alice) throws Exception {
        robert.send("/quit off to lunch");
        assertThat(robert.awaitEof()).containsExactly("*** Bye!");
        assertThat(alice.nextLine()).isEqualTo("*** robert left dev (quit: off to lunch)");
    }

    @Test
    void historyIsReplayedToWhoeverJoins() throws Exception {
        var config = TestServer.withChat(TestServer.config(), 3, 100, Duration.ofSeconds(60), List.of());
        try (TestServer server = TestServer.start(config);
             TestClient alice = TestClient.login(server.port(), "alice")) {
            for (int i = 1; i <= 5; i++) {
                alice.send("message " + i);
            }
            alice.send("/me is done");
            try (TestClient bob = TestClient.connect(server.port())) {
                bob.awaitLine(line -> line.startsWith("*** What is your name?"));
                bob.send("bob");
                bob.awaitLine("*** You are in lobby. 2 here: alice, bob");
                assertThat(bob.nextLine()).isEqualTo("*** Last 3 messages in lobby:");
                assertThat(bob.nextLine()).endsWith("<alice> message 4");
                assertThat(bob.nextLine()).endsWith("<alice> message 5");
                assertThat(bob.nextLine()).endsWith("* alice is done");
            }
        }
    }

    @Test
    void leavingForAnyReasonIsAnnouncedOnce() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient watcher = TestClient.login(server.port(), "watcher")) {
            TestClient closer = TestClient.login(server.port(), "closer");
            TestClient resetter = TestClient.login(server.port(), "resetter");
            watcher.awaitLine("*** resetter joined lobby");

            closer.close();
            assertThat(watcher.nextLine()).isEqualTo("*** closer left lobby (connection closed)");

            resetter.reset();
            assertThat(watcher.nextLine()).isEqualTo("*** resetter left lobby (connection reset)");

            watcher.send("/who");
            assertThat(watcher.nextLine()).isEqualTo("*** 1 in lobby: watcher");
        }
    }

    @Test
    void aFullServerSaysSoAndCloses() throws Exception {
        var config = TestServer.withLimits(TestServer.config(), 2, 4096, 1 << 20);
        try (TestServer server = TestServer.start(config);
             TestClient one = TestClient.login(server.port(), "one");
             TestClient two = TestClient.connect(server.port());
             TestClient three = TestClient.connect(server.port())) {
            assertThat(three.awaitEof()).containsExactly("!!! Server full (2 users), try again later");
            two.awaitLine(line -> line.startsWith("*** What is your name?"));
            two.close();
            // A slot is free again once the second connection is gone.
            waitUntil(() -> {
                try (TestClient four = TestClient.connect(server.port())) {
                    return four.nextLine().equals("*** Welcome to chatroom!");
                }
            });
        }
    }

    @Test
    void aConnectionThatNeverPicksANameIsClosed() throws Exception {
        var config = TestServer.withChat(TestServer.config(), 20, 100, Duration.ofSeconds(1), List.of());
        try (TestServer server = TestServer.start(config);
             TestClient idle = TestClient.connect(server.port())) {
            assertThat(idle.awaitEof()).endsWith("!!! No name given in 1 s, closing");
        }
    }

    @Test
    void shutdownTellsEveryoneThenCloses() throws Exception {
        TestServer server = TestServer.start();
        try (TestClient alice = TestClient.login(server.port(), "alice");
             TestClient unnamed = TestClient.connect(server.port())) {
            unnamed.awaitLine(line -> line.startsWith("*** What is your name?"));
            server.loop.stop();
            assertThat(server.loop.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(alice.awaitEof()).containsExactly("*** Server shutting down, bye!");
            assertThat(unnamed.awaitEof()).containsExactly("*** Server shutting down, bye!");
        }
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime() - deadline).as("condition not met in time").isNegative();
            Thread.sleep(20); // polling a condition, not synchronising on time
        }
    }
}
