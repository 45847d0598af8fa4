package io.strata.protocol;

import java.util.Arrays;

/**
 * How late the master processed the agents' heartbeats: a histogram of (processed - sent) in
 * milliseconds, counted since the master started, for heartbeats that carry their send time.
 * Buckets 0..999 hold one millisecond each; bucket 1000 + k holds [1000 * 2^k, 1000 * 2^(k+1)).
 * Two snapshots subtract ({@link #minus}) into the lags of the window between them.
 */
public record HeartbeatLags(long[] counts) implements StrataMessage {

    /** Exact buckets below one second, then doublings up to ~ 1000 * 2^22 ms (48 days). */
    public static final int EXACT = 1000;
    public static final int BUCKETS = EXACT + 23;

    public HeartbeatLags {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("expected " + BUCKETS + " buckets, got " + counts.length);
        }
        counts = counts.clone();
    }

    public static HeartbeatLags empty() {
        return new HeartbeatLags(new long[BUCKETS]);
    }

    /** The bucket of a lag; negative lags (clocks a millisecond apart) count as 0. */
    public static int bucket(long lagMillis) {
        if (lagMillis < EXACT) {
            return (int) Math.max(0, lagMillis);
        }
        int k = 63 - Long.numberOfLeadingZeros(lagMillis / EXACT);
        return Math.min(BUCKETS - 1, EXACT + k);
    }

    /** The smallest lag a bucket holds. */
    public static long lowerBound(int bucket) {
        return bucket < EXACT ? bucket : (long) EXACT << (bucket - EXACT);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** The counts added since {@code earlier}, a snapshot of the same master taken before this one. */
    public HeartbeatLags minus(HeartbeatLags earlier) {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts[i] - earlier.counts[i];
        }
        return new HeartbeatLags(out);
    }

    /** The bound below which every lag of a bucket lies (a lag counted as 42 ms was less than 43 ms). */
    public static long upperBound(int bucket) {
        return bucket + 1 < BUCKETS ? lowerBound(bucket + 1) : Long.MAX_VALUE;
    }

    /**
     * Nearest-rank percentile in milliseconds, rounded up: the upper bound of the bucket holding
     * the p-th percent heartbeat (within a millisecond below one second); -1 when nothing was counted.
     */
    public long percentile(double p) {
        long total = total();
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    /** The highest lag counted, rounded up like {@link #percentile}; -1 when nothing was counted. */
    public long max() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                return upperBound(i);
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeartbeatLags h && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "HeartbeatLags[n=" + total() + ", p50=" + percentile(50) + ", p99=" + percentile(99) + "]";
    }
}
