package chatroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void eachUnit() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("365d")).isEqualTo(Durations.MAX);
    }

    /** A word that is no duration starts the reason: none of these may read as one. */
    @ParameterizedTest
    @ValueSource(strings = {"", "m", "10", "0m", "10x", "-5m", "1.5h", "spam", "366d", "53w", "1234567m", "10 m", "ten"})
    void whatIsNoDuration(String word) {
        assertThat(Durations.parse(word)).isNull();
    }

    @Test
    void describedInTheLargestUnitThatFitsRoundedUp() {
        assertThat(Durations.describe(Duration.ofSeconds(45))).isEqualTo("for 45 s");
        assertThat(Durations.describe(Duration.ofMillis(1))).isEqualTo("for 1 s");
        assertThat(Durations.describe(Duration.ofMinutes(10))).isEqualTo("for 10 min");
        assertThat(Durations.describe(Duration.ofSeconds(61))).isEqualTo("for 2 min");
        assertThat(Durations.describe(Duration.ofHours(2))).isEqualTo("for 2 h");
        assertThat(Durations.describe(Duration.ofHours(47))).isEqualTo("for 47 h");
        assertThat(Durations.describe(Duration.ofDays(7))).isEqualTo("for 7 days");
        // A hostile or broken server's ban until the year 1,000,000,000: more milliseconds than a long holds.
        assertThat(Durations.describe(Duration.between(Instant.EPOCH, Instant.MAX))).isEqualTo("for 365241780838 days");
        assertThat(Durations.describe(Duration.ofSeconds(-90))).isEqualTo("for 1 s");
    }

    @Test
    void aShownDurationIsNeverShorterThanTheRealOne() {
        for (long seconds = 1; seconds < 4 * 86400; seconds += 997) {
            String shown = Durations.describe(Duration.ofSeconds(seconds));
            String[] words = shown.split(" ");
            long amount = Long.parseLong(words[1]);
            long unit = switch (words[2]) {
                case "s" -> 1;
                case "min" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            assertThat(amount * unit).as(shown).isGreaterThanOrEqualTo(seconds);
        }
    }
}
