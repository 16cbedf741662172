package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import chatroom.protocol.Problem;
import chatroom.server.chat.AccountRules;
import chatroom.server.chat.ChatSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 over real sockets: a registered name is not handed out without its password,
 * {@code /identify} takes it back from a ghost, wrong passwords are rate-limited per address,
 * and passwords are refused on a connection that is not encrypted. JSON clients; what they get
 * is read as the protocol's events. Hashing is the real {@code PasswordHash} on helper threads
 * that count what they were asked ({@link ParkedHashing}, open), so "no hash was made" is seen.
 */
@Timeout(60)
class RegisteredNamesOverSocketTest {

    private static final String JSON = "/format json";
    private static final String PASSWORD = "alice-Names-pw9";

    private static final TestTls TLS = TestTls.shared();

    @TempDir
    Path data;

    private TestServer start(AccountRules rules, ParkedHashing hashing) throws IOException {
        return start(TestServer.config(), rules, hashing);
    }

    private TestServer start(ServerConfig config, AccountRules rules, ParkedHashing hashing) throws IOException {
        return TestServer.start(TestAccounts.with(config, rules, TestAccounts.operator(), data, List.of(),
                TestAccounts.registered(PASSWORD, "alice")), Clock.systemUTC(), hashing::on);
    }

    /** Connected and in JSON, at the name question. */
    private static TestClient asked(TestClient client) throws IOException {
        client.send(JSON);
        client.awaitEvent(Event.AskName.class);
        return client;
    }

    @Test
    void aRegisteredNameNeedsItsPasswordAndAWrongOneAsksForAnotherName() throws Exception {
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(TestAccounts.RULES, hashing);
             TestClient mallory = asked(TestClient.connect(server.port()))) {
            mallory.send("alice");
            Event.PasswordNeeded needed = mallory.awaitEvent(Event.PasswordNeeded.class);
            assertThat(needed.name()).isEqualTo("alice");
            assertThat(needed.inUse()).isFalse();
            mallory.send("/identify wrong-password-1");
            mallory.awaitError(Problem.PASSWORD_WRONG, "alice");
            mallory.awaitEvent(Event.AskName.class);

            mallory.send("alice");
            mallory.awaitEvent(Event.PasswordNeeded.class);
            mallory.send("/identify " + PASSWORD);
            assertThat(mallory.awaitEvent(Event.Identified.class).name()).isEqualTo("alice");
            assertThat(mallory.awaitEvent(Event.Entered.class).names()).contains("alice");
        }
    }

    @Test
    void registeringANameAndComingBackWithItsPassword() throws Exception {
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(TestAccounts.RULES, hashing)) {
            try (TestClient bob = TestClient.loginJson(server.port(), "bob", JSON)) {
                bob.send("/register bob-Names-pw42");
                Event.Registered registered = bob.awaitEvent(Event.Registered.class);
                assertThat(registered.name()).isEqualTo("bob");
                assertThat(registered.removed()).isFalse();
            }
            try (TestClient again = asked(TestClient.connect(server.port()))) {
                again.send("/identify bob bob-Names-pw42");
                assertThat(again.awaitEvent(Event.Identified.class).name()).isEqualTo("bob");
                again.awaitEvent(Event.Entered.class);
            }
        }
    }

    @Test
    void identifyReplacesAGhostAndTheRoomSeesItLeaveReplaced() throws Exception {
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(TestAccounts.RULES, hashing);
             TestClient ghost = asked(TestClient.connect(server.port()));
             TestClient carol = TestClient.loginJson(server.port(), "carol", JSON)) {
            ghost.send("/identify alice " + PASSWORD);
            ghost.awaitEvent(Event.Entered.class);
            carol.awaitEvent(Event.Joined.class, j -> j.name().equals("alice"));

            try (TestClient back = asked(TestClient.connect(server.port()))) {
                back.send("alice");
                assertThat(back.awaitEvent(Event.PasswordNeeded.class).inUse()).isTrue();
                back.send("/identify " + PASSWORD);
                assertThat(ghost.awaitEvent(Event.Replaced.class).address()).contains("127.0.0.1");
                ghost.awaitEof();
                Event.Left left = carol.awaitEvent(Event.Left.class, l -> l.name().equals("alice"));
                assertThat(left.reason()).isEqualTo("replaced by a new login");
                back.awaitEvent(Event.Identified.class);
                back.awaitEvent(Event.Entered.class);
            }
        }
    }

    @Test
    void aNamePendingItsPasswordTimesOutOnceThenTheLoginDoes() throws Exception {
        ServerConfig config = TestServer.config().withChat(new ChatSettings(20, 100, Duration.ofSeconds(1), List.of()));
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(config, TestAccounts.RULES, hashing);
             TestClient squatter = asked(TestClient.connect(server.port()))) {
            squatter.send("alice");
            squatter.awaitEvent(Event.PasswordNeeded.class);
            squatter.awaitError(Problem.IDENTIFY_TIMEOUT, "alice");
            squatter.awaitEvent(Event.AskName.class);
            squatter.awaitEof();
        }
    }

    @Test
    void wrongPasswordsFromOneAddressAreRefusedWithoutAHashAndAnotherAddressStillTries() throws Exception {
        AccountRules fiveAtOnce = new AccountRules(AccountRules.DEFAULT_RESERVED, true, 0, 100_000, 5,
                Duration.ofSeconds(20));
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(fiveAtOnce, hashing);
             TestClient guesser = asked(TestClient.connect(server.port()))) {
            for (int i = 0; i < 5; i++) {
                guesser.send("/identify alice wrong-guess-" + i);
                guesser.awaitError(Problem.PASSWORD_WRONG);
            }
            guesser.send("/identify alice wrong-guess-5");
            guesser.awaitError(Problem.PASSWORD_TOO_FAST);
            assertThat(hashing.requests()).as("the sixth was refused before any hashing").isEqualTo(5);

            try (TestClient other = asked(TestClient.connectFrom("127.0.0.2", server.port()))) {
                other.send("/identify alice wrong-guess-6");
                other.awaitError(Problem.PASSWORD_WRONG);
            }
        }
    }

    @Test
    void passwordsAreRefusedInPlainTextAndTakenOverTls() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        ServerConfig config = TestServer.config().withListeners(List.of(Listener.text(any), Listener.tls(any, TLS.server)));
        try (ParkedHashing hashing = ParkedHashing.unparked();
             TestServer server = start(config, AccountRules.DEFAULTS, hashing);
             TestClient plain = TestClient.loginJson(server.port(0), "bob", JSON)) {
            plain.send("/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD);
            plain.awaitError(Problem.PLAINTEXT_PASSWORD, " (port " + server.port(1) + ")");
            plain.send("/identify alice " + PASSWORD);
            plain.awaitError(Problem.PLAINTEXT_PASSWORD);
            assertThat(hashing.requests()).as("no hash for a password sent in clear").isZero();

            SSLSocket socket = (SSLSocket) TLS.client.getSocketFactory().createSocket("127.0.0.1", server.port(1));
            socket.startHandshake();
            try (TestClient secure = TestClient.loginJson(TestClient.over(socket), "carol", JSON)) {
                secure.send("/oper " + TestAccounts.OPERATOR + " " + TestAccounts.OPER_PASSWORD);
                assertThat(secure.awaitEvent(Event.Oper.class).up()).isTrue();
            }
        }
    }
}
