package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.JsonCodec;
import chatroom.protocol.TextCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A text listener and a JSON listener on one selector, over real loopback sockets: one chat,
 * one order, two wire formats.
 */
@Timeout(60)
class TwoListenersTest {

    private static final String ASK = "*** What is your name? (1-24 letters, digits, _ or -)";

    /** Who said what, as either wire shows it. */
    private record Line(String from, String text) {}

    private static TestServer start() throws IOException {
        return TestServer.start(TestServer.withJsonListener(TestServer.config()));
    }

    @Test
    void bothListenersAreBoundAndReportedInOrder() throws Exception {
        try (TestServer server = start()) {
            List<InetSocketAddress> addresses = server.loop.addresses();

            assertThat(addresses).hasSize(2);
            assertThat(addresses.get(0).getPort()).isPositive().isEqualTo(server.port());
            assertThat(addresses.get(1).getPort()).isPositive().isNotEqualTo(addresses.get(0).getPort());
        }
    }

    @Test
    void theJsonPortSpeaksJsonFromTheFirstByte() throws Exception {
        var config = TestServer.withChat(TestServer.withJsonListener(TestServer.config()), 20, 100,
                Duration.ofSeconds(60), List.of("Be nice."));
        try (TestServer server = TestServer.start(config);
             TestClient json = TestClient.connect(server.port(1));
             TestClient text = TestClient.connect(server.port(0))) {
            String first = json.nextLine();
            assertThat(first).startsWith("{\"type\":\"welcome\"");
            assertThat(JsonCodec.parse(first)).isInstanceOf(Event.Welcome.class);
            assertThat(json.nextEvent()).isInstanceOf(Event.Notice.class)
                    .extracting(e -> ((Event.Notice) e).text()).isEqualTo("Be nice.");
            assertThat(json.nextEvent()).isInstanceOf(Event.AskName.class);

            assertThat(text.nextLine()).isEqualTo("*** Welcome to chatroom!");
            assertThat(text.nextLine()).isEqualTo("*** Be nice.");
            assertThat(text.nextLine()).isEqualTo(ASK);
        }
    }

    @Test
    void formatTextOnTheJsonPortSwitchesToTextLines() throws Exception {
        try (TestServer server = start();
             TestClient client = TestClient.connect(server.port(1))) {
            client.awaitEvent(Event.AskName.class);

            client.send("/format text");
            assertThat(client.nextLine()).isEqualTo("*** Format: text");
            assertThat(client.nextLine()).isEqualTo(ASK);
            client.send("carol");

            assertThat(client.nextLine()).isEqualTo("*** Hello carol! Type /help for commands.");
            assertThat(client.nextLine()).isEqualTo("*** You are in lobby. 1 here: carol");
        }
    }

    @Test
    void formatJsonOnTheTextPortSwitchesToJsonLines() throws Exception {
        try (TestServer server = start();
             TestClient client = TestClient.connect(server.port(0))) {
            client.awaitLine(ASK);

            client.send("/format json");

            Event answer = client.nextEvent();
            assertThat(answer).isEqualTo(new Event.FormatSet(answer.ts(), Format.JSON));
            assertThat(answer.ts()).isNotNull();
            assertThat(client.nextEvent()).isInstanceOf(Event.AskName.class);
        }
    }

    @Test
    void aJsonUsersOwnMessageComesBackAsAnEchoWithTheIdOthersSee() throws Exception {
        try (TestServer server = start();
             TestClient alice = TestClient.loginJson(server.port(1), "alice");
             TestClient bob = TestClient.loginJson(server.port(1), "bob");
             TestClient carol = TestClient.login(server.port(0), "carol")) {
            alice.awaitEvent(Event.Joined.class, j -> j.name().equals("carol"));
            bob.awaitEvent(Event.Joined.class, j -> j.name().equals("carol"));

            alice.send("hello \"both\" of you");

            Event.Said echo = alice.awaitEvent(Event.Said.class);
            Event.Said toBob = bob.awaitEvent(Event.Said.class);
            assertThat(echo.echo()).isTrue();
            assertThat(toBob.echo()).isFalse();
            assertThat(echo).isEqualTo(new Event.Said(toBob.ts(), toBob.id(), "lobby", "alice",
                    "hello \"both\" of you", true));
            assertThat(carol.awaitLine(l -> l.contains("<alice>"))).endsWith("<alice> hello \"both\" of you");
            // carol's own message: a text user gets no echo, so her next line is the answer to /who.
            carol.send("mine");
            carol.send("/who");
            assertThat(carol.nextLine()).isEqualTo("*** 3 in lobby: alice, bob, carol");
            Event.Said fromCarol = alice.awaitEvent(Event.Said.class);
            assertThat(fromCarol.id()).isEqualTo(toBob.id() + 1);
            assertThat(fromCarol.from()).isEqualTo("carol");
        }
    }

    /**
     * Two senders on each port at once, a reader on each: both readers get every line in one
     * order, whichever wire they read it in; a JSON sender gets the same order with its own
     * lines as echoes in their places; a text sender the same order without its own lines.
     */
    @Test
    void everyoneOnEitherPortSeesTheSameTrafficInTheSameOrder() throws Exception {
        int perSender = 200;
        List<TestClient> clients = new ArrayList<>();
        try (TestServer server = start()) {
            TestClient t0 = add(clients, TestClient.login(server.port(0), "t0"));
            TestClient t1 = add(clients, TestClient.login(server.port(0), "t1"));
            TestClient j0 = add(clients, TestClient.loginJson(server.port(1), "j0"));
            TestClient j1 = add(clients, TestClient.loginJson(server.port(1), "j1"));
            TestClient textReader = add(clients, TestClient.login(server.port(0), "tr"));
            TestClient jsonReader = add(clients, TestClient.loginJson(server.port(1), "jr"));
            for (TestClient c : List.of(t0, t1, textReader)) {
                c.awaitLine("*** jr joined lobby");
            }
            for (TestClient c : List.of(j0, j1)) {
                c.awaitEvent(Event.Joined.class, j -> j.name().equals("jr"));
            }

            List<CompletableFuture<Void>> sending = new ArrayList<>();
            Map<TestClient, String> senders = Map.of(t0, "t0", t1, "t1", j0, "j0", j1, "j1");
            senders.forEach((client, name) -> sending.add(CompletableFuture.runAsync(() -> {
                StringBuilder burst = new StringBuilder();
                for (int n = 0; n < perSender; n++) {
                    burst.append(name).append('#').append(n).append("\r\n");
                }
                try {
                    client.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })));
            CompletableFuture.allOf(sending.toArray(new CompletableFuture[0])).join();

            int total = 4 * perSender;
            List<Line> byText = textLines(textReader, total);
            Map<Line, Long> ids = new HashMap<>();
            List<Line> byJson = jsonLines(jsonReader, total, ids, null);

            for (String name : senders.values()) {
                List<Line> own = byText.stream().filter(l -> l.from().equals(name)).toList();
                List<Line> expected = new ArrayList<>();
                for (int n = 0; n < perSender; n++) {
                    expected.add(new Line(name, name + "#" + n));
                }
                assertThat(own).as("%s's lines, in the order sent", name).isEqualTo(expected);
            }
            assertThat(byJson).as("the JSON reader's order is the text reader's").isEqualTo(byText);
            List<Long> inOrder = byJson.stream().map(ids::get).toList();
            for (int i = 1; i < inOrder.size(); i++) {
                assertThat(inOrder.get(i)).as("ids in the order of the room").isEqualTo(inOrder.get(i - 1) + 1);
            }

            for (TestClient jsonSender : List.of(j0, j1)) {
                Map<Line, Long> seen = new HashMap<>();
                assertThat(jsonLines(jsonSender, total, seen, senders.get(jsonSender)))
                        .as("a JSON sender, own lines as echoes")
                        .isEqualTo(byJson);
                assertThat(seen).as("every id as the reader saw it").isEqualTo(ids);
            }
            for (TestClient textSender : List.of(t0, t1)) {
                String name = senders.get(textSender);
                List<Line> others = byText.stream().filter(l -> !l.from().equals(name)).toList();
                assertThat(textLines(textSender, others.size())).as("a text sender, without its own lines")
                        .isEqualTo(others);
            }
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }

    private static TestClient add(List<TestClient> clients, TestClient client) {
        clients.add(client);
        return client;
    }

    /** The next {@code count} messages a text client reads, parsed with the protocol's TextCodec. */
    private static List<Line> textLines(TestClient client, int count) throws InterruptedException {
        List<Line> lines = new ArrayList<>();
        while (lines.size() < count) {
            if (TextCodec.parse(client.nextLine()) instanceof Event.Said said) {
                lines.add(new Line(said.from(), said.text()));
            }
        }
        return lines;
    }

    /**
     * The next {@code count} messages a JSON client reads, parsed with JsonCodec; their ids go
     * into {@code ids}. The lines of {@code self} (the reader's own name, or null) must come as
     * echoes, and no others.
     */
    private static List<Line> jsonLines(TestClient client, int count, Map<Line, Long> ids, String self)
            throws InterruptedException {
        List<Line> lines = new ArrayList<>();
        while (lines.size() < count) {
            if (client.nextEvent() instanceof Event.Said said) {
                Line line = new Line(said.from(), said.text());
                assertThat(said.echo()).as("echo flag of %s read by %s", line, self)
                        .isEqualTo(said.from().equals(self));
                lines.add(line);
                ids.put(line, said.id());
            }
        }
        return lines;
    }
}
