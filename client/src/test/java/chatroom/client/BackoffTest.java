package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromHalfASecondToThirty() {
        Backoff top = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.999_999_999);
        assertThat(millis(top, 9)).containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L,
                30_000L, 30_000L);
    }

    @Test
    void theFirstRetryAfterADropIsUnderASecond() {
        Backoff backoff = Backoff.standard();
        assertThat(backoff.next()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfEachDelay() {
        Backoff bottom = new Backoff(Duration.ofSeconds(1), Backoff.MAX, () -> 0.0);
        assertThat(bottom.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(bottom.next()).isEqualTo(Duration.ofSeconds(1));
        Backoff middle = new Backoff(Duration.ofSeconds(1), Backoff.MAX, () -> 0.5);
        assertThat(middle.next()).isEqualTo(Duration.ofMillis(750));
        assertThat(middle.next()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void beingBackInTheRoomStartsTheDelaysAgain() {
        Backoff backoff = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.999_999_999);
        millis(backoff, 6);
        backoff.reset();
        assertThat(millis(backoff, 2)).containsExactly(500L, 1_000L);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Backoff.MAX, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Backoff.MAX, Backoff.FIRST, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whole milliseconds, rounded up: with the top random value each delay is just under its nominal. */
    private static List<Long> millis(Backoff backoff, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((backoff.next().toNanos() + 999_999) / 1_000_000);
        }
        return out;
    }
}
