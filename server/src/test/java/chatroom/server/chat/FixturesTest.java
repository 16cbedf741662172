package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chatroom.protocol.CommandSpec;
import chatroom.protocol.Event;
import chatroom.protocol.Format;
import chatroom.protocol.TextCodec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The test fixtures must themselves be right, or the chat tests prove nothing. */
class FixturesTest {

    @Nested
    class FakePeerTest {

        private final FakePeer peer = new FakePeer(7);

        private Outbound notice(String text) {
            return new Outbound(new Event.Notice(TestClocks.INSTANT, text));
        }

        @Test
        void rendersEventsAsTheRealTextCodecDoes() {
            Event.Said said = new Event.Said(TestClocks.INSTANT, 3, "lobby", "alice", "héllo", false);
            peer.send(new Outbound(said));
            peer.send(notice("two"));

            assertThat(peer.lines()).containsExactly(
                    new TextCodec(ZoneOffset.UTC).encode(said), "*** two");
            assertThat(peer.lines().get(0)).isEqualTo(TestClocks.STAMP + " <alice> héllo");
        }

        @Test
        void splitsAnEventOfSeveralLinesIntoLines() {
            peer.send(new Outbound(new Event.Help(TestClocks.INSTANT)));

            assertThat(peer.lines()).hasSize(CommandSpec.visible(false).size() + 2).allMatch(l -> l.startsWith("*** "))
                    .noneMatch(l -> l.contains("\r") || l.contains("\n"));
        }

        @Test
        void recordsEveryEventAndItsOutboundEvenWithoutAText() {
            Outbound echo = new Outbound(new Event.Said(TestClocks.INSTANT, 3, "lobby", "me", "mine", true));
            Outbound end = new Outbound(new Event.HistoryEnd(TestClocks.INSTANT, "lobby"));
            Outbound shown = notice("shown");

            peer.send(shown);
            peer.send(echo);
            peer.send(end);

            assertThat(peer.events()).containsExactly(shown.event(), echo.event(), end.event());
            assertThat(peer.lines()).containsExactly("*** shown");
            assertThat(peer.lastShared()).as("the last event with a text form").isSameAs(shown);
        }

        @Test
        void lastSharedIsTheOutboundByIdentity() {
            Outbound first = notice("same");
            Outbound second = notice("same");

            peer.send(first);
            assertThat(peer.lastShared()).isSameAs(first);
            peer.send(second);
            assertThat(peer.lastShared()).isSameAs(second).isNotSameAs(first);
        }

        @Test
        void lastSharedAndLastFailWithNothingToShow() {
            assertThatThrownBy(peer::lastShared).isInstanceOf(AssertionError.class);
            assertThatThrownBy(peer::last).isInstanceOf(AssertionError.class);
            peer.send(new Outbound(new Event.HistoryEnd(TestClocks.INSTANT, "lobby")));
            assertThatThrownBy(peer::lastShared).isInstanceOf(AssertionError.class);
            assertThatThrownBy(peer::last).isInstanceOf(AssertionError.class);
        }

        @Test
        void textOfIsTheTextLineOrNull() {
            assertThat(FakePeer.textOf(notice("x"))).isEqualTo("*** x");
            assertThat(FakePeer.textOf(new Outbound(new Event.HistoryEnd(TestClocks.INSTANT, "r")))).isNull();
        }

        @Test
        void takeReturnsOnlyNewLines() {
            peer.send(notice("1"));
            assertThat(peer.take()).containsExactly("*** 1");
            assertThat(peer.take()).isEmpty();
            peer.send(notice("2"));
            peer.send(notice("3"));
            assertThat(peer.take()).containsExactly("*** 2", "*** 3");
            assertThat(peer.lines()).containsExactly("*** 1", "*** 2", "*** 3");
            assertThat(peer.last()).isEqualTo("*** 3");
        }

        @Test
        void takeEventsReturnsOnlyNewEventsApartFromTake() {
            Outbound end = new Outbound(new Event.HistoryEnd(TestClocks.INSTANT, "lobby"));
            peer.send(notice("1"));
            peer.send(end);
            assertThat(peer.take()).containsExactly("*** 1");

            assertThat(peer.takeEvents()).containsExactly(notice("1").event(), end.event());
            assertThat(peer.takeEvents()).isEmpty();
            peer.send(notice("2"));
            assertThat(peer.takeEvents()).containsExactly(notice("2").event());
            assertThat(peer.take()).containsExactly("*** 2");
        }

        @Test
        void recordsCloseAndEventsAfterIt() {
            peer.send(notice("before"));
            peer.close("bye");
            peer.send(notice("after"));

            assertThat(peer.isClosed()).isTrue();
            assertThat(peer.closeReasons()).containsExactly("bye");
            assertThat(peer.linesAfterClose()).isEqualTo(1);
        }

        @Test
        void recordsTheFormatItWasSwitchedTo() {
            assertThat(peer.format()).isEqualTo(Format.TEXT);
            assertThat(peer.formatCalls()).isEmpty();
            peer.format(Format.JSON);
            peer.format(Format.TEXT);
            assertThat(peer.format()).isEqualTo(Format.TEXT);
            assertThat(peer.formatCalls()).containsExactly(Format.JSON, Format.TEXT);
        }

        @Test
        void recordsEveryOutboundByIdentity() {
            Outbound a = notice("a");
            Outbound end = new Outbound(new Event.HistoryEnd(TestClocks.INSTANT, "lobby"));
            peer.send(a);
            peer.send(end);
            peer.send(a);

            assertThat(peer.outbounds()).hasSize(3);
            assertThat(peer.outbounds().get(0)).isSameAs(a);
            assertThat(peer.outbounds().get(1)).isSameAs(end);
            assertThat(peer.outbounds().get(2)).isSameAs(a);
        }

        @Test
        void theListsItHandsOutAreSnapshots() {
            peer.send(notice("1"));
            List<String> lines = peer.lines();
            List<Event> events = peer.events();
            peer.send(notice("2"));

            assertThat(lines).containsExactly("*** 1");
            assertThat(events).hasSize(1);
            assertThatThrownBy(() -> lines.add("x")).isInstanceOf(UnsupportedOperationException.class);
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

    @Nested
    class ManualClockTest {

        @Test
        void startsAtTheTestInstantAndMovesOnlyWhenAdvanced() {
            ManualClock clock = new ManualClock();

            assertThat(clock.instant()).isEqualTo(TestClocks.INSTANT);
            assertThat(clock.instant()).isEqualTo(TestClocks.INSTANT);
            clock.advance(Duration.ofSeconds(5));
            assertThat(clock.instant()).isEqualTo(TestClocks.INSTANT.plusSeconds(5));
            assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        }

        @Test
        void withATickEveryReadingIsLaterThanTheLast() {
            ManualClock clock = new ManualClock(Duration.ofMillis(1));

            assertThat(clock.peek()).isEqualTo(TestClocks.INSTANT);
            assertThat(clock.instant()).isEqualTo(TestClocks.INSTANT);
            assertThat(clock.instant()).isEqualTo(TestClocks.INSTANT.plusMillis(1));
            assertThat(clock.peek()).isEqualTo(TestClocks.INSTANT.plusMillis(2));
        }
    }

    @Test
    void theFixedClockReads123456InUtc() {
        assertThat(TestClocks.FIXED.instant()).isEqualTo(TestClocks.INSTANT);
        assertThat(TestClocks.FIXED.getZone()).isEqualTo(ZoneOffset.UTC);
        String line = new TextCodec(TestClocks.FIXED.getZone())
                .encode(new Event.Private(TestClocks.FIXED.instant(), "a", "b", "x", false));
        assertThat(line).isEqualTo(TestClocks.STAMP + " *a* x");
    }
}
