package chatroom.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import chatroom.server.chat.Scheduler.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimersTest {

    /** A nano clock the test moves by hand. */
    private static final class FakeClock implements LongSupplier {
        long now;

        FakeClock(long start) {
            now = start;
        }

        @Override
        public long getAsLong() {
            return now;
        }

        long advance(Duration d) {
            now += d.toNanos();
            return now;
        }
    }

    private final FakeClock clock = new FakeClock(1_000_000_000L);
    private final Timers timers = new Timers(clock);
    private final List<String> ran = new ArrayList<>();

    private Timer schedule(long millis, String name) {
        return timers.schedule(Duration.ofMillis(millis), () -> ran.add(name));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void nothingRunsBeforeItsDeadline() {
        schedule(100, "a");
        timers.runDue(clock.now + ms(100) - 1);
        assertThat(ran).isEmpty();
        timers.runDue(clock.now + ms(100));
        assertThat(ran).containsExactly("a");
    }

    @Test
    void aTimerTellsHowLongItHasLeftAndNothingOnceRunOrCancelled() {
        Timer a = schedule(100, "a");
        Timer b = schedule(100, "b");
        clock.advance(Duration.ofMillis(30));
        assertThat(a.remaining()).isEqualTo(Duration.ofMillis(70));

        b.cancel();
        timers.runDue(clock.advance(Duration.ofMillis(70)));

        assertThat(a.remaining()).isZero();
        assertThat(b.remaining()).isZero();
    }

    @Test
    void dueTimersRunInDeadlineOrderNotInsertionOrder() {
        schedule(300, "c");
        schedule(100, "a");
        schedule(200, "b");
        schedule(50, "first");
        timers.runDue(clock.now + ms(1000));
        assertThat(ran).containsExactly("first", "a", "b", "c");
    }

    @Test
    void equalDeadlinesRunInInsertionOrder() {
        for (int i = 0; i < 20; i++) {
            schedule(100, "t" + i);
        }
        schedule(50, "early");
        timers.runDue(clock.now + ms(100));
        List<String> expected = new ArrayList<>();
        expected.add("early");
        for (int i = 0; i < 20; i++) {
            expected.add("t" + i);
        }
        assertThat(ran).containsExactlyElementsOf(expected);
    }

    @Test
    void deadlineIsMeasuredFromTheClockAtScheduleTime() {
        schedule(100, "a");          // due at start + 100
        clock.advance(Duration.ofMillis(80));
        schedule(50, "b");           // due at start + 130
        clock.advance(Duration.ofMillis(20)); // start + 100
        timers.runDue(clock.now);
        assertThat(ran).containsExactly("a");
        timers.runDue(clock.now + ms(29));
        assertThat(ran).containsExactly("a");
        timers.runDue(clock.now + ms(30));
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void onlyDueTimersRunAndTheRestWait() {
        schedule(10, "a");
        schedule(20, "b");
        schedule(30, "c");
        timers.runDue(clock.now + ms(20));
        assertThat(ran).containsExactly("a", "b");
        timers.runDue(clock.now + ms(30));
        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void eachTimerRunsOnlyOnce() {
        schedule(10, "a");
        long t = clock.now + ms(10);
        timers.runDue(t);
        timers.runDue(t);
        timers.runDue(t + ms(1000));
        assertThat(ran).containsExactly("a");
        assertThat(timers.nanosUntilNext(t)).isEqualTo(-1);
    }

    @Test
    void zeroDelayIsDueImmediately() {
        schedule(0, "now");
        assertThat(timers.nanosUntilNext(clock.now)).isZero();
        timers.runDue(clock.now);
        assertThat(ran).containsExactly("now");
    }

    @Test
    void cancelledTimersAreSkipped() {
        schedule(10, "a");
        Timer b = schedule(20, "b");
        schedule(30, "c");
        b.cancel();
        timers.runDue(clock.now + ms(100));
        assertThat(ran).containsExactly("a", "c");
    }

    @Test
    void cancellingTwiceOrAfterRunningDoesNothing() {
        Timer a = schedule(10, "a");
        a.cancel();
        a.cancel();
        Timer b = schedule(10, "b");
        timers.runDue(clock.now + ms(10));
        assertThat(ran).containsExactly("b");
        assertThatCode(b::cancel).doesNotThrowAnyException();
        schedule(20, "c");
        timers.runDue(clock.now + ms(20));
        assertThat(ran).containsExactly("b", "c");
    }

    @Test
    void aTaskCanCancelALaterDueTimerInTheSamePass() {
        Timer[] victim = new Timer[1];
        timers.schedule(Duration.ofMillis(10), () -> {
            ran.add("killer");
            victim[0].cancel();
        });
        victim[0] = schedule(20, "victim");
        schedule(30, "survivor");
        timers.runDue(clock.now + ms(100));
        assertThat(ran).containsExactly("killer", "survivor");
    }

    @Test
    void aTaskCanScheduleAFutureTimer() {
        timers.schedule(Duration.ofMillis(10), () -> {
            ran.add("outer");
            schedule(50, "inner");
        });
        clock.advance(Duration.ofMillis(10));
        timers.runDue(clock.now);
        assertThat(ran).containsExactly("outer");
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(ms(50));
        timers.runDue(clock.now + ms(50));
        assertThat(ran).containsExactly("outer", "inner");
    }

    @Test
    void aThrowingTaskDoesNotStopTheOthers() {
        schedule(10, "a");
        timers.schedule(Duration.ofMillis(20), () -> {
            ran.add("boom");
            throw new IllegalStateException("test: deliberate failure");
        });
        schedule(20, "b");
        schedule(30, "c");
        assertThatCode(() -> timers.runDue(clock.now + ms(100))).doesNotThrowAnyException();
        assertThat(ran).containsExactly("a", "boom", "b", "c");
    }

    @Test
    void aThrowingTaskIsNotRetried() {
        timers.schedule(Duration.ofMillis(10), () -> {
            ran.add("boom");
            throw new RuntimeException("test: deliberate failure");
        });
        timers.runDue(clock.now + ms(10));
        timers.runDue(clock.now + ms(20));
        assertThat(ran).containsExactly("boom");
        assertThat(timers.nanosUntilNext(clock.now + ms(20))).isEqualTo(-1);
    }

    @Test
    void nanosUntilNextIsMinusOneWhenEmpty() {
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(-1);
    }

    @Test
    void nanosUntilNextReportsTheEarliestDeadline() {
        schedule(300, "c");
        schedule(100, "a");
        schedule(200, "b");
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(ms(100));
        assertThat(timers.nanosUntilNext(clock.now + ms(40))).isEqualTo(ms(60));
        assertThat(timers.nanosUntilNext(clock.now + ms(100))).isZero();
        assertThat(timers.nanosUntilNext(clock.now + ms(500))).as("overdue is 0, not negative").isZero();
        assertThat(ran).as("nanosUntilNext runs nothing").isEmpty();
    }

    @Test
    void nanosUntilNextSkipsCancelledTimers() {
        Timer a = schedule(100, "a");
        Timer b = schedule(200, "b");
        schedule(300, "c");
        a.cancel();
        b.cancel();
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(ms(300));
    }

    @Test
    void nanosUntilNextIsMinusOneWhenAllCancelled() {
        schedule(100, "a").cancel();
        schedule(200, "b").cancel();
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(-1);
        timers.runDue(clock.now + ms(1000));
        assertThat(ran).isEmpty();
    }

    @Test
    void nanosUntilNextAfterRunningDueTimers() {
        schedule(100, "a");
        schedule(250, "b");
        timers.runDue(clock.now + ms(100));
        assertThat(timers.nanosUntilNext(clock.now + ms(100))).isEqualTo(ms(150));
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE - 150_000_000L, Long.MIN_VALUE, -1L, 0L})
    void worksWhenTheNanoClockWrapsAround(long start) {
        // System.nanoTime() has an arbitrary origin; deadlines may overflow past Long.MAX_VALUE
        clock.now = start;
        schedule(300, "c");
        schedule(100, "a");
        schedule(200, "b");
        assertThat(timers.nanosUntilNext(clock.now)).isEqualTo(ms(100));
        timers.runDue(clock.now + ms(199));
        assertThat(ran).containsExactly("a");
        assertThat(timers.nanosUntilNext(clock.now + ms(199))).isEqualTo(ms(1));
        timers.runDue(clock.now + ms(300));
        assertThat(ran).containsExactly("a", "b", "c");
    }

    /** Issue 12, finding 10: a cancelled login timer kept its closed connection reachable for a minute. */
    @Test
    void aCancelledTimerLetsGoOfItsTaskAtOnce() throws InterruptedException {
        Object connection = new Object();
        java.lang.ref.WeakReference<Object> gone = new java.lang.ref.WeakReference<>(connection);
        Object[] holder = {connection};
        Timer timer = timers.schedule(Duration.ofSeconds(60), () -> ran.add(String.valueOf(holder[0])));
        holder[0] = null;
        connection = null;

        timer.cancel();

        assertThat(timers.size()).as("still queued: cancel is O(1)").isEqualTo(1);
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(gone.get()).as("the task's captured state is unreachable").isNull();
    }

    @Test
    void cancelledTimersAreSweptOnceTheyAreMostOfTheQueue() {
        List<Timer> cancelledLater = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            cancelledLater.add(schedule(60_000, "t" + i));
        }
        schedule(1, "kept");
        cancelledLater.forEach(Timer::cancel);

        assertThat(timers.size()).isLessThan(2600);
        timers.runDue(clock.advance(Duration.ofMinutes(2)));
        assertThat(ran).containsExactly("kept");
    }
}
