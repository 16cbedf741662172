package chatroom.server.limit;

/**
 * Flood control for one connection: {@code rate} lines a second on average, up to
 * {@code burst} at once. Time is passed in (nanoseconds from the loop's clock) so tests can
 * drive it without sleeping.
 *
 * <p>A line that was more work than a line (a page of {@code /who}, a history replay) takes
 * more tokens with {@link #take(int)}, and the bucket may go into debt for it: reading then
 * pauses until the debt is paid back and a token has come. The debt is capped at one burst,
 * so a connection waits at most the time a burst and one more line take to refill (2.1 s at
 * 10 lines a second, burst 20), however much it was charged.
 *
 * <p>The bucket holds credit in whole nanoseconds rather than a fractional token count, so
 * refills add up exactly: waiting the time {@link #nanosUntilToken} reports always yields a
 * token, which a {@code double} could miss by a rounding error.
 *
 * <p>Public because password attempts ({@code auth.PasswordLimits}) are counted the same way.
 */
public final class TokenBucket {

    private final long nanosPerToken;
    private final long capacity;
    private long credit;
    private long lastRefill;

    public TokenBucket(double ratePerSecond, int burst, long now) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.nanosPerToken = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.capacity = Math.multiplyExact(nanosPerToken, (long) burst);
        this.credit = capacity;
        this.lastRefill = now;
    }

    /** True if a line may be taken now. */
    public boolean hasToken(long now) {
        refill(now);
        return credit >= nanosPerToken;
    }

    /** Spends one token; call after {@link #hasToken} said yes. */
    public void take() {
        take(1);
    }

    /** Spends {@code tokens} more tokens, going into debt (down to one burst) if there are not that many. */
    public void take(int tokens) {
        long floor = -capacity;
        // Compared as a count first: tokens * nanosPerToken of a huge charge could overflow.
        long affordable = (credit - floor) / nanosPerToken;
        if (tokens > affordable) {
            credit = floor;
        } else if (tokens > 0) {
            credit -= tokens * nanosPerToken;
        }
    }

    /** Takes {@code tokens} if there are that many now (never into debt); false, taking nothing, if not. */
    public boolean tryTake(int tokens, long now) {
        refill(now);
        long cost = tokens * nanosPerToken; // an int times the nanoseconds of one token: far from overflowing
        if (tokens < 0 || credit < cost) {
            return false;
        }
        credit -= cost;
        return true;
    }

    /** How long until the next token, 0 if there is one now. */
    public long nanosUntilToken(long now) {
        refill(now);
        return Math.max(0, nanosPerToken - credit);
    }

    /** Gives back a token {@link #take()} took (what it paid for turned out free), up to a full bucket. */
    public void refund() {
        credit = Math.min(capacity, credit + nanosPerToken);
    }

    /** Whether the bucket is full: one that is, forgotten and made anew, would be the same. */
    public boolean isFull(long now) {
        refill(now);
        return credit == capacity;
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            credit = elapsed >= capacity - credit ? capacity : credit + elapsed;
            lastRefill = now;
        }
    }
}
