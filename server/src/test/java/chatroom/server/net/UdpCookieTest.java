package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chatroom.protocol.Udp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UdpCookieTest {

    private static final long SLOT = UdpCookie.SLOT.toNanos();
    private static final InetSocketAddress CAROL = new InetSocketAddress("192.0.2.7", 40_000);

    private final UdpCookie cookie = new UdpCookie(new byte[32], UdpCookie.SLOT);

    @Test
    void aCodeIsGoodInItsSlotAndTheNextThenNoMore() {
        long made = 5 * SLOT + 1;
        long code = cookie.code(CAROL, made);
        assertThat(cookie.valid(CAROL, code, made)).isTrue();
        assertThat(cookie.valid(CAROL, code, 6 * SLOT - 1)).isTrue();
        assertThat(cookie.valid(CAROL, code, 6 * SLOT)).as("the next slot").isTrue();
        assertThat(cookie.valid(CAROL, code, 7 * SLOT - 1)).isTrue();
        assertThat(cookie.valid(CAROL, code, 7 * SLOT)).as("two slots on").isFalse();
        assertThat(cookie.valid(CAROL, code, 4 * SLOT)).as("before it was made").isFalse();
    }

    @Test
    void aCodeIsBoundToTheAddressAndThePort() {
        long code = cookie.code(CAROL, 0);
        assertThat(cookie.valid(new InetSocketAddress("192.0.2.7", 40_001), code, 0)).isFalse();
        assertThat(cookie.valid(new InetSocketAddress("192.0.2.8", 40_000), code, 0)).isFalse();
        assertThat(cookie.valid(new InetSocketAddress("::ffff:192.0.2.8", 40_000), code, 0)).isFalse();
        assertThat(cookie.valid(new InetSocketAddress("2001:db8::7", 40_000), code, 0)).isFalse();
    }

    @Test
    void codesAreInRangeAndSpreadOut() {
        Set<Long> codes = new HashSet<>();
        for (int port = 1; port <= 2_000; port++) {
            long code = cookie.code(new InetSocketAddress("192.0.2.7", port), 0);
            assertThat(code).isBetween(0L, Udp.CODES - 1);
            codes.add(code);
        }
        assertThat(codes).as("2,000 of 10^8: a repeat would be a fluke or a bug").hasSize(2_000);
    }

    @Test
    void aStayCodeIsNeverTheJoinCodeAndDiffersPerSessionAndAsk() {
        long join = cookie.code(CAROL, 0);
        Set<Long> codes = new HashSet<>(Set.of(join));
        for (long session = 1; session <= 20; session++) {
            for (long ask = 1; ask <= 20; ask++) {
                assertThat(codes.add(cookie.stayCode(CAROL, session, ask))).as("session %d ask %d", session, ask).isTrue();
            }
        }
        assertThat(cookie.stayCode(CAROL, 1, 1)).isEqualTo(cookie.stayCode(CAROL, 1, 1))
                .isNotEqualTo(cookie.stayCode(new InetSocketAddress("192.0.2.7", 40_001), 1, 1));
    }

    @Test
    void anotherKeyGivesOtherCodes() {
        byte[] key = new byte[32];
        key[0] = 1;
        UdpCookie other = new UdpCookie(key, UdpCookie.SLOT);
        assertThat(other.code(CAROL, 0)).isNotEqualTo(cookie.code(CAROL, 0));
        assertThat(other.valid(CAROL, cookie.code(CAROL, 0), 0)).isFalse();
    }

    @Test
    void negativeTimesAndNoCodeAreHandled() {
        long now = -3 * SLOT - 5; // nanoTime may be negative
        assertThat(cookie.valid(CAROL, cookie.code(CAROL, now), now)).isTrue();
        assertThat(cookie.valid(CAROL, -1, now)).isFalse();
    }

    @Test
    void theSlotIsWhatItIsConfiguredToBe() {
        UdpCookie fast = new UdpCookie(new byte[32], Duration.ofSeconds(1));
        long code = fast.code(CAROL, 0);
        assertThat(fast.valid(CAROL, code, 1_999_999_999L)).isTrue();
        assertThat(fast.valid(CAROL, code, 2_000_000_000L)).isFalse();
    }
}
