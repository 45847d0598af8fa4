package io.strata.service;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.strata.service.PodState.*;
import static org.assertj.core.api.Assertions.assertThat;

class PodStateTest {

    /** The legal moves, written out once more as the specification the enum must match. */
    static final Map<PodState, Set<PodState>> LEGAL = Map.of(
            WAITING, EnumSet.of(WAITING, STARTING, DELETED),
            STARTING, EnumSet.of(RUNNING, WAITING, RESTARTING, STOPPING),
            RUNNING, EnumSet.of(RUNNING, READY, RESTARTING, STOPPING),
            READY, EnumSet.of(RESTARTING, STOPPING),
            RESTARTING, EnumSet.of(STARTING, WAITING, DELETED),
            STOPPING, EnumSet.of(STOPPING, WAITING, DELETED),
            DELETED, EnumSet.noneOf(PodState.class));

    @Test
    void everyPairOfStatesIsLegalExactlyWhenTheTableSaysSo() {
        for (PodState from : PodState.values()) {
            for (PodState to : PodState.values()) {
                assertThat(from.canTransitionTo(to)).as("%s -> %s", from, to).isEqualTo(LEGAL.get(from).contains(to));
            }
        }
    }

    @Test
    void aPodWhoseTaskMayRunIsNeverDeletedOrReplacedWithoutStoppingItFirst() {
        for (PodState live : EnumSet.of(STARTING, RUNNING, READY)) {
            assertThat(live.canTransitionTo(DELETED)).as(live + " -> DELETED").isFalse();
            assertThat(live.canTransitionTo(STOPPING)).as(live + " -> STOPPING").isTrue();
        }
        assertThat(READY.canTransitionTo(WAITING)).isFalse();
        assertThat(RUNNING.canTransitionTo(WAITING)).isFalse();
    }

    @Test
    void aDeletedPodNeverComesBack() {
        for (PodState to : PodState.values()) {
            assertThat(DELETED.canTransitionTo(to)).as("DELETED -> " + to).isFalse();
        }
    }

    @Test
    void aSecondFailureReportForAPodAlreadyRestartingIsRefusedAndCounted() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        h.failed("node-0");
        PodRecord afterFirst = h.pod("node-0");
        h.failed("node-0");
        assertThat(h.pod("node-0")).isEqualTo(afterFirst);
        assertThat(h.pod("node-0").restarts()).isEqualTo(1);
        assertThat(h.state.refusedTransitions()).isEqualTo(1);
        assertThat(h.last(ServiceAction.Log.class)).anySatisfy(l ->
                assertThat(l.line()).contains("pod transition refused").contains("from=RESTARTING to=RESTARTING"));
        assertThat(h.last(ServiceAction.Save.class)).isEmpty();
    }
}
