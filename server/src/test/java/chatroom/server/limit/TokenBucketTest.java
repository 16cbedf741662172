package chatroom.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** Takes tokens while there are any at {@code now}; returns how many were taken. */
    private static int drain(TokenBucket bucket, long now) {
        int taken = 0;
        while (bucket.hasToken(now)) {
            bucket.take();
            taken++;
            if (taken > 1_000_000) {
                throw new AssertionError("bucket never ran dry");
            }
        }
        return taken;
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "1, 0", "1, -5", "0, 0"})
    void rejectsNonPositiveRateOrBurst(double rate, int burst) {
        assertThatThrownBy(() -> new TokenBucket(rate, burst, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 5", "0.5, 3", "100, 20"})
    void fullBurstIsAvailableAtStart(double rate, int burst) {
        long t0 = 123_456_789L;
        TokenBucket bucket = new TokenBucket(rate, burst, t0);
        assertThat(bucket.nanosUntilToken(t0)).isZero();
        assertThat(drain(bucket, t0)).isEqualTo(burst);
        assertThat(bucket.hasToken(t0)).isFalse();
        assertThat(bucket.nanosUntilToken(t0)).isPositive();
    }

    @Test
    void refillsAtTheConfiguredRate() {
        long t0 = 0;
        TokenBucket bucket = new TokenBucket(2, 5, t0); // one token every 500 ms
        assertThat(drain(bucket, t0)).isEqualTo(5);

        assertThat(bucket.hasToken(t0 + 499 * MS)).isFalse();
        assertThat(bucket.hasToken(t0 + 500 * MS)).isTrue();
        bucket.take();
        assertThat(bucket.hasToken(t0 + 500 * MS)).isFalse();
        assertThat(bucket.hasToken(t0 + 999 * MS)).isFalse();
        assertThat(bucket.hasToken(t0 + 1000 * MS)).isTrue();
        bucket.take();

        // three seconds later: six tokens' worth of time, but capped at burst
        assertThat(drain(bucket, t0 + 4 * SECOND)).isEqualTo(5);
    }

    @Test
    void partialRefillsAccumulateAcrossCalls() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.take();
        // ten polls 100 ms apart add up to one token
        for (int i = 1; i < 10; i++) {
            assertThat(bucket.hasToken(i * 100 * MS)).as("at %d ms", i * 100).isFalse();
        }
        assertThat(bucket.hasToken(SECOND))
                .as("1 token/s: ten 100 ms refills must add up to a whole token at exactly 1 s")
                .isTrue();
    }

    @Test
    void sustainedRateOverALongRunMatchesRate() {
        // poll every 10 ms for 60 s at 3 lines/s with burst 4: exactly burst + 60*3 lines pass
        TokenBucket bucket = new TokenBucket(3, 4, 0);
        int taken = 0;
        for (long t = 0; t <= 60 * SECOND; t += 10 * MS) {
            taken += drain(bucket, t);
        }
        assertThat(taken).isEqualTo(4 + 180);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 3", "10, 10", "0.25, 2"})
    void neverExceedsBurstAfterLongIdle(double rate, int burst) {
        TokenBucket bucket = new TokenBucket(rate, burst, 0);
        assertThat(drain(bucket, 0)).isEqualTo(burst);
        assertThat(drain(bucket, 3600 * SECOND)).isEqualTo(burst);
        // idle again without draining first: still no more than burst
        assertThat(drain(bucket, 7200 * SECOND + 1)).isEqualTo(burst);
    }

    @Test
    void neverExceedsBurstWhenStartingFull() {
        TokenBucket bucket = new TokenBucket(5, 2, 0);
        // a full bucket that sits idle does not grow
        assertThat(bucket.hasToken(100 * SECOND)).isTrue();
        assertThat(drain(bucket, 100 * SECOND)).isEqualTo(2);
    }

    @Test
    void clockGoingBackwardsAddsNothingAndDoesNotBreakLaterRefill() {
        TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
        bucket.take();
        assertThat(bucket.hasToken(5 * SECOND)).isFalse();
        assertThat(bucket.nanosUntilToken(5 * SECOND)).isPositive();
        assertThat(bucket.hasToken(10 * SECOND + 999 * MS)).isFalse();
        assertThat(bucket.hasToken(11 * SECOND)).isTrue();
    }

    @Test
    void worksAcrossNanoTimeWraparound() {
        // System.nanoTime() may be anywhere, including near Long.MAX_VALUE
        long t0 = Long.MAX_VALUE - 200 * MS;
        TokenBucket bucket = new TokenBucket(2, 1, t0);
        bucket.take();
        assertThat(bucket.hasToken(t0 + 400 * MS)).isFalse(); // wrapped to a negative value
        assertThat(bucket.hasToken(t0 + 500 * MS)).isTrue();
    }

    @Test
    void nanosUntilTokenIsZeroWhileTokensRemain() {
        TokenBucket bucket = new TokenBucket(1, 3, 0);
        bucket.take();
        bucket.take();
        assertThat(bucket.nanosUntilToken(0)).isZero();
        bucket.take();
        assertThat(bucket.nanosUntilToken(0)).isEqualTo(SECOND);
    }

    @ParameterizedTest
    @CsvSource({
        "1,    1000000000",
        "2,     500000000",
        "4,     250000000",
        "10,    100000000",
        "0.5,  2000000000",
        "3,     333333333",  // 1e9/3 is not whole: either neighbour is fine
        "7,     142857143",
    })
    void nanosUntilTokenFromEmpty(double rate, long expected) {
        TokenBucket bucket = new TokenBucket(rate, 1, 0);
        bucket.take();
        assertThat(bucket.nanosUntilToken(0)).isCloseTo(expected, within(1L));
    }

    @Test
    void nanosUntilTokenShrinksAsTimePasses() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.take();
        assertThat(bucket.nanosUntilToken(0)).isEqualTo(SECOND);
        assertThat(bucket.nanosUntilToken(250 * MS)).isEqualTo(750 * MS);
        assertThat(bucket.nanosUntilToken(900 * MS)).isEqualTo(100 * MS);
        assertThat(bucket.nanosUntilToken(SECOND)).isZero();
        assertThat(bucket.nanosUntilToken(2 * SECOND)).isZero();
    }

    @Test
    void nanosUntilTokenDoesNotItselfConsumeOrAddTokens() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.take();
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.nanosUntilToken(400 * MS)).isEqualTo(600 * MS);
        }
        assertThat(bucket.hasToken(SECOND)).isTrue();
        bucket.take();
        assertThat(bucket.hasToken(SECOND)).isFalse();
    }

    /**
     * The contract the loop relies on: after waiting the reported time there is a token.
     * Checked over many rates and fractional token states.
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "3", "7", "10", "0.3", "1.5", "33.3", "1000"})
    void waitingTheReportedTimeAlwaysYieldsAToken(double rate) {
        TokenBucket bucket = new TokenBucket(rate, 2, 0);
        long now = 0;
        drain(bucket, now);
        for (int step = 0; step < 500; step++) {
            // advance by an awkward amount so the bucket holds fractional tokens
            now += 7_919_111L * (step % 13 + 1);
            if (bucket.hasToken(now)) {
                bucket.take();
                continue;
            }
            long wait = bucket.nanosUntilToken(now);
            assertThat(wait).as("step %d", step).isPositive();
            assertThat(bucket.hasToken(now + wait))
                    .as("rate %s step %d: nanosUntilToken said %d ns, but after that long there is still no token",
                            rate, step, wait)
                    .isTrue();
            now += wait;
            bucket.take();
        }
    }

    @Test
    void reportedWaitIsNotLongerThanNeeded() {
        // with rate 4/s and 0.5 token left after 125 ms, the next token is exactly 125 ms away
        TokenBucket bucket = new TokenBucket(4, 1, 0);
        bucket.take();
        assertThat(bucket.nanosUntilToken(125 * MS)).isEqualTo(125 * MS);
        assertThat(bucket.hasToken(250 * MS - 1)).isFalse();
        assertThat(bucket.hasToken(250 * MS)).isTrue();
    }

    /** Issue 12, finding 5: an expensive answer is charged as extra lines. */
    @Test
    void takingSeveralTokensSpendsThemAll() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        bucket.take();

        bucket.take(9);

        assertThat(drain(bucket, 0)).isEqualTo(10);
    }

    @Test
    void aChargeBeyondWhatIsLeftIsADebtThatPausesReadingLonger() {
        TokenBucket bucket = new TokenBucket(10, 20, 0); // a token every 100 ms
        drain(bucket, 0);

        bucket.take(5);

        assertThat(bucket.nanosUntilToken(0)).isEqualTo(600 * MS);
        assertThat(bucket.hasToken(599 * MS)).isFalse();
        assertThat(bucket.hasToken(600 * MS)).isTrue();
    }

    @Test
    void theDebtIsCappedAtOneBurst() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        drain(bucket, 0);

        bucket.take(Integer.MAX_VALUE);

        assertThat(bucket.nanosUntilToken(0)).isEqualTo(2_100 * MS);
        bucket.take(1_000);
        assertThat(bucket.nanosUntilToken(0)).isEqualTo(2_100 * MS);
        assertThat(drain(bucket, 100 * SECOND)).as("a full burst once it is paid back").isEqualTo(20);
    }

    @Test
    void takingZeroOrLessChangesNothing() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);

        bucket.take(0);
        bucket.take(-5);

        assertThat(drain(bucket, 0)).isEqualTo(2);
    }

    @Test
    void tryTakeTakesAllOrNothingAndNeverGoesIntoDebt() {
        TokenBucket bytes = new TokenBucket(1_000, 3_000, 0);
        assertThat(bytes.tryTake(2_500, 0)).isTrue();
        assertThat(bytes.tryTake(600, 0)).as("500 left").isFalse();
        assertThat(bytes.tryTake(500, 0)).isTrue();
        assertThat(bytes.tryTake(1, 0)).isFalse();
        assertThat(bytes.tryTake(1_000, SECOND)).as("a second later, a second's worth").isTrue();
        assertThat(bytes.tryTake(-1, 10 * SECOND)).isFalse();
    }
}
