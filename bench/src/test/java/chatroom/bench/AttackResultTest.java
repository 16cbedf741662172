package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttackResultTest {

    private static final long[] WINDOWS = {2_000_000, 120_400_000, 0};
    private static final Latency CANARY_LATENCY = new Latency(400, 1_500, 35_000, 90_000, 120_400);
    private static final AttackCanary.Result ALL_DELIVERED =
            new AttackCanary.Result(400, 400, 0, CANARY_LATENCY, WINDOWS, true, List.of());

    @Test
    void aServerThatRunsAndDeliversEveryCanaryLineSurvived() {
        AttackResult result = result(ALL_DELIVERED, true);
        assertThat(result.failures()).isEmpty();
        assertThat(result.toText()).contains("verdict: SURVIVED", "4,120 of the 9,980 that got in",
                "400 lines sent, 400 received, 0 lost; latency ms p50 1.5, p99 35.0, max 120.4",
                "peak RSS 812.5 MiB; CPU 50% of a core",
                "canary p99 ms per 10 s from the first connect (0: nothing arrived): 2, 120, 0");
        assertThat(result.summary()).isEqualTo("summary kind=stalled-readers connections=10000 in=9980 cut_off=4120 "
                + "canary_sent=400 canary_lost=0 canary_p50_ms=1.5 canary_p99_ms=35.0 canary_max_ms=120.4 "
                + "peak_rss_mib=813 alive=yes server_cpu_pct=50 verdict=survived");
    }

    @Test
    void aDeadServerOrALostCanaryLineFails() {
        AttackCanary.Result lost = new AttackCanary.Result(400, 310, 90, CANARY_LATENCY, WINDOWS, false,
                List.of("cut off"));
        AttackResult result = result(lost, false);
        assertThat(result.failures()).containsExactly("the server process was not running at the end",
                "90 of 400 canary lines lost");
        assertThat(result.toText()).contains("NOT running at the end", "FAILED: 90 of 400", "canary: cut off");
        assertThat(result.summary()).endsWith("alive=no server_cpu_pct=50 verdict=failed");
    }

    @Test
    void withoutAPidTheCanaryTellsWhetherTheServerSurvived() {
        AttackResult unwatched = new AttackResult(AttackKind.BURST, 9_800, 9_800, 0, 10, 30, ALL_DELIVERED, null, -1,
                false, -1, 20_000_000, List.of());
        assertThat(unwatched.clean()).isTrue();
        assertThat(unwatched.summary()).contains("peak_rss_mib=? alive=? server_cpu_pct=?");
        AttackCanary.Result cutOff = new AttackCanary.Result(400, 400, 0, CANARY_LATENCY, WINDOWS, false, List.of());
        assertThat(new AttackResult(AttackKind.BURST, 9_800, 9_800, 0, 10, 30, cutOff, null, -1, false, -1, 0,
                List.of()).failures()).containsExactly("the canary was cut off (no server pid to check the process)");
    }

    private static AttackResult result(AttackCanary.Result canary, boolean alive) {
        return new AttackResult(AttackKind.STALLED_READERS, 10_000, 9_980, 4_120, 10, 30, canary, alive, 832_000,
                true, 20, 45_000_000, List.of());
    }
}
