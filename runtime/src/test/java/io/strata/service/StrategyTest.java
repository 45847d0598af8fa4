package io.strata.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StrategyTest {

    @Test
    void serialOffersOnlyTheFirstUnfinishedElementAndParallelOffersEveryOne() {
        List<Integer> elements = List.of(1, 2, 3, 4);
        Set<Integer> done = Set.of(1, 3);
        assertThat(Strategy.SERIAL.candidates(elements, done::contains)).containsExactly(2);
        assertThat(Strategy.PARALLEL.candidates(elements, done::contains)).containsExactly(2, 4);
        assertThat(Strategy.SERIAL.candidates(elements, e -> true)).isEmpty();
    }

    @Test
    void aPlanHasOnePhasePerPodTypeAndRunsThemByItsStrategy() {
        PlannerHarness h = new PlannerHarness(Map.of("nodes", "2", "witnesses", "1", "strategy", "SERIAL"));
        Plan serial = h.state.deployPlan();
        assertThat(serial.phases()).extracting(Phase::name).containsExactly("witness", "node");
        assertThat(serial.candidates(h.state::pod)).extracting(Step::podId).containsExactly("witness-0");
        assertThat(serial.allAtOnce()).isFalse();
        assertThat(serial.remaining(h.state::pod)).isEqualTo(3);

        PlannerHarness p = new PlannerHarness(Map.of("nodes", "2", "witnesses", "1", "strategy", "PARALLEL"));
        Plan parallel = p.state.deployPlan();
        assertThat(parallel.candidates(p.state::pod)).extracting(Step::podId)
                .containsExactly("witness-0", "node-0", "node-1");
        assertThat(parallel.allAtOnce()).isTrue();
    }

    @Test
    void anOperationStepIsCompleteOnlyOnceItStartedAndItsPodIsReadyAgain() {
        PodRecord ready = PodRecord.fresh("node", 0, null).ready(0);
        Step step = Step.of("node-0", Step.Kind.RESTART);
        assertThat(step.status(ready)).isEqualTo(Step.Status.PENDING);
        Step started = step.start();
        assertThat(started.status(ready.with(PodState.STOPPING, "stopping"))).isEqualTo(Step.Status.IN_PROGRESS);
        assertThat(started.status(ready)).isEqualTo(Step.Status.COMPLETE);
        assertThat(Step.of("node-0", Step.Kind.DEPLOY).status(ready)).isEqualTo(Step.Status.COMPLETE);
    }
}
