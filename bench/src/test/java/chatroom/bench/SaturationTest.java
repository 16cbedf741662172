package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaturationTest {

    private static final Saturation.Side BUSY_REDIS = new Saturation.Side("Redis", 97, 70);

    @Test
    void twoBusyServersFedByAnIdleGeneratorMakeAValidRatio() {
        assertThat(Saturation.flag(new Saturation.Side("chatroom", 90, 89.9), BUSY_REDIS)).isEmpty();
    }

    @Test
    void aServerBelowNinetyPercentMakesTheRatioInvalid() {
        assertThat(Saturation.flag(new Saturation.Side("chatroom", 89.96, 50), BUSY_REDIS))
                .isEqualTo("peer not saturated (chatroom 89.9%); ratio not valid");
        assertThat(Saturation.flag(new Saturation.Side("chatroom", 95, 50), new Saturation.Side("Redis", 60, 50)))
                .isEqualTo("peer not saturated (Redis 60.0%); ratio not valid");
    }

    @Test
    void aBusyGeneratorIsNamedAsWhatSetThePace() {
        assertThat(Saturation.flag(new Saturation.Side("chatroom", 70, 96), BUSY_REDIS))
                .isEqualTo("peer not saturated (chatroom 70.0%); ratio not valid; generator set the pace "
                        + "(chatroom's run 96%)");
    }

    @Test
    void anUnmeasuredServerIsNotSaturated() {
        assertThat(Saturation.flag(new Saturation.Side("Netty", Double.NaN, 50), BUSY_REDIS))
                .isEqualTo("peer not saturated (Netty unmeasured); ratio not valid");
    }

    @Test
    void atAFixedRateOnlyABusyGeneratorIsNamed() {
        assertThat(Saturation.generatorFlag(new Saturation.Side("chatroom", 70, 89.9), BUSY_REDIS)).isEmpty();
        assertThat(Saturation.generatorFlag(new Saturation.Side("chatroom", 70, 97), new Saturation.Side("Redis", 60, 99)))
                .isEqualTo("generator busy (chatroom's run 97%, Redis's run 99%): its own queueing is in the latency");
    }
}
