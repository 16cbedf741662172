package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the kernel's and the server's UDP counters, from text as /proc/net/snmp and /metrics give it. */
class KernelUdpTest {

    @Test
    void readsTheUdpLinesOfSnmpAndNotUdpLite() {
        String snmp = """
                Tcp: RtoAlgorithm RtoMin
                Tcp: 1 200
                Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors
                Udp: 14392 4 7 14402 7 0
                UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors
                UdpLite: 1 1 1 1 1 1
                """;

        Map<String, Long> udp = KernelUdp.parseSnmp(snmp);

        assertThat(udp).containsEntry("InDatagrams", 14392L).containsEntry("RcvbufErrors", 7L)
                .containsEntry("SndbufErrors", 0L).hasSize(6);
    }

    @Test
    void takesTheServersUdpCountersWithTheirLabels() {
        String page = """
                # HELP chatroom_udp_output_drops_total Events not sent to UDP users.
                # TYPE chatroom_udp_output_drops_total counter
                chatroom_udp_output_drops_total 12
                chatroom_connections{transport="udp"} 3
                chatroom_connections_opened_total{transport="udp"} 40
                chatroom_deliveries_total 99
                chatroom_loop_busy_seconds_total 3.135392598
                """;

        assertThat(KernelUdp.parseMetrics(page)).containsOnly(
                Map.entry("chatroom_udp_output_drops_total", 12L));
    }

    @Test
    void theDifferenceIsTakenCounterByCounter() {
        assertThat(KernelUdp.delta(Map.of("a", 5L, "b", 1L), Map.of("a", 8L, "c", 2L)))
                .containsOnly(Map.entry("a", 3L), Map.entry("c", 2L));
    }
}
