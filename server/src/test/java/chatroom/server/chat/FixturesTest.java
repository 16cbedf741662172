package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The test fixtures must themselves be right, or the chat tests prove nothing. */
class FixturesTest {

    @Nested
    class FakePeerTest {

        private final FakePeer peer = new FakePeer(7);

        @Test
        void decodesLinesWithoutTheirCrLf() {
            peer.send(new LineEncoder().encode("héllo"));
            peer.send(ByteBuffer.wrap("two\r\n".getBytes(StandardCharsets.UTF_8)));

            assertThat(peer.lines()).containsExactly("héllo", "two");
        }

        @Test
        void leavesTheSharedBufferAsItWas() {
            ByteBuffer shared = ByteBuffer.wrap("xxshared\r\nyy".getBytes(StandardCharsets.UTF_8));
            shared.position(2).limit(10);

            peer.send(shared);
            peer.send(shared);

            assertThat(shared.position()).isEqualTo(2);
            assertThat(shared.limit()).isEqualTo(10);
            assertThat(peer.lines()).containsExactly("shared", "shared");
            assertThat(peer.buffers()).allSatisfy(b -> assertThat(b).isSameAs(shared));
        }

        @Test
        void rejectsALineWithoutCrLf() {
            assertThatThrownBy(() -> peer.send(ByteBuffer.wrap("no end".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> peer.send(ByteBuffer.wrap("lf only\n".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> peer.send(ByteBuffer.allocate(0))).isInstanceOf(AssertionError.class);
        }

        @Test
        void rejectsTwoLinesInOneBuffer() {
            assertThatThrownBy(() -> peer.send(ByteBuffer.wrap("a\r\nb\r\n".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(AssertionError.class);
        }

        @Test
        void takeReturnsOnlyNewLines() {
            LineEncoder encoder = new LineEncoder();
            peer.send(encoder.encode("1"));
            assertThat(peer.take()).containsExactly("1");
            assertThat(peer.take()).isEmpty();
            peer.send(encoder.encode("2"));
            peer.send(encoder.encode("3"));
            assertThat(peer.take()).containsExactly("2", "3");
            assertThat(peer.lines()).containsExactly("1", "2", "3");
        }

        @Test
        void recordsCloseAndLinesAfterIt() {
            LineEncoder encoder = new LineEncoder();
            peer.send(encoder.encode("before"));
            peer.close("bye");
            peer.send(encoder.encode("after"));

            assertThat(peer.isClosed()).isTrue();
            assertThat(peer.closeReasons()).containsExactly("bye");
            assertThat(peer.linesAfterClose()).isEqualTo(1);
        }
    }

    @Nested
    class ManualSchedulerTest {

        private final ManualScheduler scheduler = new ManualScheduler();
        private final List<String> ran = new ArrayList<>();

        @Test
        void runsNothingUntilDue() {
            scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("a"));

            scheduler.advance(Duration.ofMillis(1999));
            assertThat(ran).isEmpty();
            assertThat(scheduler.pending()).isEqualTo(1);

            scheduler.advance(Duration.ofMillis(1));
            assertThat(ran).containsExactly("a");
            assertThat(scheduler.pending()).isZero();
        }

        @Test
        void runsDueTasksInTimeOrderThenSchedulingOrder() {
            scheduler.schedule(Duration.ofSeconds(3), () -> ran.add("3s"));
            scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("1s first"));
            scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("2s"));
            scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("1s second"));

            scheduler.advance(Duration.ofSeconds(10));

            assertThat(ran).containsExactly("1s first", "1s second", "2s", "3s");
        }

        @Test
        void aTaskSeesTheTimeItWasDue() {
            List<Duration> seen = new ArrayList<>();
            scheduler.schedule(Duration.ofSeconds(1), () -> seen.add(scheduler.now()));

            scheduler.advance(Duration.ofSeconds(5));

            assertThat(seen).containsExactly(Duration.ofSeconds(1));
            assertThat(scheduler.now()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void tasksScheduledByTasksRunIfDueInTheSameAdvance() {
            scheduler.schedule(Duration.ofSeconds(1), () -> {
                ran.add("first");
                scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("second"));
                scheduler.schedule(Duration.ofSeconds(5), () -> ran.add("later"));
            });

            scheduler.advance(Duration.ofSeconds(2));

            assertThat(ran).containsExactly("first", "second");
            assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(4));
        }

        @Test
        void cancelledTasksDoNotRun() {
            Scheduler.Timer timer = scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
            scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("kept"));

            timer.cancel();
            timer.cancel();
            scheduler.advance(Duration.ofSeconds(1));

            assertThat(ran).containsExactly("kept");
            assertThat(scheduler.ran()).isEqualTo(1);
        }

        @Test
        void aTaskCanCancelALaterOne() {
            Scheduler.Timer[] later = new Scheduler.Timer[1];
            scheduler.schedule(Duration.ofSeconds(1), () -> later[0].cancel());
            later[0] = scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("later"));

            scheduler.advance(Duration.ofSeconds(3));

            assertThat(ran).isEmpty();
        }

        @Test
        void cancellingAfterItRanDoesNothing() {
            Scheduler.Timer timer = scheduler.schedule(Duration.ZERO, () -> ran.add("now"));
            scheduler.advance(Duration.ZERO);

            timer.cancel();

            assertThat(ran).containsExactly("now");
            assertThat(scheduler.pending()).isZero();
        }

        @Test
        void timeCannotGoBack() {
            assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theFixedClockReads123456() {
        assertThat(new TimeStamps(TestClocks.FIXED).now()).isEqualTo("12:34:56");
        assertThat(TestClocks.STAMP).isEqualTo("[12:34:56]");
    }
}
