package io.strata.pipelines.sources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private static final long MS = 1_000_000;

    @Test
    void aFullBucketGivesItsBurstAtOnceThenOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket(100, 10, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(bucket.take(0)).isZero();
        }
        assertThat(bucket.take(0)).isEqualTo(10 * MS);
        assertThat(bucket.take(0)).isEqualTo(20 * MS);
        assertThat(bucket.take(20 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void aCallerThatSleepsAsToldHoldsTheRate() {
        TokenBucket bucket = TokenBucket.perSecond(1000, 0);
        long now = 0;
        int taken = 0;
        while (now < 10_000 * MS) {
            now += bucket.take(now);
            taken++;
        }
        // 10 s at 1000/s plus the initial burst of 100.
        assertThat(taken).isBetween(10_099, 10_101);
    }

    @Test
    void idleTimeSavesNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        long later = 3_600_000 * MS;

        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isZero();
        assertThat(bucket.take(later)).isEqualTo(100 * MS);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
