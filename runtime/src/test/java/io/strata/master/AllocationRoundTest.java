package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.A2;
import static io.strata.master.MasterHarness.EPOCH;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.RescindOffer;
import io.strata.protocol.ClusterState;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationRoundTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void requestsForAllocationAreFoldedIntoOneRoundUntilItRuns() {
        assertThat(h.agentHeartbeat(A1)).contains(new AllocateSoon());
        assertThat(h.agentHeartbeat(A2)).doesNotContain(new AllocateSoon());
        assertThat(h.frameworkHeartbeat(FW)).doesNotContain(new AllocateSoon());

        h.send(new MasterInput.Allocate());
        assertThat(h.send(new MasterInput.Revive(FW))).containsExactly(new AllocateSoon());
    }

    @Test
    void offersUnansweredPastTheirTimeoutAreRescindedOnTheTick() {
        h.agentHeartbeat(A1);
        h.frameworkHeartbeat(FW);
        Offer offer = h.offer(FW, A1);

        h.advance(Duration.ofSeconds(60));
        h.agentHeartbeat(A1);
        h.frameworkHeartbeat(FW);
        List<MasterEffect> tick = h.send(new MasterInput.Tick());

        assertThat(only(RescindOffer.class, tick)).containsExactly(new RescindOffer(FW, offer.id()));
        assertThat(h.state().allocation().offersRescinded()).isEqualTo(1);
    }

    @Test
    void clusterStateCountsRoundsOffersAndTheirDuration() {
        h.agentHeartbeat(A1);
        h.agentHeartbeat(A2);
        h.frameworkHeartbeat(FW);
        h.allocate();
        h.allocate();

        ClusterState state = h.state();
        assertThat(state.masterEpoch()).isEqualTo(EPOCH);
        assertThat(state.leaderSinceMillis()).isEqualTo(MasterHarness.START);
        assertThat(state.outstandingOffers()).isEqualTo(2);
        assertThat(state.allocation().rounds()).isEqualTo(2);
        assertThat(state.allocation().offersMade()).isEqualTo(2);
        assertThat(state.allocation().lastRoundMillis()).isEqualTo(1.5);
        assertThat(state.allocation().totalRoundMillis()).isEqualTo(3.0);
        assertThat(h.frameworkView(FW).dominantShare()).isEqualTo(1.0);
    }

    @Test
    void logRequestGoesToTheTasksAgentOrSaysWhyNot() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        assertThat(h.core.logRoute(t1.taskId(), 0)).isEqualTo(new LogRoute.OnAgent(A1));
        assertThat(h.core.logRoute(TaskId.of("nope"), 7))
                .isEqualTo(new LogRoute.Unavailable(0, false, "no task with id 'nope'"));

        h.advance(Duration.ofSeconds(11));
        h.frameworkHeartbeat(FW);
        h.send(new MasterInput.Tick());
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.LOST);
        assertThat(h.core.logRoute(t1.taskId(), 7)).isEqualTo(new LogRoute.Unavailable(7, true,
                "task 't1' has no reachable agent (state LOST)"));
    }

    @Test
    void harnessRecordsEveryInputWithItsTimeAndEffects() {
        h.agentHeartbeat(A1);
        h.advance(Duration.ofSeconds(1));
        h.frameworkHeartbeat(FW);

        assertThat(h.recorded()).extracting(MasterHarness.Recorded::at)
                .containsExactly(MasterHarness.START, MasterHarness.START + 1_000);
        assertThat(h.recorded().get(1).effects())
                .containsExactly(new MasterEffect.FrameworkRegistered(FW, EPOCH));
    }
}
