package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            kept += spares.give(i) ? 1 : 0;
        }
        assertThat(spares.count()).isEqualTo(40);
        assertThat(kept).isEqualTo(40);
    }

    /** What the output pools let go of is freed at once, not when a collection comes (hostile round 1). */
    @Test
    void blocksTheOutputPoolsLetGoOfAreFreedAtOnce() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        OutputPools pools = new OutputPools(8, 64);
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            taken.add(pools.takeBlock(OutputPools.BLOCK_BYTES));
        }
        long before = direct.getMemoryUsed();
        taken.forEach(pools::giveBlock); // 64 kept, 136 over the bound
        long afterGive = direct.getMemoryUsed();
        assertThat(before - afterGive).as("the 136 the pool did not keep")
                .isGreaterThanOrEqualTo(136L * OutputPools.BLOCK_BYTES);
        pools.trim();
        pools.trim(); // none taken since the first: all 64 go
        assertThat(pools.spareBytes()).isZero();
        assertThat(afterGive - direct.getMemoryUsed()).as("the 64 spares")
                .isGreaterThanOrEqualTo(64L * OutputPools.BLOCK_BYTES);
    }

    @Test
    void aTrimLetsGoOfWhatWasNotTakenSinceTheTrimBefore() {
        Spares<Integer> spares = new Spares<>(1000);
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            spares.give(i);
        }
        spares.trim(dropped::add); // the first period: it began with none held, so none stayed unused
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
        assertThat(spares.trim(dropped::add)).isEqualTo(70);
        assertThat(spares.count()).isEqualTo(30);
        assertThat(dropped).as("the oldest 70, each handed over to be freed").hasSize(70)
                .allMatch(i -> i < 70);

        // The next period uses all 30: none goes.
        Integer[] taken = new Integer[30];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = spares.take();
        }
        for (Integer t : taken) {
            spares.give(t);
        }
        assertThat(spares.trim(dropped::add)).isZero();
        assertThat(spares.count()).isEqualTo(30);

        // A quiet period: all go.
        assertThat(spares.trim(dropped::add)).isEqualTo(30);
        assertThat(spares.count()).isZero();
        assertThat(spares.take()).isNull();
    }

    @Test
    void theWarmestStayWhenTheOldestAreTrimmed() {
        Spares<String> spares = new Spares<>(10);
        spares.give("a");
        spares.give("b");
        spares.give("c");
        List<String> dropped = new ArrayList<>();
        spares.trim(dropped::add);
        spares.take(); // c
        spares.give("c");
        assertThat(spares.trim(dropped::add)).as("a and b were never taken").isEqualTo(2);
        assertThat(dropped).containsExactly("a", "b");
        assertThat(spares.take()).isEqualTo("c");
    }
}
