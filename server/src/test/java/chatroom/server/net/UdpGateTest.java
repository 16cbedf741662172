package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class UdpGateTest {

    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress at(String address, int port) {
        return new InetSocketAddress(address, port);
    }

    private static int allowed(UdpGate gate, InetSocketAddress source, long now, int tries) {
        int allowed = 0;
        for (int i = 0; i < tries; i++) {
            if (gate.allow(source, now)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void anAddressGetsItsBurstThenItsRate() {
        UdpGate gate = new UdpGate(1, 8, 1_000, 1_000, 42, 0);
        assertThat(allowed(gate, at("192.0.2.1", 1), 0, 100)).isEqualTo(8);
        assertThat(allowed(gate, at("192.0.2.1", 1), SECOND, 100)).isEqualTo(1);
        assertThat(allowed(gate, at("192.0.2.1", 1), 3 * SECOND, 100)).isEqualTo(2);
    }

    @Test
    void everyPortOfAnAddressSharesItsLimit() {
        UdpGate gate = new UdpGate(1, 8, 1_000, 1_000, 42, 0);
        int allowed = 0;
        for (int port = 1; port <= 1_000; port++) {
            allowed += gate.allow(at("192.0.2.1", port), 0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(8);
    }

    @Test
    void anIpv6SlashSixtyFourIsOneAddress() {
        UdpGate gate = new UdpGate(1, 8, 1_000, 1_000, 42, 0);
        int allowed = 0;
        for (int host = 1; host <= 100; host++) {
            allowed += gate.allow(at("2001:db8:0:1::" + Integer.toHexString(host), 5), 0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(8);
    }

    @Test
    void theServerWideRateHoldsOverManyAddresses() {
        UdpGate gate = new UdpGate(1, 8, 100, 50, 42, 0);
        int allowed = 0;
        for (int i = 0; i < 10_000; i++) {
            allowed += gate.allow(at("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 9), 0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(50);
        int later = 0;
        for (int i = 0; i < 10_000; i++) {
            later += gate.allow(at("11." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 9), SECOND) ? 1 : 0;
        }
        assertThat(later).as("a second's worth").isEqualTo(50);
    }

    @Test
    void aRefusedAnswerCostsNothing() {
        UdpGate gate = new UdpGate(1, 1, 1_000, 1, 42, 0);
        assertThat(gate.allow(at("192.0.2.1", 1), 0)).isTrue();
        // The server-wide bucket is empty now: the next address is refused, and its own cell must not pay.
        assertThat(gate.allow(at("192.0.2.2", 1), 0)).isFalse();
        assertThat(gate.allow(at("192.0.2.2", 1), 1_000_000)).as("a millisecond later, its one answer").isTrue();
    }

    @Test
    void aWrongCodeCostsMoreButNeverLocksOutForLongerThanABurst() {
        UdpGate gate = new UdpGate(1, 8, 1_000, 1_000, 42, 0);
        InetSocketAddress guesser = at("192.0.2.9", 1);
        for (int i = 0; i < 1_000; i++) {
            gate.charge(guesser, UdpEndpoint.WRONG_CODE_COST, 0);
        }
        assertThat(gate.allow(guesser, 0)).isFalse();
        assertThat(gate.allow(guesser, 8 * SECOND)).as("a burst's time later").isTrue();
    }

    @Test
    void theTableHasAFixedSizeHoweverManySources() {
        UdpGate gate = new UdpGate(1, 8, 1e9, 1_000_000, 42, 0);
        int allowed = 0;
        for (int i = 0; i < 200_000; i++) {
            allowed += gate.allow(at("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 9), 0) ? 1 : 0;
        }
        // Addresses share cells, so at most a burst per cell is allowed, however many addresses come.
        assertThat(allowed).isLessThanOrEqualTo(UdpGate.CELLS * 8);
    }
}
