package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever one client sends or fails to read, it gets a clear answer or a clean disconnect,
 * and everyone else keeps chatting with nothing lost.
 */
@Timeout(90)
class BadInputTest {

    private static final Pattern MESSAGE = Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d] <(\\w+)> (.*)");

    private static String text(String line) {
        Matcher m = MESSAGE.matcher(line);
        assertThat(m.matches()).as("a message line: %s", line).isTrue();
        return m.group(2);
    }

    /** A server with bob and then alice in the lobby, bob having seen alice come in. */
    private record Lobby(TestServer server, TestClient bob, TestClient alice) implements AutoCloseable {
        static Lobby start() throws java.io.IOException {
            TestServer server = TestServer.start();
            TestClient bob = TestClient.login(server.port(), "bob");
            TestClient alice = TestClient.login(server.port(), "alice");
            bob.awaitLine("*** alice joined lobby");
            return new Lobby(server, bob, alice);
        }

        @Override
        public void close() throws Exception {
            alice.close();
            bob.close();
            server.close();
        }
    }

    private static boolean isMessageFrom(String name, String line) {
        Matcher m = MESSAGE.matcher(line);
        return m.matches() && m.group(1).equals(name);
    }

    @Test
    void anOverLongLineIsRejectedAndTheNextOneGoesThrough() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            alice.send("x".repeat(10_000));
            alice.send("after");
            assertThat(alice.nextLine()).isEqualTo("!!! Line too long (over 4,096 bytes), not sent");
            assertThat(text(bob.nextLine())).isEqualTo("after");
        }
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            alice.send("y".repeat(4096));
            assertThat(text(bob.nextLine())).hasSize(4096);
        }
    }

    /** 16 MiB with no newline: the server keeps serving others and answers once when the line ends. */
    @Test
    void endlessInputWithoutANewlineIsDiscardedNotBuffered() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient carol = TestClient.login(server.port(), "carol");
             TestClient alice = TestClient.login(server.port(), "alice")) {
            bob.awaitLine("*** alice joined lobby");
            byte[] chunk = "z".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 256; i++) {
                alice.sendRaw(chunk);
                if (i == 128) {
                    carol.send("still here");
                    assertThat(text(bob.awaitLine(line -> isMessageFrom("carol", line)))).isEqualTo("still here");
                }
            }
            alice.send("");
            alice.send("done");
            alice.awaitLine("!!! Line too long (over 4,096 bytes), not sent");
            assertThat(text(bob.awaitLine(line -> isMessageFrom("alice", line)))).isEqualTo("done");
        }
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            alice.sendRaw(new byte[] {'a', (byte) 0xC3, '(', 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c', '\n'});
            alice.send("caf\u00e9 \u2615");
            String replaced = text(bob.nextLine());
            assertThat(replaced).startsWith("a\uFFFD(b\uFFFD").endsWith("c").doesNotContain("\u00C3");
            assertThat(text(bob.nextLine())).isEqualTo("caf\u00e9 \u2615");
        }
    }

    @Test
    void controlAndEscapeCharactersNeverReachOthers() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            alice.send("\u001b[2J\u001b]0;pwned\u0007hi\u0008\u0008\tthere\u009b31m\u202Eevil\u007f");
            assertThat(text(bob.nextLine())).isEqualTo("hi\tthereevil");
        }
    }

    @Test
    void telnetNegotiationIsSwallowed() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFD, 1});                  // IAC DO ECHO
            raw.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFB, 31});                 // IAC WILL NAWS
            raw.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFA, 31, 0, 80, 0, 24, (byte) 0xFF, (byte) 0xF0});
            raw.writeBytes("hel".getBytes(StandardCharsets.US_ASCII));
            raw.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xF6});                     // IAC AYT
            raw.writeBytes("lo\r\0".getBytes(StandardCharsets.US_ASCII));               // telnet's CR NUL
            raw.writeBytes("second\nthird\r\n".getBytes(StandardCharsets.US_ASCII));
            alice.sendRaw(raw.toByteArray());
            assertThat(text(bob.nextLine())).isEqualTo("hello");
            assertThat(text(bob.nextLine())).isEqualTo("second");
            assertThat(text(bob.nextLine())).isEqualTo("third");
        }
    }

    @Test
    void binaryGarbageHurtsNoOne() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient carol = TestClient.login(server.port(), "carol");
             TestClient alice = TestClient.login(server.port(), "alice")) {
            bob.awaitLine("*** alice joined lobby");
            byte[] garbage = new byte[1 << 20];
            new Random(42).nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (garbage[i] == '/') {
                    garbage[i] = '.'; // keep random lines from being commands such as /quit
                }
            }
            alice.sendRaw(garbage);
            // IAC SE ends a subnegotiation the garbage may have opened; elsewhere it is a no-op.
            alice.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xF0, '\r', '\n'});
            alice.send("after the garbage");
            carol.send("carol is fine");
            String fromCarol = text(bob.awaitLine(line -> isMessageFrom("carol", line)));
            assertThat(fromCarol).isEqualTo("carol is fine");
            List<String> fromAlice = new ArrayList<>();
            String line;
            do {
                line = bob.awaitLine(l -> isMessageFrom("alice", l));
                fromAlice.add(text(line));
            } while (!text(line).equals("after the garbage"));
            for (String shown : fromAlice) {
                assertThat(shown.chars()).noneMatch(c -> (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F));
            }
        }
    }

    /** Over the burst, lines wait in TCP and arrive late, in order, all of them; others are not held up. */
    @Test
    void aFlooderIsSlowedButLosesNothing() throws Exception {
        var config = TestServer.withFlood(TestServer.config(), 20, 5);
        try (TestServer server = TestServer.start(config);
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient carol = TestClient.login(server.port(), "carol");
             TestClient alice = TestClient.login(server.port(), "alice")) {
            bob.awaitLine("*** alice joined lobby");
            int lines = 45;
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                flood.append("flood ").append(i).append("\r\n");
            }
            long start = System.nanoTime();
            alice.sendRaw(flood.toString().getBytes(StandardCharsets.US_ASCII));
            bob.awaitLine(line -> isMessageFrom("alice", line) && text(line).equals("flood 10"));
            carol.send("not held up");

            List<String> seen = new ArrayList<>();
            seen.add("flood 10");
            boolean carolSeenBeforeEnd = false;
            while (!seen.get(seen.size() - 1).equals("flood " + (lines - 1))) {
                String line = bob.nextLine();
                if (isMessageFrom("carol", line)) {
                    carolSeenBeforeEnd = true;
                } else {
                    seen.add(text(line));
                }
            }
            long elapsed = System.nanoTime() - start;
            List<String> expected = new ArrayList<>();
            for (int i = 10; i < lines; i++) {
                expected.add("flood " + i);
            }
            assertThat(seen).isEqualTo(expected);
            assertThat(carolSeenBeforeEnd).as("carol's line arrived while alice was still throttled").isTrue();
            // 5 at once, then 20 a second: the last of 45 cannot arrive before 40/20 = 2 s.
            assertThat(Duration.ofNanos(elapsed)).isGreaterThan(Duration.ofMillis(1800));
        }
    }

    /**
     * A client that stops reading is cut off when its queue passes the cap; the room is told,
     * and the readers get every line in order.
     */
    @Test
    void aClientThatStopsReadingIsKickedAndNoOneElseLosesAnything() throws Exception {
        int cap = 256 * 1024;
        var config = TestServer.withLimits(TestServer.config(), 100, 4096, cap);
        try (TestServer server = TestServer.start(config);
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient carol = TestClient.login(server.port(), "carol");
             TestClient slow = TestClient.connectNonReading(server.port(), 4096)) {
            slow.send("slow");
            bob.awaitLine("*** slow joined lobby");
            carol.awaitLine("*** slow joined lobby");
            int count = 20_000;
            int window = 200;
            String pad = "p".repeat(900);
            long bobBefore = bob.received();
            long carolBefore = carol.received();
            // The sender keeps at most `window` lines ahead of the readers, as a polite client
            // would: the readers must never lag near the cap, the non-reader falls behind for good.
            Thread sender = new Thread(() -> {
                try (TestClient alice = TestClient.login(server.port(), "alice")) {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < count; i++) {
                        batch.append(i).append(' ').append(pad).append("\r\n");
                        if (i % 50 == 49) {
                            alice.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
                            batch.setLength(0);
                            long sent = i + 1;
                            while (Math.min(bob.received() - bobBefore, carol.received() - carolBefore) < sent - window) {
                                Thread.sleep(1); // waiting on the readers' progress, not on time
                            }
                        }
                    }
                    alice.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            sender.start();
            for (TestClient reader : List.of(bob, carol)) {
                int next = 0;
                boolean kickSeen = false;
                while (next < count) {
                    String line = reader.nextLine();
                    if (line.equals("*** slow left lobby (too slow: over " + cap + " bytes of output not read)")) {
                        kickSeen = true;
                    } else if (isMessageFrom("alice", line)) {
                        assertThat(text(line)).isEqualTo(next + " " + pad);
                        next++;
                    }
                }
                if (!kickSeen) {
                    reader.awaitLine("*** slow left lobby (too slow: over " + cap + " bytes of output not read)");
                }
            }
            sender.join();
        }
    }

    /**
     * Issue 15: far under the hard cap, a client that stays over the soft limit longer than its
     * grace is cut off as too slow; the readers, never that far behind, get every line in order.
     */
    @Test
    void aClientOverTheSoftLimitForLongerThanItsGraceIsCutOff() throws Exception {
        long soft = 128 * 1024;
        var config = TestServer.withLimits(TestServer.config(), 100, 4096, 64L << 20)
                .withSoftOutput(new ServerConfig.SoftOutputLimit(soft, Duration.ofSeconds(1)));
        String kick = "*** slow left lobby (too slow: over " + soft + " bytes of output not read for 1 s)";
        try (TestServer server = TestServer.start(config);
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient slow = TestClient.connectNonReading(server.port(), 4096)) {
            slow.send("slow");
            bob.awaitLine("*** slow joined lobby");
            java.util.concurrent.atomic.AtomicBoolean kicked = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            String pad = "p".repeat(900);
            long before = bob.received();
            // Lines go on, a few ahead of bob, until bob hears of the kick: the grace is counted
            // while output keeps coming, as it does in a busy room.
            Thread sender = new Thread(() -> {
                try (TestClient alice = TestClient.login(server.port(), "alice")) {
                    while (!kicked.get()) {
                        int i = sent.get();
                        alice.sendRaw((i + " " + pad + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        sent.incrementAndGet();
                        while (bob.received() - before < sent.get() - 20 && !kicked.get()) {
                            Thread.sleep(1); // waiting on bob's progress, not on time
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            sender.start();
            int next = 0;
            while (true) {
                String line = bob.nextLine();
                if (line.equals(kick)) {
                    kicked.set(true);
                    break;
                }
                if (isMessageFrom("alice", line)) {
                    assertThat(text(line)).isEqualTo(next + " " + pad);
                    next++;
                }
            }
            sender.join();
            int last = sent.get();
            while (next < last) {
                String line = bob.nextLine();
                if (isMessageFrom("alice", line)) {
                    assertThat(text(line)).isEqualTo(next + " " + pad);
                    next++;
                }
            }
            assertThat(server.metricsText()).contains("chatroom_slow_consumer_kicks_total 1");
        }
    }

    @Test
    void aClientThatVanishesMidWriteIsCleanedUp() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            TestClient bob = lobby.bob();
            TestClient alice = lobby.alice();
            TestClient vanisher = TestClient.connectNonReading(lobby.server().port(), 4096);
            vanisher.send("vanisher");
            bob.awaitLine("*** vanisher joined lobby");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                batch.append("backlog ").append(i).append(' ').append("q".repeat(1000)).append("\r\n");
            }
            alice.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
            bob.awaitLine(line -> isMessageFrom("alice", line) && text(line).startsWith("backlog 499 "));
            vanisher.reset();
            assertThat(bob.awaitLine(line -> line.startsWith("*** vanisher left")))
                    .matches("\\*\\*\\* vanisher left lobby \\(connection (reset|closed)\\)");
            alice.send("life goes on");
            assertThat(text(bob.awaitLine(line -> isMessageFrom("alice", line)))).isEqualTo("life goes on");
        }
    }

    @Test
    void aHalfClosedClientsLastLinesStillCount() throws Exception {
        try (TestServer server = TestServer.start();
             TestClient bob = TestClient.login(server.port(), "bob")) {
            TestClient alice = TestClient.login(server.port(), "alice");
            bob.awaitLine("*** alice joined lobby");
            alice.sendRaw("one\r\nno newline at the end".getBytes(StandardCharsets.US_ASCII));
            alice.socket.shutdownOutput();
            assertThat(text(bob.nextLine())).isEqualTo("one");
            assertThat(text(bob.nextLine())).isEqualTo("no newline at the end");
            assertThat(bob.nextLine()).isEqualTo("*** alice left lobby (connection closed)");
            alice.close();
        }
    }

    /** Issue 12, finding 6: invalid UTF-8 used to be stored and sent at three times its size. */
    @Test
    void aLineOfInvalidBytesReachesOthersAsOneReplacementCharacter() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            byte[] bad = new byte[4000];
            java.util.Arrays.fill(bad, (byte) 0x80);
            lobby.alice().sendRaw(bad);
            lobby.alice().send(" and some text");

            String line = lobby.bob().awaitLine(l -> l.contains("<alice>"));
            assertThat(line).endsWith("<alice> \uFFFD and some text");
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(60);
        }
    }

    @Test
    void aLineThatWouldGrowPastTheLimitWhenSentIsRefused() throws Exception {
        try (Lobby lobby = Lobby.start()) {
            byte[] mixed = new byte[4000]; // 0x80 'a' pairs: 4,000 bytes in, 6,000 as sent
            for (int i = 0; i < mixed.length; i += 2) {
                mixed[i] = (byte) 0x80;
                mixed[i + 1] = 'a';
            }
            lobby.alice().sendRaw(mixed);
            lobby.alice().send("");
            lobby.alice().send("after");

            assertThat(lobby.alice().awaitLine(l -> l.startsWith("!!! ")))
                    .isEqualTo("!!! Line too long (over 4,096 bytes), not sent");
            assertThat(lobby.bob().awaitLine(l -> l.contains("<alice>"))).endsWith("<alice> after");
        }
    }
}
