package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerProcessTest {

    /** The head of a real /proc/stat from a 2-CPU machine. */
    private static final String PROC_STAT = """
            cpu  7862830 56441 1472649 5444624 18457 0 415154 281608 0 0
            cpu0 3928800 30011 734557 2743348 3900 7 196697 138800 0 0
            cpu1 3934030 26430 738091 2701275 14556 0 218457 142807 0 0
            intr 1234567 0 9 0
            ctxt 987654321
            """;

    @Test
    void aCpusInterruptTicksAreItsIrqPlusSoftirqColumns() {
        assertThat(ServerProcess.interruptTicks(PROC_STAT, 0)).isEqualTo(7 + 196697);
        assertThat(ServerProcess.interruptTicks(PROC_STAT, 1)).isEqualTo(218457);
    }

    @Test
    void aCpuTheMachineDoesNotHaveIsAnError() {
        // "cpu1" must not match the line of cpu10 or more, nor "cpu  " the total.
        assertThatThrownBy(() -> ServerProcess.interruptTicks(PROC_STAT, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usedHeapAddsUpTheGenerations() {
        String heapInfo = """
                 def new generation   total 29504K, used 1234K [0x00000000c0000000, 0x00000000c2000000)
                 tenured generation   total 65536K, used 766K [0x00000000c2000000, 0x00000000c6000000)
                 Metaspace       used 12000K, committed 12288K, reserved 1114112K
                """;
        assertThat(ServerProcess.usedHeapKiB(heapInfo)).isEqualTo(2000);
    }
}
