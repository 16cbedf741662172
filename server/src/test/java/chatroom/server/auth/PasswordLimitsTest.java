package chatroom.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.server.limit.AddressKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordLimitsTest {

    static final long SECOND = 1_000_000_000L;
    static final Duration INTERVAL = Duration.ofSeconds(20);

    private final PasswordLimits limits = new PasswordLimits(5, INTERVAL);
    private final AddressKey here = key("203.0.113.7");
    private final AddressKey there = key("198.51.100.1");
    private long now = 1_000 * SECOND;

    static AddressKey key(String literal) {
        try {
            return AddressKey.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAddressMayStartFiveAttemptsThenOnePerInterval() {
        for (int i = 0; i < 5; i++) {
            assertThat(limits.start(here, "alice", now)).as("attempt %d", i + 1).isZero();
        }
        assertThat(limits.start(here, "alice", now)).isEqualTo(20);
        assertThat(limits.start(there, "alice", now)).as("another address").isZero();

        now += 19 * SECOND + 1;
        assertThat(limits.start(here, "alice", now)).as("rounded up").isEqualTo(1);
        now += SECOND;
        assertThat(limits.start(here, "alice", now)).isZero();
        assertThat(limits.start(here, "alice", now)).isEqualTo(20);
    }

    @Test
    void aRefundedAttemptCostsTheAddressNothing() {
        for (int i = 0; i < 20; i++) {
            assertThat(limits.start(here, "alice", now)).isZero();
            limits.refund(here, now);
        }
    }

    @Test
    void aNameMayFailTenTimesThenOnceInHalfTheAddressIntervalFromAnyAddress() {
        for (int i = 0; i < PasswordLimits.NAME_FAILURES; i++) {
            AddressKey from = key("10.0.0." + (i + 1));
            assertThat(limits.start(from, "alice", now)).isZero();
            limits.failed("alice", now);
        }
        assertThat(limits.start(key("10.0.1.1"), "alice", now)).isEqualTo(INTERVAL.toSeconds() / 2);
        assertThat(limits.start(key("10.0.1.1"), "bob", now)).as("another name").isZero();

        now += INTERVAL.toNanos() / 2;
        assertThat(limits.start(key("10.0.1.2"), "alice", now)).isZero();
    }

    @Test
    void aRefusedAttemptTakesNothing() {
        for (int i = 0; i < PasswordLimits.NAME_FAILURES; i++) {
            limits.failed("alice", now);
        }
        assertThat(limits.start(here, "alice", now)).isPositive();

        for (int i = 0; i < 5; i++) {
            assertThat(limits.start(here, "bob", now)).as("the address still has all its tokens").isZero();
        }
    }

    @Test
    void anAttemptWithoutAnAddressOrANameIsLimitedByWhatItHas() {
        assertThat(limits.start(null, null, now)).isZero();
        for (int i = 0; i < 5; i++) {
            limits.start(here, null, now);
        }
        assertThat(limits.start(here, null, now)).isEqualTo(20);
    }

    @Test
    void fullBucketsAreForgotten() {
        limits.start(here, "alice", now);
        limits.failed("alice", now);
        assertThat(limits.size()).isEqualTo(2);

        now += PasswordLimits.nameInterval(INTERVAL).toNanos();
        limits.start(null, null, now);
        assertThat(limits.size()).as("the name is full again, the address not yet").isEqualTo(1);
        now += INTERVAL.toNanos();
        limits.start(null, null, now);
        assertThat(limits.size()).isZero();
    }

    @Test
    void theTableIsCapped() {
        for (int i = 0; i < PasswordLimits.MAX_ENTRIES + 10; i++) {
            limits.start(new AddressKey(i, false), null, now);
        }
        assertThat(limits.size()).isEqualTo(PasswordLimits.MAX_ENTRIES);
    }

    @Test
    void failuresAreLoggedOnceASecondPerAddressWithTheCountSkipped() {
        assertThat(limits.logDue(here, now)).isZero();
        assertThat(limits.logDue(here, now)).isEqualTo(-1);
        assertThat(limits.logDue(here, now + 1)).isEqualTo(-1);
        assertThat(limits.logDue(there, now)).as("another address").isZero();

        now += SECOND;
        assertThat(limits.logDue(here, now)).isEqualTo(2);
        assertThat(limits.logDue(here, now)).isEqualTo(-1);
    }
}
