package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {

    @Test
    void theSameSeedDrawsTheSameCast() {
        assertThat(ChaosPlan.draw(42, 500, 0.3).users()).isEqualTo(ChaosPlan.draw(42, 500, 0.3).users());
        assertThat(ChaosPlan.draw(42, 500, 0.3).users()).isNotEqualTo(ChaosPlan.draw(43, 500, 0.3).users());
    }

    @Test
    void everyKindAppearsWhenThereAreEnoughUsers() {
        ChaosPlan plan = ChaosPlan.draw(7, 3 * ChaosKind.drawn().length, 0.3);
        for (ChaosKind kind : ChaosKind.drawn()) {
            assertThat(plan.count(kind)).as(kind.name()).isPositive();
        }
        assertThat(plan.count(ChaosKind.CANARY)).isZero();
    }

    @Test
    void sharesFollowTheWeights() {
        int clients = 20_000;
        ChaosPlan plan = ChaosPlan.draw(1, clients, 0.3);
        Map<ChaosKind, Integer> counts = new EnumMap<>(ChaosKind.class);
        plan.users().forEach(u -> counts.merge(u.kind(), 1, Integer::sum));
        for (ChaosKind kind : ChaosKind.drawn()) {
            double expected = (double) clients * kind.weight() / ChaosKind.totalWeight();
            assertThat((double) counts.get(kind)).as(kind.name()).isBetween(expected * 0.85, expected * 1.15);
        }
        long json = plan.users().stream().filter(ChaosPlan.User::json).count();
        assertThat((double) json / clients).isBetween(0.27, 0.33);
    }

    @Test
    void aTinyCastStillHasATalkerAndAReader() {
        for (long seed = 0; seed < 50; seed++) {
            ChaosPlan plan = ChaosPlan.draw(seed, 2, 0.5);
            assertThat(plan.count(ChaosKind.TALKER)).isPositive();
            assertThat(plan.count(ChaosKind.READER)).isPositive();
        }
        assertThatThrownBy(() -> ChaosPlan.draw(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkedUsersLiveInTheCheckedRoomsAndTheOthersAlsoInTheLobby() {
        ChaosPlan plan = ChaosPlan.draw(5, 1000, 0.3);
        long checked = plan.users().stream().filter(u -> u.kind().checked()).count();
        assertThat(plan.checkedRooms()).hasSize((int) Math.round((double) checked / ChaosPlan.CHECKED_PER_ROOM));
        for (ChaosPlan.User user : plan.users()) {
            if (user.kind().checked()) {
                assertThat(plan.checkedRooms()).contains(user.home());
            } else if (user.kind() == ChaosKind.DEAF) {
                assertThat(user.home()).isEqualTo(ChaosPlan.DEAF_ROOM);
            } else if (!user.home().equals(ChaosPlan.LOBBY)) {
                assertThat(plan.checkedRooms()).contains(user.home());
            }
        }
        assertThat(plan.users()).anyMatch(u -> !u.kind().checked() && u.home().equals(ChaosPlan.LOBBY));
    }
}
