package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparesTest {

    @Test
    void theLastGivenIsTakenFirst() {
        Spares<String> spares = new Spares<>(4);
        spares.give("old");
        spares.give("new");
        assertThat(spares.take()).isEqualTo("new");
        assertThat(spares.take()).isEqualTo("old");
        assertThat(spares.take()).isNull();
    }

    @Test
    void noMoreThanTheBoundIsKept() {
        Spares<Integer> spares = new Spares<>(40);
        for (int i = 0; i < 100; i++) {
            spares.give(i);
        }
        assertThat(spares.count()).isEqualTo(40);
    }

    @Test
    void aTrimLetsGoOfWhatWasNotTakenSinceTheTrimBefore() {
        Spares<Integer> spares = new Spares<>(1000);
        for (int i = 0; i < 100; i++) {
            spares.give(i);
        }
        spares.trim(); // the first period: none was ever taken below zero held, so nothing was unused
        assertThat(spares.count()).isEqualTo(100);

        // Steady use of 30 at a time: 70 are never taken in this period.
        for (int round = 0; round < 5; round++) {
            Integer[] taken = new Integer[30];
            for (int i = 0; i < taken.length; i++) {
                taken[i] = spares.take();
            }
            for (Integer t : taken) {
                spares.give(t);
            }
        }
        assertThat(spares.trim()).isEqualTo(70);
        assertThat(spares.count()).isEqualTo(30);

        // The next period uses all 30: none goes.
        Integer[] taken = new Integer[30];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = spares.take();
        }
        for (Integer t : taken) {
            spares.give(t);
        }
        assertThat(spares.trim()).isZero();
        assertThat(spares.count()).isEqualTo(30);

        // A quiet period: all go.
        assertThat(spares.trim()).isEqualTo(30);
        assertThat(spares.count()).isZero();
        assertThat(spares.take()).isNull();
    }

    @Test
    void theWarmestStayWhenTheOldestAreTrimmed() {
        Spares<String> spares = new Spares<>(10);
        spares.give("a");
        spares.give("b");
        spares.give("c");
        spares.trim();
        spares.take(); // c
        spares.give("c");
        assertThat(spares.trim()).as("a and b were never taken").isEqualTo(2);
        assertThat(spares.take()).isEqualTo("c");
    }
}
