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
    void timeSpentWritingIsNotTheInputsAndStretchesTheNextTurn() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        now += 40;
        turn.wrote(200); // the flush: 200 ns of writing, which moves the deadline
        now += 200;
        assertThat(turn.exhausted()).as("40 of the turn's 50 ns are the input's").isFalse();
        now += 10;
        assertThat(turn.exhausted()).isTrue();

        turn.reset(); // the last turn wrote for four turns' time: this one may act for as long
        assertThat(turn.stretch()).isEqualTo(4);
        assertThat(turn.perConnection()).as("a sixteenth of four turns").isEqualTo(25);
        assertThat(turn.share()).isEqualTo(25);
        turn.spend(399);
        now += 199;
        assertThat(turn.exhausted()).as("four turns' units and time").isFalse();
        turn.spend(1);
        assertThat(turn.exhausted()).isTrue();

        turn.reset(); // this one wrote nothing: back to one turn's worth
        assertThat(turn.stretch()).isEqualTo(1);
        turn.spend(100);
        assertThat(turn.exhausted()).isTrue();
    }

    @Test
    void aStretchEndsOnceTheLinesReadForBigRoomsAddUpToItsBytes() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        turn.wrote(400);
        turn.reset(); // stretched to eight turns
        assertThat(turn.stretch()).isEqualTo(8);
        turn.spend(100);
        turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 2, TurnBudget.STRETCH_BYTES - 1);
        assertThat(turn.exhausted()).as("its own budget spent, the stretch not").isFalse();
        turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 2, 1);
        assertThat(turn.exhausted()).as("every big room's reader has a write's worth").isTrue();

        turn.wrote(400);
        turn.reset();
        turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 2, TurnBudget.STRETCH_BYTES);
        assertThat(turn.exhausted()).as("the turn's own budget stands whatever the stretch").isFalse();
        turn.spend(100);
        assertThat(turn.exhausted()).isTrue();
    }

    @Test
    void aShortLineToABigRoomCountsAsTheShortestLineAgainstAStretch() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        turn.wrote(400);
        turn.reset();
        turn.spend(100);
        int lines = TurnBudget.STRETCH_BYTES / TurnBudget.SHORTEST_LINE_BYTES;
        for (int i = 1; i < lines; i++) {
            turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 2, 1); // one character to a room of 65
        }
        assertThat(turn.exhausted()).as("%d one-character lines", lines - 1).isFalse();
        turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 2, 1);
        assertThat(turn.exhausted()).as("%d: as many as of the shortest line", lines).isTrue();
    }

    @Test
    void linesToSmallRoomsDoNotEndAStretch() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        turn.wrote(400);
        turn.reset();
        turn.spend(100);
        for (int i = 0; i < 100; i++) {
            turn.lineRead(TurnBudget.CHEAP_AUDIENCE + 1, TurnBudget.STRETCH_BYTES); // a line to a room of 64
        }
        assertThat(turn.exhausted()).isFalse();
        now += 50 * 8 - 1;
        assertThat(turn.exhausted()).isFalse();
        now += 1;
        assertThat(turn.exhausted()).as("eight turns' time").isTrue();
    }

    @Test
    void aStretchHasABound() {
        TurnBudget turn = new TurnBudget(100, 50, () -> now);
        turn.wrote(50 * 1_000); // a stall of a thousand turns' time
        turn.reset();
        assertThat(turn.stretch()).isEqualTo(TurnBudget.MAX_STRETCH);
    }

    @Test
    void aBudgetOfUnitsAloneIsNeverStretched() {
        TurnBudget turn = new TurnBudget(100);
        turn.wrote(Long.MAX_VALUE / 2);
        turn.reset();
        assertThat(turn.stretch()).isEqualTo(1);
    }

    @Test
    void aDeliveryCostsOneAndOneMorePer256Bytes() {
        assertThat(TurnBudget.deliveryCost(0)).isEqualTo(1);
        assertThat(TurnBudget.deliveryCost(255)).isEqualTo(1);
        assertThat(TurnBudget.deliveryCost(256)).isEqualTo(2);
        assertThat(TurnBudget.deliveryCost(4096)).isEqualTo(17);
    }
}
