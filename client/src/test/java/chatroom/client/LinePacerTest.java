package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacer on a clock that only its pauses move. */
class LinePacerTest {

    private static final long SECOND = 1_000_000_000L;

    private long now = 123 * SECOND;
    private final List<Long> pauses = new ArrayList<>();
    private final LinePacer pacer = new LinePacer(4, 3, () -> now, nanos -> {
        pauses.add(nanos);
        now += nanos;
    });

    @Test
    void aBurstGoesAtOnceThenOneLineAtEachInterval() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(pacer.nanosToWait()).isZero();
            pacer.take();
        }
        assertThat(pauses).isEmpty();
        assertThat(pacer.nanosToWait()).isEqualTo(SECOND / 4);
        pacer.take();
        pacer.take();
        assertThat(pauses).containsExactly(SECOND / 4, SECOND / 4);
    }

    @Test
    void aQuietSpellRefillsTheBurstAndNoMore() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            pacer.take();
        }
        pauses.clear();
        now += 60 * SECOND;
        for (int i = 0; i < 4; i++) {
            pacer.take();
        }
        assertThat(pauses).containsExactly(SECOND / 4);
    }

    @Test
    void timeThatPassedCountsTowardsTheWait() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            pacer.take();
        }
        now += SECOND / 10;
        assertThat(pacer.nanosToWait()).isEqualTo(SECOND / 4 - SECOND / 10);
    }
}
