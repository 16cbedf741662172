package chatroom.server.net;

/**
 * Flood control for one connection: {@code rate} lines a second on average, up to
 * {@code burst} at once. Time is passed in (nanoseconds from the loop's clock) so tests can
 * drive it without sleeping.
 *
 * <p>The bucket holds credit in whole nanoseconds rather than a fractional token count, so
 * refills add up exactly: waiting the time {@link #nanosUntilToken} reports always yields a
 * token, which a {@code double} could miss by a rounding error.
 */
final class TokenBucket {

    private final long nanosPerToken;
    private final long capacity;
    private long credit;
    private long lastRefill;

    TokenBucket(double ratePerSecond, int burst, long now) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.nanosPerToken = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.capacity = Math.multiplyExact(nanosPerToken, (long) burst);
        this.credit = capacity;
        this.lastRefill = now;
    }

    /** True if a line may be taken now. */
    boolean hasToken(long now) {
        refill(now);
        return credit >= nanosPerToken;
    }

    /** Spends one token; call after {@link #hasToken} said yes. */
    void take() {
        credit -= nanosPerToken;
    }

    /** How long until the next token, 0 if there is one now. */
    long nanosUntilToken(long now) {
        refill(now);
        return Math.max(0, nanosPerToken - credit);
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            credit = elapsed >= capacity - credit ? capacity : credit + elapsed;
            lastRefill = now;
        }
    }
}
