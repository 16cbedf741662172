package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Problem;
import chatroom.protocol.Udp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a UDP port does with what no client should send: datagrams from sources that never
 * answer, of every size, garbage, floods. Over real loopback sockets, against an in-process
 * server.
 */
@Timeout(60)
class UdpHostileTest {

    /** Answer rates no test here reaches, so every datagram's answer (or its absence) is the rule's doing. */
    private static ServerConfig unlimitedAnswers() {
        ServerConfig c = UdpChatTest.config();
        return c.withUdp(c.udp().withHelloRates(1e9, 1_000_000, 1e9, 1_000_000));
    }

    private static InetSocketAddress udp(TestServer server) {
        return UdpChatTest.udp(server);
    }

    @Nested
    class BeforeTheCode {

        @Test
        void everySizeGetsOneAnswerWithinThreeTimesItsPacketAndEmptyGetsNone() throws Exception {
            int[] sizes = {0, 1, 2, 8, 9, 10, 100, 1_400, 4_097, 65_507};
            try (TestServer server = TestServer.start(unlimitedAnswers())) {
                for (int size : sizes) {
                    try (UdpTestClient stranger = UdpTestClient.to(udp(server))) {
                        byte[] datagram = new byte[size];
                        Arrays.fill(datagram, (byte) 'x');
                        stranger.sendRaw(datagram);
                        stranger.send("/ping"); // something that surely is answered, to know the first one was handled
                        String last = stranger.awaitLine(line -> Udp.parseHello(line) != null);
                        assertThat(last).isNotNull();
                        Thread.sleep(50); // a second answer to the first datagram, if any, would be here by now
                        List<byte[]> answers = stranger.datagrams();
                        assertThat(answers).as("%d bytes", size).hasSize(size == 0 ? 1 : 2);
                        for (byte[] answer : answers) {
                            assertThat(answer.length).isLessThanOrEqualTo(Udp.replyAllowance(size == 0 ? 5 : size, false));
                            assertThat(Udp.parseHello(new String(answer, StandardCharsets.US_ASCII))).isNotNull();
                        }
                    }
                }
            }
        }

        @Test
        void garbageAndWrongCodesGetTheCodeAndMakeNoSession() throws Exception {
            Random random = new Random(7);
            try (TestServer server = TestServer.start(unlimitedAnswers());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient stranger = UdpTestClient.to(udp(server))) {
                for (int i = 0; i < 50; i++) {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    stranger.sendRaw(garbage);
                    stranger.send(Udp.code(random.nextInt(100_000_000)) + " mallory");
                    stranger.send("\u00ff\u00fb\u0001exit\r\n/quit\r\n/join x\r\n");
                }
                for (int i = 0; i < 150; i++) {
                    assertThat(Udp.parseHello(stranger.nextLine())).isNotNull();
                }
                alice.send("/who");
                assertThat(alice.awaitLine(line -> line.startsWith("*** 1 in lobby"))).isEqualTo("*** 1 in lobby: alice");
            }
        }

        @Test
        void oneAddressIsAnsweredAtItsRateHoweverManyPortsItUses() throws Exception {
            try (TestServer server = TestServer.start(UdpChatTest.config())) {
                int answered = 0;
                long start = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    try (UdpTestClient stranger = UdpTestClient.to(udp(server))) {
                        stranger.send("hello?");
                        answered += stranger.poll(20) == null ? 0 : 1;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                ServerConfig.UdpSettings d = ServerConfig.UdpSettings.OFF;
                assertThat(answered).isGreaterThanOrEqualTo(d.helloBurstPerAddress())
                        .isLessThanOrEqualTo(d.helloBurstPerAddress() + (int) Math.ceil(seconds * d.helloRatePerAddress()));
            }
        }
    }

    @Test
    void garbageFromAnotherPortOfTheAddressDoesNotKeepAValidCodeOut() throws Exception {
        try (TestServer server = TestServer.start(UdpChatTest.config());
                UdpTestClient carol = UdpTestClient.to(udp(server));
                UdpTestClient noisy = UdpTestClient.to(udp(server))) {
            carol.send("/ping");
            String code = Udp.parseHello(carol.nextLine());
            for (int i = 0; i < 200; i++) {
                noisy.send("garbage " + i); // spends the address's answers
            }
            assertThat(noisy.poll(200)).isNotNull();
            carol.send(code + " carol");
            carol.awaitLine("*** You are in lobby. 1 here: carol");
        }
    }

    @Nested
    class AfterTheCode {

        @Test
        void aLineTooLongForAnyDatagramIsNotSentInPieces() throws Exception {
            ServerConfig c = TestServer.withLimits(UdpChatTest.config(), 10_000, 65_000, 1 << 20)
                    .withPerAddress(TestServer.NO_ADDRESS_LIMITS).withUdp(UdpChatTest.config().udp());
            try (TestServer server = TestServer.start(c);
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                carol.send("/format json");
                carol.awaitLine(line -> line.startsWith("{\"type\":\"format\""));
                alice.send("\"".repeat(64_990)); // 129,980 bytes once escaped in JSON
                alice.send("short");
                String next = carol.awaitLine(line -> line.contains("\"type\":\"said\""));
                assertThat(next).contains("\"text\":\"short\"");
                assertThat(carol.datagrams()).allSatisfy(d -> assertThat(d.length).isLessThanOrEqualTo(UdpEndpoint.MAX_PAYLOAD));
            }
        }


        @Test
        void anOverLongLineIsRefusedWithAnError() throws Exception {
            try (TestServer server = TestServer.start(UdpChatTest.config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                int max = UdpChatTest.config().maxLineBytes();
                carol.send("y".repeat(max + 1));
                carol.awaitLine("!!! " + Problem.TOO_LONG.count(Instant.EPOCH, max).text());
                carol.send("short");
                alice.awaitLine(line -> line.endsWith("<carol> short"));
            }
        }

        @Test
        void emptyDatagramsAndBinaryGarbageHurtNobody() throws Exception {
            try (TestServer server = TestServer.start(UdpChatTest.config());
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
                alice.awaitLine("*** carol joined lobby");
                carol.sendRaw(new byte[0]);
                carol.sendRaw(new byte[] {0, 1, 2, 27, '[', '2', 'J', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'});
                carol.send("after");
                List<String> seen = new java.util.ArrayList<>();
                alice.awaitLine(line -> seen.add(line) && line.endsWith("<carol> after"));
                assertThat(seen).allSatisfy(line -> assertThat(line).doesNotContain("\u001b", "\u0000", "\u0001"));
            }
        }

        @Test
        void aFloodIsDroppedAndCountedAndOthersAreHeard() throws Exception {
            ServerConfig flood = TestServer.withFlood(UdpChatTest.config(), 10, 20).withPerAddress(TestServer.NO_ADDRESS_LIMITS)
                    .withUdp(UdpChatTest.config().udp());
            try (TestServer server = TestServer.start(flood);
                    TestClient alice = TestClient.login(server.port(), "alice");
                    UdpTestClient carol = UdpTestClient.login(udp(server), "carol");
                    UdpTestClient dave = UdpTestClient.login(udp(server), "dave")) {
                long start = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    carol.send("flood " + i);
                }
                dave.send("/ping");
                dave.awaitLine("*** pong");
                dave.send("dave is heard");
                long[] floods = {0};
                alice.awaitLine(line -> {
                    floods[0] += line.contains("<carol> flood ") ? 1 : 0;
                    return line.endsWith("<dave> dave is heard");
                });
                alice.send("alice is heard");
                dave.awaitLine(line -> line.endsWith("<alice> alice is heard"));
                alice.send("/who"); // answered after every flood line that got through
                alice.awaitLine(line -> {
                    floods[0] += line.contains("<carol> flood ") ? 1 : 0;
                    return line.startsWith("*** 3 in lobby");
                });
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(floods[0]).isGreaterThan(0).isLessThanOrEqualTo(20 + (long) Math.ceil(seconds * 10));
                long dropped = MetricsPageTest.parse(server.metricsText()).get("chatroom_udp_flood_drops_total").longValue();
                assertThat(dropped).as("counted").isGreaterThan(0).isLessThanOrEqualTo(10_000 - floods[0]);
                carol.awaitLine("!!! " + Problem.LINES_DROPPED.event(Instant.EPOCH, "10").text());
            }
        }
    }

    @Test
    void overTheUserCapAValidCodeGetsOneRefusalWithinTheBound() throws Exception {
        ServerConfig c = UdpChatTest.config();
        ServerConfig one = c.withUdp(c.udp().withLimits(1, c.udp().idleTimeout(), c.udp().outputBytesPerSecond()));
        try (TestServer server = TestServer.start(one);
                UdpTestClient carol = UdpTestClient.login(udp(server), "carol");
                UdpTestClient dave = UdpTestClient.to(udp(server))) {
            dave.send("/ping");
            String code = Udp.parseHello(dave.nextLine());
            dave.send(code);
            String refusal = dave.nextLine();
            assertThat(refusal).isEqualTo("!!! " + Problem.SERVER_FULL.event(Instant.EPOCH, "1").text());
            assertThat(dave.datagrams().get(1).length).isLessThanOrEqualTo(Udp.replyAllowance(Udp.CODE_LENGTH, false));
        }
    }

    @Test
    void shutdownSaysGoodbyeToUdpUsers() throws Exception {
        TestServer server = TestServer.start(UdpChatTest.config());
        try (UdpTestClient carol = UdpTestClient.login(udp(server), "carol")) {
            server.close();
            carol.awaitLine(line -> line.startsWith("*** Server shutting down"));
            assertThat(server.loop.failed()).isFalse();
        }
    }
}
