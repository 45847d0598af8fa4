package io.strata.pipelines;

import io.strata.pipelines.PipelineHistory.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The counters' ring for the dashboard's charts, with time passed in. */
class PipelineHistoryTest {

    @Test
    void ratesArePerSecondSinceThePointBefore() {
        PipelineHistory h = new PipelineHistory();
        h.record(10_000, 0, 0, null, 0);
        h.record(12_000, 1000, 400, 100L, 600);
        h.record(16_000, 3000, 2400, 300L, 600);
        assertThat(h.points()).extracting(Point::t).containsExactly(10_000L, 12_000L, 16_000L);
        Point first = h.points().get(0);
        assertThat(first.producedPerS()).isZero();
        assertThat(first.writtenPerS()).isNull();
        Point second = h.points().get(1);
        assertThat(second.producedPerS()).isEqualTo(500.0);
        assertThat(second.processedPerS()).isEqualTo(200.0);
        assertThat(second.writtenPerS()).as("no written count before it").isZero();
        Point third = h.points().get(2);
        assertThat(third.producedPerS()).isCloseTo(500.0, within(1e-9));
        assertThat(third.processedPerS()).isCloseTo(500.0, within(1e-9));
        assertThat(third.writtenPerS()).isCloseTo(50.0, within(1e-9));
        assertThat(third.lag()).isEqualTo(600);
    }

    @Test
    void atMostOnePointPerInterval() {
        PipelineHistory h = new PipelineHistory();
        assertThat(h.record(0, 1, 1, null, 0)).isTrue();
        assertThat(h.record(1_999, 2, 2, null, 0)).isFalse();
        assertThat(h.record(2_000, 3, 3, null, 0)).isTrue();
        assertThat(h.points()).extracting(Point::produced).containsExactly(1L, 3L);
    }

    @Test
    void keepsOnlyTheLastHour() {
        PipelineHistory h = new PipelineHistory();
        for (long t = 0; t <= 2 * 3_600_000L; t += 2_000) {
            h.record(t, t, t, null, 0);
        }
        assertThat(h.points()).hasSize(1801);
        assertThat(h.points().get(0).t()).isEqualTo(3_600_000L);
        assertThat(h.points().get(1800).t()).isEqualTo(7_200_000L);
    }

    @Test
    void aCounterThatFallsIsNoProgressNotANegativeRate() {
        PipelineHistory h = new PipelineHistory();
        h.record(0, 500, 500, 10L, 0);
        h.record(2_000, 100, 100, 5L, 0);
        Point p = h.points().get(1);
        assertThat(p.producedPerS()).isZero();
        assertThat(p.processedPerS()).isZero();
        assertThat(p.writtenPerS()).isZero();
    }
}
