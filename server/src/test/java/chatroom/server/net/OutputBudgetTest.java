package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputBudgetTest {

    @Test
    void overOnlyPastTheLimitAndShedsToATenthBelow() {
        OutputBudget budget = new OutputBudget(1000);
        budget.add(1000);
        assertThat(budget.over()).isFalse();
        budget.add(1);
        assertThat(budget.over()).isTrue();
        assertThat(budget.target()).isEqualTo(900);
        budget.release(101);
        assertThat(budget.total()).isEqualTo(900);
        assertThat(budget.over()).isFalse();
    }

    @Test
    void aConfiguredLimitIsTakenAsIs() {
        assertThat(OutputBudget.limitFor(12345)).isEqualTo(12345);
    }

    @Test
    void aDerivedLimitIsAtMostHalfTheHeap() {
        assertThat(OutputBudget.limitFor(0)).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 2);
    }

    @Test
    void readsTheJvmsSizeSyntax() {
        assertThat(OutputBudget.parseSize("256m", -1)).isEqualTo(256L << 20);
        assertThat(OutputBudget.parseSize("1G", -1)).isEqualTo(1L << 30);
        assertThat(OutputBudget.parseSize("64k", -1)).isEqualTo(64L << 10);
        assertThat(OutputBudget.parseSize("1048576", -1)).isEqualTo(1048576);
        assertThat(OutputBudget.parseSize("lots", -1)).isEqualTo(-1);
        assertThat(OutputBudget.parseSize("0", -1)).isEqualTo(-1);
        assertThat(OutputBudget.parseSize("99999999999t", -1)).isEqualTo(-1);
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new OutputBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
