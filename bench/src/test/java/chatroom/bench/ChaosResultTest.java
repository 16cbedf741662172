package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosResultTest {

    private static final long MS = 1_000_000L;
    private static final ChaosResult.Bounds BOUNDS = new ChaosResult.Bounds(1000 * MS, 100 * MS, 64 * 1024);
    private static final ChaosResult.Integrity CLEAN_LINES =
            new ChaosResult.Integrity(6, 397, 11_000, 850_000, 0, 0, 0, 0, 0, 0, 0);
    private static final ChaosResult.Health HEALTHY = new ChaosResult.Health(0, 0, 0, 0, 0, 0, 3_000_000);
    private static final Latency CANARY = new Latency(500, 6_000, 60_000, 90_000, 95_000);
    private static final ChaosResult.CanaryWindows WINDOWS =
            new ChaosResult.CanaryWindows(10, 60 * MS, 2, 0, new long[] {40 * MS, 50 * MS, 60 * MS});
    private static final ChaosResult.Memory MEMORY = new ChaosResult.Memory(120 * 1024, 140 * 1024, 100 * 1024, true);

    @Test
    void aCleanRunHasNoFailures() {
        ChaosResult result = result(CLEAN_LINES, HEALTHY, CANARY, WINDOWS, MEMORY);
        assertThat(result.failures()).isEmpty();
        assertThat(result.toText()).contains("verdict: CLEAN");
    }

    @Test
    void everyBrokenInvariantIsNamed() {
        ChaosResult.Integrity lines = new ChaosResult.Integrity(6, 397, 11_000, 850_000, 3, 0, 1, 2, 0, 0, 4);
        ChaosResult.Health health = new ChaosResult.Health(1, 2, 1, 1, 1, 5, 3_000_000);
        ChaosResult result = result(lines, health, CANARY,
                new ChaosResult.CanaryWindows(10, 1500 * MS, 1, 1, new long[] {50 * MS, 1500 * MS, 0, 40 * MS}),
                new ChaosResult.Memory(120 * 1024, 300 * 1024, 200 * 1024, true));
        assertThat(String.join("\n", result.failures()))
                .contains("3 checked lines lost", "1 checked lines duplicated", "2 checked lines out of order",
                        "4 checked lines under the wrong name", "1 well-behaved users cut off",
                        "2 connections that could not get in", "1 connections refused by a limit",
                        "1 JSON lines from the server that do not parse", "1 text lines from the server of no known",
                        "5 errors sent to well-behaved users", "canary p99 1500.0 ms in seconds 20-30",
                        "1 stretches of 10 s in which the canary heard nothing", "RSS at the end");
        assertThat(result.failures()).hasSize(13);
    }

    @Test
    void aSoakThatCheckedNothingOrHeardNoCanaryFails() {
        ChaosResult.Integrity nothing = new ChaosResult.Integrity(1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        ChaosResult result = result(nothing, HEALTHY, new Latency(0, 0, 0, 0, 0),
                new ChaosResult.CanaryWindows(10, 0, -1, 0, new long[0]), MEMORY);
        assertThat(result.failures()).containsExactly("no checked line was delivered: the soak checked nothing",
                "the canary heard nothing");
    }

    @Test
    void memoryIsOnlyJudgedWhenMeasuredAndAtTheBound() {
        assertThat(result(CLEAN_LINES, HEALTHY, CANARY, WINDOWS, null).failures()).isEmpty();
        ChaosResult.Memory atBound = new ChaosResult.Memory(100 * 1024, 200 * 1024, 164 * 1024, false);
        assertThat(result(CLEAN_LINES, HEALTHY, CANARY, WINDOWS, atBound).failures()).isEmpty();
        ChaosResult.Memory over = new ChaosResult.Memory(100 * 1024, 200 * 1024, 164 * 1024 + 1, false);
        assertThat(result(CLEAN_LINES, HEALTHY, CANARY, WINDOWS, over).failures()).hasSize(1);
    }

    private static ChaosResult result(ChaosResult.Integrity lines, ChaosResult.Health health, Latency canary,
                                      ChaosResult.CanaryWindows windows, ChaosResult.Memory memory) {
        return new ChaosResult(12, 1000, 60, 10,
                List.of(new ChaosResult.KindLine(ChaosKind.TALKER, 186, 186, 0, 0)), Map.of("too_long", 900L),
                lines, health, canary, canary, windows, canary, memory,
                new ChaosResult.Load(45, 1500 * MS, 3 * MS, 20 * MS, 50), BOUNDS, List.of());
    }
}
