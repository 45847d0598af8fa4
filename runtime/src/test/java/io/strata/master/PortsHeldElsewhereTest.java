package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.AGENT_TOTAL;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.RescindOffer;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent reports fewer ports when another program on its host listens on some of its range. */
class PortsHeldElsewhereTest {

    private final MasterHarness h = new MasterHarness();
    /** The agent's range 31000-31009 less 31003, which another program now listens on. */
    private final Resources without31003 = AGENT_TOTAL.withPorts(AGENT_TOTAL.ports().minus(PortRanges.ports(31003)));

    @Test
    void anOfferHoldingAPortAnotherProgramNowListensOnIsRescindedAndTheNextOfferLacksIt() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer before = h.offer(FW, A1);
        assertThat(before.resources().ports().contains(31003)).isTrue();

        List<MasterEffect> effects = h.agentHeartbeatWithTotal(A1, without31003);

        assertThat(only(RescindOffer.class, effects)).containsExactly(new RescindOffer(FW, before.id()));
        assertThat(effects).contains(new AllocateSoon());
        assertThat(h.agentView(A1).total().ports().contains(31003)).isFalse();
        Offer after = h.offer(FW, A1);
        assertThat(after.resources().ports()).isEqualTo(PortRanges.parse("31000-31002,31004-31009"));
    }

    @Test
    void aFreedPortIsOfferedAgain() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeatWithTotal(A1, without31003);
        Offer without = h.offer(FW, A1);
        assertThat(without.resources().ports().contains(31003)).isFalse();
        h.send(new MasterInput.Decline(FW, without.id(), 0));

        List<MasterEffect> effects = h.agentHeartbeatWithTotal(A1, AGENT_TOTAL);

        assertThat(only(RescindOffer.class, effects)).isEmpty();
        assertThat(h.agentView(A1).total()).isEqualTo(AGENT_TOTAL);
        assertThat(h.offer(FW, A1).resources().ports().contains(31003)).isTrue();
    }

    @Test
    void anUnchangedTotalChangesNothing() {
        h.agentHeartbeatWithTotal(A1, without31003);
        assertThat(h.agentHeartbeatWithTotal(A1, without31003)).isEmpty();
    }

    @Test
    void aPortThisMastersTaskUsesStaysInTheTotalEvenIfTheAgentLeavesItOut() {
        TaskSpec web = new TaskSpec(TaskId.of("web"), "web", "sleep", List.of("100"), Map.of(),
                Resources.of(1, 256, 0, PortRanges.ports(31003)), Map.of(), Map.of(), null);
        h.launched(FW, A1, web);

        h.agentHeartbeatWithTotal(A1, without31003, reported(FW, web, A1, TaskState.RUNNING));

        assertThat(h.agentView(A1).total()).isEqualTo(AGENT_TOTAL);
        assertThat(h.agentView(A1).used().ports()).isEqualTo(PortRanges.ports(31003));
    }
}
