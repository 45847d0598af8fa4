package io.strata.service;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleTest {

    @Test
    void scalingUpAddsWaitingPodsWithTheirOwnVolumesThatTheDeployPlanPlaces() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        Map<String, String> bigger = Map.of("nodes", "3", "strategy", "PARALLEL");
        assertThat(h.scale(bigger).accepted()).isTrue();
        assertThat(h.state.record().config()).isEqualTo(bigger);
        PodRecord added = h.pod("node-2");
        assertThat(added.state()).isEqualTo(PodState.WAITING);
        assertThat(added.volumeId()).startsWith("demo-demo-node-2-");
        assertThat(h.last(ServiceAction.Revive.class)).hasSize(1);
        assertThat(h.last(ServiceAction.Save.class)).hasSize(1);

        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).containsExactly("node-2");
        assertThat(h.pod("node-2").placement().agentId().value()).isEqualTo("a3");
    }

    @Test
    void scalingDownIsRefusedWithAReasonAndChangesNothing() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        ServiceRecord before = h.state.record();
        Decision d = h.scale(Map.of("nodes", "1", "strategy", "PARALLEL"));
        assertThat(d.refusal()).isEqualTo("scaling node down from 2 to 1 is not supported; replace or delete pods instead");
        assertThat(d.actions()).isEmpty();
        assertThat(h.state.record()).isEqualTo(before);
    }

    @Test
    void aScaleWithBadConfigIsRefusedWithTheDefinitionsOwnMessage() {
        PlannerHarness h = PlannerHarness.parallel(2);
        Decision d = h.scale(Map.of("nodes", "many"));
        assertThat(d.refusal()).isEqualTo("nodes must be a whole number, got 'many'");
        assertThat(d.actions()).isEmpty();
    }
}
