package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private final LatencyWindows windows = new LatencyWindows(100 * SECOND, 10 * SECOND);

    @Test
    void oneBadWindowIsFoundEvenWhenTheWholeRunLooksFine() {
        for (int s = 0; s < 60; s++) {
            for (int i = 0; i < 10; i++) {
                boolean bad = s >= 20 && s < 30 && i < 2; // 20% of one window: 3% of the run
                windows.record(100 * SECOND + s * SECOND + i * 100 * MS, bad ? 900 * MS : 5 * MS);
            }
        }
        assertThat(windows.total().getValueAtPercentile(50)).isLessThan(6 * MS);
        assertThat(windows.worstWindow()).isEqualTo(2);
        assertThat(windows.worstWindowP99Nanos()).isGreaterThan(899 * MS);
        assertThat(windows.windowP99Nanos()).hasSize(6);
        assertThat(windows.silentWindows()).isZero();
    }

    @Test
    void beforeTheStartIsKeptApartAndAQuietStretchIsCounted() {
        windows.record(95 * SECOND, 3 * SECOND);
        windows.record(101 * SECOND, 2 * MS);
        windows.record(125 * SECOND, 2 * MS);
        assertThat(windows.beforeStart().getTotalCount()).isEqualTo(1);
        assertThat(windows.total().getTotalCount()).isEqualTo(2);
        assertThat(windows.worstWindowP99Nanos()).isLessThan(3 * MS);
        assertThat(windows.silentWindows()).isEqualTo(1);
    }

    @Test
    void nothingRecordedHasNoWorstWindow() {
        assertThat(windows.worstWindow()).isEqualTo(-1);
        assertThat(windows.worstWindowP99Nanos()).isZero();
    }
}
