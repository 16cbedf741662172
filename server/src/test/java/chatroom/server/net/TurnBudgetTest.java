package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnBudgetTest {

    private long now = 1_000;

    @Test
    void aTurnEndsWhenItsUnitsAreSpent() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        turn.spend(99);
        assertThat(turn.exhausted()).isFalse();
        turn.spend(1);
        assertThat(turn.exhausted()).isTrue();
        turn.reset();
        assertThat(turn.exhausted()).isFalse();
    }

    @Test
    void aTurnEndsWhenItsTimeIsUpWhateverTheUnitsSay() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        now += 49;
        assertThat(turn.exhausted()).isFalse();
        now += 1;
        assertThat(turn.exhausted()).as("no unit spent, but 50 ns gone").isTrue();
        turn.reset();
        assertThat(turn.exhausted()).as("a new turn, a new deadline").isFalse();
    }

    @Test
    void theShareIsTheTurnOverThoseWhoWantedOneLastTurnAtMostASixteenth() {
        TurnBudget turn = new TurnBudget(1_600);
        assertThat(turn.share()).as("before anyone wanted: a sixteenth").isEqualTo(100);
        for (int i = 1; i < 40; i++) {
            turn.share();
        }
        turn.reset(); // 40 wanted a share
        assertThat(turn.share()).isEqualTo(40);
        turn.reset(); // 1 wanted
        assertThat(turn.share()).isEqualTo(100);
    }

    @Test
    void aDeliveryCostsOneAndOneMorePer256Bytes() {
        assertThat(TurnBudget.deliveryCost(0)).isEqualTo(1);
        assertThat(TurnBudget.deliveryCost(255)).isEqualTo(1);
        assertThat(TurnBudget.deliveryCost(256)).isEqualTo(2);
        assertThat(TurnBudget.deliveryCost(4096)).isEqualTo(17);
    }
}
