package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.protocol.TextCodec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13 over real sockets: an operator kicks, bans by name and by address (with a duration
 * that runs out), mutes and unmutes. Users are JSON clients, so what they get is read as the
 * protocol's events; a refused connection is read as the text line {@link TextCodec} makes of
 * {@link Problem#BANNED}. Absence is shown by order: a line sent after the one that must not
 * arrive comes first.
 */
@Timeout(60)
class OperatorsOverSocketTest {

    private static final TextCodec TEXT = new TextCodec(ZoneOffset.UTC);
    private static final String JSON = "/format json";
    /** What a connection from an address banned until lifted reads. */
    private static final String REFUSED = TEXT.encode(Problem.BANNED.event(Instant.EPOCH, ""));

    private static TestServer start() throws IOException {
        return TestServer.start(TestAccounts.withOperator(TestServer.config(), TestAccounts.RULES));
    }

    /** {@code name} logged in as a JSON client on {@code client}. */
    private static TestClient join(TestClient client, String name) throws IOException {
        return TestClient.loginJson(client, name, JSON);
    }

    private static TestClient join(TestServer server, String name) throws IOException {
        return join(TestClient.connect(server.port()), name);
    }

    /** {@code name} logged in from the loopback address {@code address}. */
    private static TestClient joinFrom(TestServer server, String address, String name) throws IOException {
        return join(TestClient.connectFrom(address, server.port()), name);
    }

    /** A user from {@code address} gets in and is served. */
    private static void admittedFrom(TestServer server, String address) throws Exception {
        try (TestClient visitor = joinFrom(server, address, "visitor")) {
            visitor.send("/ping");
            visitor.awaitEvent(Event.Pong.class);
        }
    }

    /** {@code client} hears its own ban, and then nothing but the close. */
    private static Event.Banned bannedAndClosed(TestClient client) throws InterruptedException {
        Event.Banned echo = client.awaitEvent(Event.Banned.class);
        assertThat(echo.echo()).isTrue();
        assertThat(client.awaitEof()).isEmpty();
        return echo;
    }

    /** The test operator, logged in and made operator. */
    private static TestClient operator(TestServer server) throws IOException {
        TestClient alice = join(server, TestAccounts.OPERATOR);
        alice.send("/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD);
        assertThat(alice.awaitEvent(Event.Oper.class).up()).isTrue();
        return alice;
    }

    /** The events {@code client} gets until {@code last} matches, that one included. */
    private static List<Event> eventsUntil(TestClient client, java.util.function.Predicate<Event> last)
            throws InterruptedException {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = client.nextEvent();
            events.add(event);
            if (last.test(event)) {
                return events;
            }
        }
    }

    private static boolean said(Event event, String from, String text) {
        return event instanceof Event.Said said && said.from().equals(from) && said.text().equals(text);
    }

    /** What a connection from {@code address} reads before the server closes it: the refusal, for a banned one. */
    private static List<String> refusedFrom(TestServer server, String address) throws Exception {
        try (TestClient client = TestClient.connectFrom(address, server.port())) {
            return client.awaitEof();
        }
    }

    /** A fresh server with the operator alice and the users bob and carol in its lobby. */
    private record Lobby(TestServer server, TestClient alice, TestClient bob, TestClient carol) implements AutoCloseable {

        static Lobby open() throws IOException {
            return open("127.0.0.1");
        }

        /** The same with bob connected from {@code bobsAddress}. */
        static Lobby open(String bobsAddress) throws IOException {
            TestServer server = start();
            return new Lobby(server, operator(server), joinFrom(server, bobsAddress, "bob"), join(server, "carol"));
        }

        @Override
        public void close() throws Exception {
            for (TestClient client : List.of(alice, bob, carol)) {
                client.close();
            }
            server.close();
        }
    }

    @Test
    void aKickedUserIsToldAndDisconnectedAndTheRoomSeesTheKickInsteadOfALeave() throws Exception {
        try (Lobby lobby = Lobby.open()) {
            lobby.alice().send("/kick bob spam");
            Event.Kicked echo = lobby.bob().awaitEvent(Event.Kicked.class);
            assertThat(echo.echo()).isTrue();
            assertThat(echo.by()).isEqualTo("alice");
            assertThat(echo.reason()).isEqualTo("spam");
            assertThat(lobby.bob().awaitEof()).as("nothing after the kick but the close").isEmpty();

            lobby.alice().send("after the kick");
            List<Event> seen = eventsUntil(lobby.carol(), e -> said(e, "alice", "after the kick"));
            Event.Kicked kicked = (Event.Kicked) seen.stream().filter(Event.Kicked.class::isInstance).findFirst()
                    .orElseThrow();
            assertThat(kicked).isEqualTo(new Event.Kicked(kicked.ts(), "lobby", "bob", "alice", "spam", false));
            assertThat(seen).noneMatch(e -> e instanceof Event.Left left && left.name().equals("bob"));
        }
    }

    @Test
    void aUserIsNotAnOperatorAndAWrongPasswordMakesNoOne() throws Exception {
        try (TestServer server = start();
             TestClient bob = join(server, "bob");
             TestClient carol = join(server, "carol")) {
            bob.send("/kick carol");
            bob.awaitError(Problem.NOT_OPERATOR, "/kick");
            bob.send("/oper alice wrong-password-1");
            bob.awaitError(Problem.OPER_FAILED);
            bob.send("/oper nobody " + TestAccounts.OPER_PASSWORD);
            bob.awaitError(Problem.OPER_FAILED);
        }
    }

    @Test
    void aNameBanKeepsTheNameOutUntilLifted() throws Exception {
        try (TestServer server = start(); TestClient alice = operator(server)) {
            alice.send("/ban bob");
            Event.Banned done = alice.awaitEvent(Event.Banned.class);
            assertThat(done.room()).isNull();
            assertThat(done.target()).isEqualTo("bob");

            try (TestClient bob = TestClient.connect(server.port())) {
                bob.send(JSON);
                bob.awaitEvent(Event.AskName.class);
                bob.send("bob");
                bob.awaitError(Problem.NAME_BANNED, "bob");
                bob.awaitEvent(Event.AskName.class);

                alice.send("/unban bob");
                assertThat(alice.awaitEvent(Event.Unbanned.class).target()).isEqualTo("bob");
                bob.send("bob");
                bob.awaitEvent(Event.Entered.class);
            }
        }
    }

    @Test
    void banningAnOnlineUserByNameClosesThemAndKeepsTheirAddressOut() throws Exception {
        try (Lobby lobby = Lobby.open("127.0.0.3")) {
            lobby.alice().send("/ban bob 1h flooding");
            assertThat(bannedAndClosed(lobby.bob()).reason()).isEqualTo("flooding");
            assertThat(lobby.alice().awaitEvent(Event.Banned.class, b -> b.room() != null).target()).startsWith("bob");
            assertThat(refusedFrom(lobby.server(), "127.0.0.3")).singleElement().asString()
                    .startsWith(REFUSED + " until ");
        }
    }

    @Test
    void anAddressBanClosesWhoIsOnItAndRefusesItsNewConnectionsOnly() throws Exception {
        try (Lobby lobby = Lobby.open("127.0.0.2")) {
            lobby.alice().send("/ban 127.0.0.2");
            bannedAndClosed(lobby.bob());
            Event.Banned done = lobby.alice().awaitEvent(Event.Banned.class, b -> b.room() == null);
            assertThat(done.target()).isEqualTo("127.0.0.2");
            assertThat(done.closed()).isEqualTo(1);

            assertThat(refusedFrom(lobby.server(), "127.0.0.2")).containsExactly(REFUSED);
            admittedFrom(lobby.server(), "127.0.0.4");

            lobby.alice().send("/ban 127.0.0.0/8");
            lobby.alice().awaitError(Problem.BAN_SELF);
            lobby.alice().send("/ban 127.0.2.0/24");
            lobby.alice().awaitEvent(Event.Banned.class, b -> "127.0.2.0/24".equals(b.target()));
            assertThat(refusedFrom(lobby.server(), "127.0.2.9")).containsExactly(REFUSED);

            lobby.alice().send("/unban 127.0.0.2");
            lobby.alice().awaitEvent(Event.Unbanned.class);
            admittedFrom(lobby.server(), "127.0.0.2");
        }
    }

    @Test
    void aBanWithADurationRunsOut() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-02T08:00:00Z"));
        try (TestServer server = TestServer.start(TestAccounts.withOperator(TestServer.config(), TestAccounts.RULES), clock);
             TestClient alice = operator(server)) {
            alice.send("/ban 127.0.0.2 10m");
            assertThat(alice.awaitEvent(Event.Banned.class).until()).isEqualTo(Instant.parse("2026-12-02T08:10:00Z"));
            assertThat(refusedFrom(server, "127.0.0.2"))
                    .containsExactly(TEXT.encode(Problem.BANNED.event(Instant.EPOCH, " until 2026-12-02 08:10 UTC")));

            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            admittedFrom(server, "127.0.0.2");
            alice.send("/bans");
            assertThat(alice.awaitEvent(Event.Bans.class).bans()).isEmpty();
        }
    }

    @Test
    void aMutedUsersLinesGoNowhereUntilUnmuted() throws Exception {
        try (Lobby lobby = Lobby.open()) {
            lobby.alice().send("/mute bob 5m");
            Event.Muted seen = lobby.carol().awaitEvent(Event.Muted.class);
            assertThat(seen.name()).isEqualTo("bob");
            assertThat(seen.by()).isEqualTo("alice");
            assertThat(seen.echo()).isFalse();
            assertThat(lobby.bob().awaitEvent(Event.Muted.class).echo()).isTrue();

            lobby.bob().send("muted words");
            lobby.bob().awaitError(Problem.MUTED);
            lobby.alice().send("the canary");
            assertThat(eventsUntil(lobby.carol(), e -> said(e, "alice", "the canary")))
                    .noneMatch(e -> said(e, "bob", "muted words"));

            lobby.bob().send("more muted words");
            lobby.bob().send("/ping");
            assertThat(eventsUntil(lobby.bob(), Event.Pong.class::isInstance)).as("the muted notice at most every 30 s")
                    .noneMatch(e -> e instanceof Event.Error error && error.code().equals(Problem.MUTED.code()));

            lobby.alice().send("/unmute bob");
            assertThat(lobby.carol().awaitEvent(Event.Unmuted.class).name()).isEqualTo("bob");
            lobby.bob().send("free again");
            assertThat(eventsUntil(lobby.carol(), e -> e instanceof Event.Said)).last().matches(e -> said(e, "bob", "free again"));
        }
    }
}
