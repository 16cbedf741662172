package chatroom.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeStampsTest {

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;
        private final ZoneId zone;

        MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MutableClock(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void formatsHoursMinutesSeconds() {
        assertThat(new TimeStamps(TestClocks.FIXED).now()).isEqualTo("12:34:56");
    }

    @Test
    void padsWithZeros() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-02T01:02:03.999Z"), ZoneOffset.UTC);
        assertThat(new TimeStamps(clock).now()).isEqualTo("01:02:03");
    }

    @Test
    void midnight() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-02T00:00:00Z"), ZoneOffset.UTC);
        assertThat(new TimeStamps(clock).now()).isEqualTo("00:00:00");
    }

    @Test
    void usesTheClocksZone() {
        assertThat(new TimeStamps(Clock.fixed(TestClocks.INSTANT, ZoneId.of("America/New_York"))).now())
                .isEqualTo("08:34:56");
        assertThat(new TimeStamps(Clock.fixed(TestClocks.INSTANT, ZoneId.of("Asia/Kolkata"))).now())
                .isEqualTo("18:04:56");
    }

    @Test
    void followsTheClockFromSecondToSecond() {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:34:56.000Z"), ZoneOffset.UTC);
        TimeStamps time = new TimeStamps(clock);

        assertThat(time.now()).isEqualTo("12:34:56");
        clock.advance(Duration.ofMillis(999));
        assertThat(time.now()).isEqualTo("12:34:56");
        clock.advance(Duration.ofMillis(1));
        assertThat(time.now()).isEqualTo("12:34:57");
        clock.advance(Duration.ofMinutes(90));
        assertThat(time.now()).isEqualTo("14:04:57");
    }

    @Test
    void followsAClockThatGoesBack() {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:34:56Z"), ZoneOffset.UTC);
        TimeStamps time = new TimeStamps(clock);
        time.now();

        clock.set(Instant.parse("2024-05-01T11:00:00Z"));

        assertThat(time.now()).isEqualTo("11:00:00");
    }

    @Test
    void beforeTheEpochRoundsDownToTheSecond() {
        MutableClock clock = new MutableClock(Instant.parse("1969-12-31T23:59:59.500Z"), ZoneOffset.UTC);
        TimeStamps time = new TimeStamps(clock);

        assertThat(time.now()).isEqualTo("23:59:59");
        clock.advance(Duration.ofMillis(500));
        assertThat(time.now()).isEqualTo("00:00:00");
    }

    @Test
    void theSameSecondGivesTheSameString() {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:34:56.100Z"), ZoneOffset.UTC);
        TimeStamps time = new TimeStamps(clock);
        String first = time.now();
        clock.advance(Duration.ofMillis(800));

        assertThat(time.now()).isSameAs(first);
    }
}
