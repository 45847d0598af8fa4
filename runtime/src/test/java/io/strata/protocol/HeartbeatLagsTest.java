package io.strata.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartbeatLagsTest {

    private static HeartbeatLags of(long... lags) {
        long[] counts = new long[HeartbeatLags.BUCKETS];
        for (long lag : lags) {
            counts[HeartbeatLags.bucket(lag)]++;
        }
        return new HeartbeatLags(counts);
    }

    @Test
    void lagsBelowASecondAreExactAndLongerOnesFallIntoDoublingBuckets() {
        assertThat(HeartbeatLags.bucket(-3)).isZero();
        assertThat(HeartbeatLags.bucket(0)).isZero();
        assertThat(HeartbeatLags.bucket(999)).isEqualTo(999);
        assertThat(HeartbeatLags.bucket(1000)).isEqualTo(1000);
        assertThat(HeartbeatLags.bucket(1999)).isEqualTo(1000);
        assertThat(HeartbeatLags.bucket(2000)).isEqualTo(1001);
        assertThat(HeartbeatLags.bucket(5000)).isEqualTo(1002);
        assertThat(HeartbeatLags.bucket(Long.MAX_VALUE)).isEqualTo(HeartbeatLags.BUCKETS - 1);
        assertThat(HeartbeatLags.lowerBound(1002)).isEqualTo(4000);
        assertThat(HeartbeatLags.lowerBound(17)).isEqualTo(17);
        assertThat(HeartbeatLags.upperBound(17)).isEqualTo(18);
        assertThat(HeartbeatLags.upperBound(999)).isEqualTo(1000);
        assertThat(HeartbeatLags.upperBound(1000)).isEqualTo(2000);
        assertThat(HeartbeatLags.upperBound(HeartbeatLags.BUCKETS - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void percentilesAreNearestRankRoundedUpToTheirBucketsUpperBound() {
        long[] lags = new long[100];
        for (int i = 0; i < 100; i++) {
            lags[i] = i + 1;
        }
        HeartbeatLags h = of(lags);
        assertThat(h.total()).isEqualTo(100);
        assertThat(h.percentile(50)).isEqualTo(51);
        assertThat(h.percentile(99)).isEqualTo(100);
        assertThat(h.percentile(100)).isEqualTo(101);
        assertThat(h.max()).isEqualTo(101);
        assertThat(of(0, 0, 0).percentile(99)).as("never 0: under a millisecond").isEqualTo(1);
        assertThat(of(3000).percentile(99)).isEqualTo(4000);
        assertThat(HeartbeatLags.empty().percentile(99)).isEqualTo(-1);
        assertThat(HeartbeatLags.empty().max()).isEqualTo(-1);
    }

    @Test
    void aLaterSnapshotMinusAnEarlierOneHoldsOnlyTheWindowBetweenThem() {
        HeartbeatLags before = of(500, 500, 7);
        HeartbeatLags after = of(500, 500, 7, 3, 4);
        HeartbeatLags window = after.minus(before);
        assertThat(window.total()).isEqualTo(2);
        assertThat(window.max()).isEqualTo(5);
        assertThat(window).isEqualTo(of(3, 4));
    }

    @Test
    void theSnapshotCannotBeChangedThroughItsArrays() {
        long[] counts = new long[HeartbeatLags.BUCKETS];
        HeartbeatLags h = new HeartbeatLags(counts);
        counts[5] = 9;
        h.counts()[6] = 9;
        assertThat(h.total()).isZero();
    }
}
