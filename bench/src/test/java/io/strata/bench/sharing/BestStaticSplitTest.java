package io.strata.bench.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.resources.Resources;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Figure 8's static peer: demand-sized partitions, the load scaling, and the search from there. */
class BestStaticSplitTest {

    private static final Resources AGENT = Resources.of(16, 64 * 1024);

    @Test
    void partitionsFollowEachFrameworksDominantDemand() {
        double[][] demand = {{0.5, 0.1}, {0.25, 0}, {0, 0.125}, {0.125, 0}};
        assertThat(BestStaticSplit.byDemand(demand, 32)).containsExactly(16, 8, 4, 4);
    }

    @Test
    void everyFrameworkGetsAnAgentEvenWithoutDemand() {
        double[][] demand = {{1, 0}, {0, 0}, {0, 0}, {0, 0}};
        assertThat(BestStaticSplit.byDemand(demand, 8)).containsExactly(5, 1, 1, 1);
    }

    @Test
    void stretchingArrivalsScalesTheOfferedLoadAndKeepsTheWork() {
        long window = Duration.ofMinutes(30).toMillis();
        Resources cluster = Resources.of(16 * 8, 64 * 1024 * 8);
        List<TraceJob> base = SharingTrace.generate(1, window, 0.25);
        List<TraceJob> half = SharingTrace.stretched(base, 2.0);
        double before = SharingTrace.utilisation(SharingTrace.demand(base, cluster, window));
        double after = SharingTrace.utilisation(SharingTrace.demand(half, cluster, 2 * window));
        assertThat(after).isCloseTo(before / 2, within(1e-9));
        assertThat(half).hasSameSizeAs(base);
        assertThat(half.get(half.size() - 1).arrivalMs()).isEqualTo(2 * base.get(base.size() - 1).arrivalMs());
    }

    @Test
    void theSearchEndsNoWorseThanWhereItStartedAndTheSameWayEachTime() {
        List<List<TraceJob>> traces = List.of(SharingTrace.generate(1, Duration.ofMinutes(20).toMillis(), 0.25));
        int[] start = {2, 2, 2, 2};
        BestStaticSplit.Split best = new BestStaticSplit(traces, AGENT).search(start);
        assertThat(best.totalMs()).isLessThanOrEqualTo(new BestStaticSplit(traces, AGENT).score(start));
        assertThat(best.sizes()).hasSize(4);
        assertThat(IntStream.of(best.sizes()).min().orElseThrow()).isPositive();
        assertThat(IntStream.of(best.sizes()).sum()).isEqualTo(8);
        assertThat(new BestStaticSplit(traces, AGENT).search(start).sizes()).containsExactly(best.sizes());
    }
}
