package chatroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromOneSecondToThirty() {
        Backoff top = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.999_999_999);
        assertThat(seconds(top, 8)).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfEachDelay() {
        Backoff bottom = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.0);
        assertThat(bottom.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(bottom.next()).isEqualTo(Duration.ofSeconds(1));
        Backoff middle = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.5);
        assertThat(middle.next()).isEqualTo(Duration.ofMillis(750));
        assertThat(middle.next()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aLongLivedConnectionStartsTheDelaysAgain() {
        Backoff backoff = new Backoff(Backoff.FIRST, Backoff.MAX, () -> 0.999_999_999);
        seconds(backoff, 4);
        backoff.connectionLasted(Duration.ofSeconds(29));
        assertThat(seconds(backoff, 1)).containsExactly(16L);
        backoff.connectionLasted(Duration.ofSeconds(30));
        assertThat(seconds(backoff, 2)).containsExactly(1L, 2L);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Backoff.MAX, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Backoff.MAX, Backoff.FIRST, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whole seconds, rounded up: with the top random value each delay is just under its nominal. */
    private static List<Long> seconds(Backoff backoff, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((backoff.next().toMillis() + 999) / 1000);
        }
        return out;
    }
}
