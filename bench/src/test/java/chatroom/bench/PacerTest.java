package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void rateSharesTheScheduleRoundRobinAndKeepsWhatIsOwed() {
        RatePacer pacer = new RatePacer(1_000, 2);
        pacer.start(0);
        // At t=0 the first message is due; by 10 ms, eleven.
        pacer.advance(0);
        assertThat(pacer.allowance(0)).isEqualTo(1);
        assertThat(pacer.allowance(1)).isZero();
        long wait = pacer.advance(10_000_000);
        assertThat(pacer.allowance(0) + pacer.allowance(1)).isEqualTo(11);
        assertThat(pacer.allowance(0)).isEqualTo(6);
        assertThat(wait).isEqualTo(1_000_000);
        pacer.sent(0);
        assertThat(pacer.backlog()).isEqualTo(10);
    }

    @Test
    void windowReleasesMoreAsTheObserverCatchesUp() {
        WindowPacer pacer = new WindowPacer(3, 2);
        pacer.start(0);
        assertThat(pacer.advance(123)).isEqualTo(Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            pacer.sent(1);
        }
        assertThat(pacer.allowance(1)).isZero();
        assertThat(pacer.allowance(0)).isEqualTo(3);
        pacer.observed(1, 2);
        assertThat(pacer.allowance(1)).isEqualTo(2);
        pacer.observed(1, 1);
        assertThat(pacer.allowance(1)).isEqualTo(2);
    }

    @Test
    void aWindowThatStaysFullWithoutProgressForTheWriteOffTimeIsWrittenOff() {
        WindowPacer pacer = new WindowPacer(2, 2, 100);
        pacer.start(0);
        pacer.sent(0);
        pacer.advance(500);
        pacer.sent(0); // full from t=500: the write-off counts from there, not from the start
        pacer.advance(500);
        pacer.advance(599);
        assertThat(pacer.allowance(0)).isZero();
        pacer.advance(600);
        assertThat(pacer.allowance(0)).isEqualTo(2);
        assertThat(pacer.writtenOff()).isEqualTo(2);
        assertThat(pacer.describe()).contains("2 unconfirmed messages written off");

        pacer.sent(0);
        pacer.sent(0);
        pacer.advance(650);
        pacer.observed(0, 3); // progress restarts the clock
        pacer.advance(700);
        pacer.sent(0);
        pacer.advance(799);
        assertThat(pacer.allowance(0)).isZero();
        assertThat(pacer.writtenOff()).isEqualTo(2);
        assertThat(pacer.allowance(1)).isEqualTo(2);
    }

    @Test
    void withoutAWriteOffTimeAFullWindowWaitsForever() {
        WindowPacer pacer = new WindowPacer(1, 1);
        pacer.start(0);
        pacer.sent(0);
        pacer.advance(Long.MAX_VALUE / 2);
        assertThat(pacer.allowance(0)).isZero();
        assertThat(pacer.describe()).isEqualTo("window 1");
    }
}
