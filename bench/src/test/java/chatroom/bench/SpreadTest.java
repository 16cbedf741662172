package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(Spread.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Spread.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }

    @Test
    void aCellIsTheMedianAndTheRangeOrTheOneValue() {
        assertThat(Spread.format(List.of(3.0, 1.0, 2.0), v -> String.format("%.0f", v))).isEqualTo("2 [1–3]");
        assertThat(Spread.format(List.of(7.0), v -> String.format("%.0f", v))).isEqualTo("7");
        assertThat(Spread.format(List.of(), v -> "x")).isEqualTo("—");
    }
}
