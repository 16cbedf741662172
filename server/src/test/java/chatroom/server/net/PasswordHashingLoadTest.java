package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: password hashing does not block the loop. Fifty logins ask for a password check at
 * once, and every check is parked on real helper threads ({@link ParkedHashing}) until the test
 * lets them go; meanwhile the canary's lines are delivered, twenty of them, while not one check
 * has been answered. No clock is read: that the loop served the canary while every hash was
 * outstanding is what is shown (delivery is asserted, never a time). Then all fifty are answered.
 */
@Timeout(60)
class PasswordHashingLoadTest {

    private static final int LOGINS = 50;
    private static final String PASSWORD = "load-Test-pw-1";

    @Test
    void fiftyParkedPasswordChecksLeaveTheLoopServingTheCanary() throws Exception {
        String[] names = new String[LOGINS];
        for (int i = 0; i < LOGINS; i++) {
            names[i] = "user" + i;
        }
        ServerConfig config = TestAccounts.with(TestServer.config(), TestAccounts.RULES, TestAccounts.operator(),
                null, List.of(), TestAccounts.registered(PASSWORD, names));
        List<TestClient> clients = new ArrayList<>();
        try (ParkedHashing hashing = ParkedHashing.parked();
             TestServer server = TestServer.start(config, Clock.systemUTC(), hashing::on);
             Canary canary = Canary.in(server)) {
            try {
                for (String name : names) {
                    TestClient client = TestClient.connect(server.port());
                    clients.add(client);
                    client.send("/format json");
                    client.send("/identify " + name + " " + PASSWORD);
                }
                assertThat(hashing.awaitAsked(LOGINS)).as("all fifty checks asked for").isTrue();

                for (int i = 0; i < 20; i++) {
                    canary.chirp("while hashing " + i);
                }
                assertThat(hashing.answered()).as("not one check answered while the canary sang").isZero();

                hashing.release();
                for (int i = 0; i < LOGINS; i++) {
                    assertThat(clients.get(i).awaitEvent(Event.Identified.class).name()).isEqualTo(names[i]);
                }
                canary.chirp("after");
            } finally {
                for (TestClient client : clients) {
                    client.close();
                }
            }
        }
    }
}
