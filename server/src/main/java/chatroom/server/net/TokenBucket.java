package chatroom.server.net;

/**
 * Flood control for one connection: {@code rate} lines a second on average, up to
 * {@code burst} at once. Time is passed in (nanoseconds from the loop's clock) so tests can
 * drive it without sleeping.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, int burst, long now) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = now;
    }

    /** True if a line may be taken now. */
    boolean hasToken(long now) {
        refill(now);
        return tokens >= 1;
    }

    /** Spends one token; call after {@link #hasToken} said yes. */
    void take() {
        tokens -= 1;
    }

    /** How long until the next token, 0 if there is one now. */
    long nanosUntilToken(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            lastRefill = now;
        }
    }
}
