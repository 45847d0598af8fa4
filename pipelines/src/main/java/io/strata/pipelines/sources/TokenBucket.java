package io.strata.pipelines.sources;

/**
 * A token bucket: {@code rate} tokens per second, at most {@code burst} saved up. The caller passes
 * the time (any monotonic nanosecond clock) and sleeps for what {@link #take} returns.
 */
final class TokenBucket {

    private static final double NANOS = 1e9;

    private final double rate;
    private final double burst;
    private double tokens;
    private long updated;

    TokenBucket(double rate, double burst, long nowNanos) {
        if (!(rate > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.updated = nowNanos;
    }

    /** A bucket for {@code rate} events per second saving up at most a tenth of a second's worth. */
    static TokenBucket perSecond(double rate, long nowNanos) {
        return new TokenBucket(rate, Math.max(1, rate / 10), nowNanos);
    }

    /** Takes one token; returns the nanoseconds to wait before using it (0 when it was there). */
    long take(long nowNanos) {
        if (nowNanos > updated) {
            tokens = Math.min(burst, tokens + (nowNanos - updated) * rate / NANOS);
            updated = nowNanos;
        }
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS / rate);
    }
}
