package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Udp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP users in the same rooms as TCP users, over real loopback sockets against an in-process server. */
@Timeout(60)
class UdpChatTest {

    static ServerConfig config() {
        return TestServer.config().withUdp(ServerConfig.UdpSettings.on(List.of(new InetSocketAddress("127.0.0.1", 0))));
    }

    static InetSocketAddress udp(TestServer server) {
        return server.loop.udpAddresses().get(0);
    }

    @Nested
    class TheCode {

        @Test
        void aFirstDatagramIsAnsweredWithACodeAndNothingElse() throws Exception {
            try (TestServer server = TestServer.start(config()); UdpTestClient carol = UdpTestClient.to(udp(server))) {
                carol.send("carol");
                String hello = carol.nextLine();
                assertThat(Udp.parseHello(hello)).isNotNull();
                assertThat(carol.poll(300)).as("nothing but the code before it comes back").isNull();
                assertThat(carol.datagrams()).hasSize(1);
            }
        }

        @Test
        void theCodeWithANameJoinsTheLobby() throws Exception {
            try (TestServer server = TestServer.start(config()); UdpTestClient carol = UdpTestClient.to(udp(server))) {
                carol.send("hi");
                String code = Udp.parseHello(carol.nextLine());
                carol.send(code + " carol");
                assertThat(carol.nextLine()).isEqualTo("*** Welcome to chatroom!");
                carol.awaitLine("*** Hello carol! Type /help for commands.");
                carol.awaitLine("*** You are in lobby. 1 here: carol");
            }
        }

        @Test
        void theCodeAloneAsksForTheNameAndARepeatedCodeIsNoName() throws Exception {
            try (TestServer server = TestServer.start(config()); UdpTestClient carol = UdpTestClient.to(udp(server))) {
                carol.send("/ping");
                String code = Udp.parseHello(carol.nextLine());
                carol.send(code);
                carol.awaitLine(line -> line.startsWith("*** What is your name?"));
                carol.send(code); // a client that did not hear the welcome yet sends it again
                carol.send(code + " carol");
                carol.awaitLine("*** Hello carol! Type /help for commands.");
            }
        }

        @Test
        void aWrongCodeIsAnsweredWithTheRightOne() throws Exception {
            try (TestServer server = TestServer.start(config()); UdpTestClient carol = UdpTestClient.to(udp(server))) {
                carol.send("/ping");
                String code = Udp.parseHello(carol.nextLine());
                String wrong = code.equals("0000-0000") ? "0000-0001" : "0000-0000";
                carol.send(wrong + " carol");
                assertThat(Udp.parseHello(carol.nextLine())).isEqualTo(code);
            }
        }

        @Test
        void anotherPortOfTheSameAddressHasAnotherCode() throws Exception {
            try (TestServer server = TestServer.start(config());
                    UdpTestClient one = UdpTestClient.to(udp(server));
                    UdpTestClient two = UdpTestClient.to(udp(server))) {
                one.send("x");
                two.send("x");
                String first = Udp.parseHello(one.nextLine());
                String second = Udp.parseHello(two.nextLine());
                two.send(first + " mallory");
                assertThat(Udp.parseHello(two.nextLine())).as("a code is good only for its own source").isEqualTo(second);
            }
        }
    }

    @Nested
    class WithTcpUsers {

        @Test
        void udpAndTcpUsersChatBothWays() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                carol.send("hello from udp");
                assertThat(alice.awaitLine(line -> line.endsWith("<carol> hello from udp"))).isNotNull();
                alice.send("hello from tcp");
                assertThat(carol.awaitLine(line -> line.endsWith("<alice> hello from tcp"))).isNotNull();
                carol.send("/me waves");
                alice.awaitLine(line -> line.endsWith("* carol waves"));
                carol.send("/msg alice psst");
                alice.awaitLine(line -> line.endsWith("*carol* psst"));
            }
        }

        @Test
        void severalLinesInOneDatagramAreSeveralMessagesInOrder() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                carol.send("one\ntwo\r\nthree");
                alice.awaitLine(line -> line.endsWith("<carol> one"));
                assertThat(alice.nextLine()).endsWith("<carol> two");
                assertThat(alice.nextLine()).endsWith("<carol> three");
            }
        }

        @Test
        void aLineDoesNotRunOnIntoTheNextDatagram() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                carol.send("first\r"); // a CR at the end must not eat the next datagram's first byte
                carol.send("second");
                alice.awaitLine(line -> line.endsWith("<carol> first"));
                assertThat(alice.nextLine()).endsWith("<carol> second");
            }
        }

        @Test
        void exitLeavesAndTheRoomIsTold() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                carol.send("exit");
                carol.awaitLine("*** Bye!");
                alice.awaitLine("*** carol left lobby (quit)");
                carol.send("back");
                assertThat(Udp.parseHello(carol.awaitLine(line -> Udp.parseHello(line) != null)))
                        .as("gone: the address is a stranger again").isNotNull();
            }
        }

        @Test
        void aTcpUserLeavingIsToldToUdpUsers() throws Exception {
            try (TestServer server = TestServer.start(config());
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                try (TestClient alice = TestClient.login(server.port(), "alice")) {
                    carol.awaitLine("*** alice joined lobby");
                    alice.send("/quit");
                    alice.awaitLine("*** Bye!");
                }
                carol.awaitLine("*** alice left lobby (quit)");
            }
        }

        @Test
        void jsonOverUdp() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                carol.send("/format json");
                carol.awaitLine(line -> line.startsWith("{\"type\":\"format\""));
                alice.send("hi");
                assertThat(carol.awaitLine(line -> line.startsWith("{\"type\":\"said\""))).contains("\"from\":\"alice\"");
            }
        }
    }

    @Nested
    class Sessions {

        private ServerConfig idle(Duration timeout) {
            ServerConfig c = config();
            return c.withUdp(c.udp().withLimits(c.udp().maxUsers(), timeout, c.udp().outputBytesPerSecond()));
        }

        @Test
        void silenceEndsTheSessionAndTheRoomIsTold() throws Exception {
            try (TestServer server = TestServer.start(idle(Duration.ofSeconds(1)));
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                alice.awaitLine("*** carol left lobby (timed out)");
            }
        }

        @Test
        void pingKeepsTheSessionAlive() throws Exception {
            try (TestServer server = TestServer.start(idle(Duration.ofSeconds(1)));
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                for (int i = 0; i < 8; i++) {
                    carol.send("/ping");
                    carol.awaitLine("*** pong");
                    Thread.sleep(300);
                }
                alice.send("still there?");
                carol.awaitLine(line -> line.endsWith("<alice> still there?"));
            }
        }

        private ServerConfig recheck(Duration every) {
            ServerConfig c = config();
            return c.withUdp(c.udp().withRecheck(every));
        }

        @Test
        void aSessionThatSendsBackItsFreshCodeStays() throws Exception {
            try (TestServer server = TestServer.start(recheck(Duration.ofSeconds(1)));
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                for (int i = 0; i < 3; i++) {
                    String code = Udp.parseStay(carol.awaitLine(line -> Udp.parseStay(line) != null));
                    carol.send(code);
                }
                alice.send("still there?");
                carol.awaitLine(line -> line.endsWith("<alice> still there?"));
                carol.send("yes");
                alice.awaitLine(line -> line.endsWith("<carol> yes"));
            }
        }

        @Test
        void theCodeIsAskedForAgainUntilAnsweredSoOneLostDatagramEndsNothing() throws Exception {
            try (TestServer server = TestServer.start(recheck(Duration.ofSeconds(1)));
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                String first = Udp.parseStay(carol.awaitLine(line -> Udp.parseStay(line) != null));
                String again = Udp.parseStay(carol.awaitLine(line -> Udp.parseStay(line) != null));
                assertThat(again).as("the same code, asked again").isEqualTo(first);
                carol.send(again);
                carol.send("/ping");
                carol.awaitLine("*** pong");
            }
        }

        @Test
        void inASessionACodeIsNeverALineRightOrWrong() throws Exception {
            try (TestServer server = TestServer.start(config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                carol.send("1234-5678");
                carol.send("8765-4321 hello");
                carol.send("after");
                List<String> said = new java.util.ArrayList<>();
                alice.awaitLine(line -> said.add(line) && line.endsWith("<carol> after"));
                assertThat(said).anyMatch(line -> line.endsWith("<carol> hello"))
                        .noneMatch(line -> line.contains("1234-5678") || line.contains("8765-4321"));
            }
        }

        /** What a forger of a departed user's address can do: send, but not receive the code. */
        @Test
        void aSessionThatTalksButNeverSendsBackItsCodeIsDropped() throws Exception {
            try (TestServer server = TestServer.start(recheck(Duration.ofSeconds(1)));
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                carol.awaitLine(line -> Udp.parseStay(line) != null);
                for (int i = 0; i < 10; i++) {
                    carol.send("/ping"); // a sign of life, but no proof the address receives
                    Thread.sleep(200);
                }
                alice.awaitLine("*** carol left lobby (" + UdpPeer.NO_ANSWER + ")");
            }
        }

        @Test
        void manyEventsArePackedIntoFewDatagramsOfWholeLines() throws Exception {
            try (TestServer server = TestServer.start(config());
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                int before = carol.datagrams().size();
                carol.send("/help");
                carol.awaitLine(line -> line.endsWith(chatroom.protocol.CommandSpec.MESSAGE_RULE));
                List<byte[]> help = carol.datagrams().subList(before, carol.datagrams().size());
                assertThat(help.size()).as("/help's lines, packed").isLessThan(5);
                for (byte[] datagram : help) {
                    assertThat(datagram.length).isLessThanOrEqualTo(Udp.DATAGRAM_BYTES);
                    assertThat(new String(datagram, java.nio.charset.StandardCharsets.UTF_8)).endsWith("\r\n");
                }
            }
        }
    }

    @Test
    void udpUsersAreOnMetrics() throws IOException, InterruptedException {
        ServerConfig c = config();
        ServerConfig http = c.withListeners(List.of(Listener.text(new InetSocketAddress("127.0.0.1", 0)),
                Listener.http(new InetSocketAddress("127.0.0.1", 0)))).withUdp(c.udp());
        try (TestServer server = TestServer.start(http); UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
            String page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port(1) + "/metrics"))
                    .timeout(TestClient.TIMEOUT).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("chatroom_connections{transport=\"udp\"} 1", "chatroom_udp_verified_total 1",
                    "chatroom_udp_hellos_total 1");
        }
    }
}
