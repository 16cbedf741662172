package chatroom.bench.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static RunResult run(String format, String fsync, double appendsPerSec, double openMs) {
        return new RunResult(format, fsync, 1000, 10, appendsPerSec, 2.5, 0, 101.5, 3, openMs, 40, 0.04, 0.2, 12.5, 1.5,
                96.8, 1.25);
    }

    @Test
    void aLineReadsBackAsTheResultItWasWrittenFrom() {
        RunResult result = run("log", "everysec", 123_456, 7.5);
        assertThat(RunResult.fromTsv(result.toTsv())).isEqualTo(result);
        assertThat(result.toTsv().split("\t")).hasSameSizeAs(RunResult.HEADER.split("\t"));
    }

    @Test
    void aLineOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> RunResult.fromTsv("log\talways\t1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunResult.fromTsv(RunResult.HEADER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachFormatAndPolicyIsOneRowOfMedianAndRange() {
        String table = ResultTable.markdown(List.of(run("log", "always", 300, 9), run("sqlite", "always", 50, 20),
                run("log", "always", 100, 7), run("log", "always", 200, 8)));
        assertThat(table).contains("| log | always | 3 | 200 (100–300) |", "| sqlite | always | 1 | 50 |",
                "| log | always | 3 | 8.0 (7.0–9.0) |");
        assertThat(table.indexOf("| log | always")).isLessThan(table.indexOf("| sqlite | always"));
    }

    @Test
    void percentilesAreNearestRankAndTheMedianOfAnEvenCountIsTheMeanOfTheMiddle() {
        double[] values = {5, 1, 4, 2, 3};
        assertThat(Percentiles.median(values)).isEqualTo(3);
        assertThat(Percentiles.of(values, 50)).isEqualTo(3);
        assertThat(Percentiles.of(values, 99)).isEqualTo(5);
        assertThat(Percentiles.of(values, 1)).isEqualTo(1);
        assertThat(Percentiles.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(values).containsExactly(5, 1, 4, 2, 3);
    }

    @Test
    void theWorkloadSpreadsValidMessagesOverItsRoomsTheSameWayEveryTime() throws InterruptedException {
        Workload workload = new Workload(2_000, 10, 14);
        List<String> first = new java.util.ArrayList<>();
        long[] lastId = new long[10];
        workload.feed(java.time.Instant.EPOCH, message -> {
            first.add(message.room() + message.id() + message.from());
            assertThat(message.text()).hasSize(Workload.TEXT_BYTES);
            assertThat(chatroom.protocol.Names.isValid(message.from())).isTrue();
            int room = workload.rooms.indexOf(message.room());
            assertThat(message.id()).isEqualTo(lastId[room] + 1);
            lastId[room] = message.id();
        });
        List<String> second = new java.util.ArrayList<>();
        workload.feed(java.time.Instant.EPOCH, message -> second.add(message.room() + message.id() + message.from()));
        assertThat(second).isEqualTo(first);
        assertThat(workload.rooms).hasSize(10).startsWith("lobby");
        assertThat(java.util.Arrays.stream(lastId).min().orElseThrow()).isGreaterThan(100);
    }
}
