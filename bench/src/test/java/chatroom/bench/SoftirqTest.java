package chatroom.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoftirqTest {

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
        assertThat(Softirq.interruptTicks(PROC_STAT, 0)).isEqualTo(7 + 196697);
        assertThat(Softirq.interruptTicks(PROC_STAT, 1)).isEqualTo(218457);
    }

    @Test
    void aCpuTheMachineDoesNotHaveIsAnError() {
        // "cpu1" must not match the line of cpu10 or more, nor "cpu  " the total.
        assertThatThrownBy(() -> Softirq.interruptTicks(PROC_STAT, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKernelConfigSaysWhetherInterruptTimeIsKeptApartFromTasks() {
        assertThat(Softirq.accounting("CONFIG_TICK_CPU_ACCOUNTING=y\nCONFIG_IRQ_TIME_ACCOUNTING=y\n"))
                .isEqualTo(Softirq.Accounting.SEPARATE);
        assertThat(Softirq.accounting("CONFIG_TICK_CPU_ACCOUNTING=y\n# CONFIG_IRQ_TIME_ACCOUNTING is not set\n"
                + "CONFIG_HAVE_IRQ_TIME_ACCOUNTING=y\n")).isEqualTo(Softirq.Accounting.IN_TASK);
    }

    @Test
    void aProcessesCpuTicksAreUtimePlusStimeWhateverItsName() {
        String stat = "4242 (ksoftirqd/1 x) S 2 0 0 0 -1 69238880 0 0 0 0 17 5388 0 0 20 0 1 0 4 0 0 0";
        assertThat(ServerProcess.cpuTicks(stat)).isEqualTo(17 + 5388);
    }
}
