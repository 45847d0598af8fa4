package io.strata.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.protocol.StrataJacksonModule;
import io.strata.resources.FrameworkId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pod whose agent the master lost: what it says, and when it moves. */
class AgentLostTest {

    static final String LOST = "agent a2 (10.0.0.2) lost: silent for 12 s (agent-timeout 10 s)";

    static PlannerHarness deployed(Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("nodes", "3", "strategy", "PARALLEL"));
        config.putAll(extra);
        PlannerHarness h = new PlannerHarness(config);
        h.deployAll();
        assertThat(h.pod("node-1").placement().agentId().value()).isEqualTo("a2");
        return h;
    }

    /** What the master sends when it loses a2: the task's LOST status, then "agent lost". */
    static void loseA2(PlannerHarness h) {
        h.task("node-1", TaskState.LOST, LOST);
        h.feed(new ServiceInput.AgentLost("a2", LOST));
    }

    @Test
    void aPodOnALostAgentSaysSoAndNamesTheCommandThatMovesIt() {
        PlannerHarness h = deployed(Map.of());

        loseA2(h);

        String reason = LOST + "; move it with 'strata demo replace demo node-1'";
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);
        assertThat(h.pod("node-1").reason()).isEqualTo(reason);
        assertThat(h.status().state()).isEqualTo("DEGRADED");
        assertThat(h.status().reason()).isEqualTo("node-1: " + reason);
        assertThat(h.last(ServiceAction.Save.class)).as("saved, so a new scheduler knows it too").hasSize(1);
    }

    @Test
    void withoutTheSettingNothingMovesHoweverLongTheAgentStaysAway() {
        PlannerHarness h = deployed(Map.of());
        loseA2(h);
        String volume = h.pod("node-1").volumeId();

        h.after(Duration.ofHours(2));
        h.offerWithPorts("a4", "31000-31009");

        assertThat(h.launched()).isEmpty();
        assertThat(h.all(ServiceAction.DestroyVolume.class)).isEmpty();
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);
        assertThat(h.pod("node-1").volumeId()).isEqualTo(volume);
        assertThat(h.pod("node-1").reason()).startsWith(LOST + "; move it with");
    }

    @Test
    void withTheSettingThePodIsReplacedOntoAnotherAgentAfterTheGrace() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "60"));
        String oldVolume = h.pod("node-1").volumeId();
        loseA2(h);
        assertThat(h.pod("node-1").reason()).isEqualTo(LOST
                + "; move it with 'strata demo replace demo node-1'; replaced automatically unless its agent is back "
                + "within 1m");

        h.after(Duration.ofSeconds(59));
        assertThat(h.all(ServiceAction.DestroyVolume.class)).isEmpty();
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);

        h.after(Duration.ofSeconds(1));
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .containsExactly(oldVolume);
        PodRecord waiting = h.pod("node-1");
        assertThat(waiting.state()).isEqualTo(PodState.WAITING);
        assertThat(waiting.reason()).isEqualTo("replacing automatically: agent a2 lost for 1m; waiting for another agent");
        assertThat(waiting.avoidAgent()).isEqualTo("a2");

        h.offers("a2");
        assertThat(h.launched()).as("never back on the lost agent").isEmpty();
        h.offerWithPorts("a4", "31000-31009");
        assertThat(h.launched()).containsExactly("node-1");
        assertThat(h.pod("node-1").placement().agentId().value()).isEqualTo("a4");
        assertThat(h.lastTaskOf("node-1").volume().id()).isNotEqualTo(oldVolume);
        h.up("node-1");
        assertThat(h.status().state()).isEqualTo("RUNNING");
        assertThat(h.state.operations()).isEmpty();

        h.after(Duration.ofMinutes(5));
        assertThat(h.all(ServiceAction.DestroyVolume.class)).as("replaced once").hasSize(1);
    }

    @Test
    void theAgentComingBackBeforeTheGraceCancelsTheReplace() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "60"));
        String volume = h.pod("node-1").volumeId();
        loseA2(h);

        h.after(Duration.ofSeconds(30));
        h.offers("a2");

        assertThat(h.launched()).containsExactly("node-1");
        assertThat(h.pod("node-1").placement().agentId().value()).isEqualTo("a2");
        assertThat(h.pod("node-1").agentIsLost()).isFalse();
        h.up("node-1");
        h.after(Duration.ofSeconds(60));
        assertThat(h.all(ServiceAction.DestroyVolume.class)).isEmpty();
        assertThat(h.pod("node-1").volumeId()).isEqualTo(volume);
        assertThat(h.status().state()).isEqualTo("RUNNING");
    }

    @Test
    void theGraceCountsFromTheFirstNewsOfTheLoss() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "60"));
        loseA2(h);
        h.after(Duration.ofSeconds(40));
        h.feed(new ServiceInput.AgentLost("a2", LOST));

        h.after(Duration.ofSeconds(20));

        assertThat(h.pod("node-1").state()).isEqualTo(PodState.WAITING);
    }

    @Test
    void agentLostNewsBeforeTheTaskStatusStillEndsWithTheLostReason() {
        PlannerHarness h = deployed(Map.of());

        h.feed(new ServiceInput.AgentLost("a2", LOST));
        h.task("node-1", TaskState.LOST, LOST);

        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);
        assertThat(h.pod("node-1").reason()).isEqualTo(LOST + "; move it with 'strata demo replace demo node-1'");
    }

    @Test
    void waitingForALostAgentDoesNotReviveOffersEveryTick() {
        PlannerHarness h = deployed(Map.of());
        loseA2(h);
        h.after(Duration.ofSeconds(5));

        h.after(Duration.ofMillis(500));
        h.after(Duration.ofMillis(500));

        assertThat(h.last(ServiceAction.Revive.class)).isEmpty();
        assertThat(h.state.suppressed()).as("still wants the agent's offer when it is back").isFalse();
    }

    @Test
    void aTaskANewMasterKnowsNoAgentOfCountsAsItsAgentLost() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "60"));
        String unknown = "no agent reports this task (unknown to the master after re-registration)";

        h.feed(new ServiceInput.TaskUpdate(new TaskStatus(TaskId.of(h.pod("node-1").taskId()),
                FrameworkId.of("demo-demo"), null, TaskState.LOST, unknown, null, null, h.now)));

        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);
        assertThat(h.pod("node-1").reason()).isEqualTo("agent a2 (10.0.0.2) is not registered with the master: "
                + unknown + "; move it with 'strata demo replace demo node-1'; replaced automatically unless its "
                + "agent is back within 1m");
        h.after(Duration.ofSeconds(60));
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.WAITING);
        assertThat(h.pod("node-1").avoidAgent()).isEqualTo("a2");
    }

    @Test
    void theOldVolumeOfAPodReplacedWhileItsAgentWasLostIsDestroyedWhenTheAgentBringsItBack() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "60"));
        String old = h.pod("node-1").volumeId();
        loseA2(h);
        h.after(Duration.ofSeconds(60));
        h.offerWithPorts("a4", "31000-31009");
        h.up("node-1");

        h.after(Duration.ofSeconds(60));
        assertThat(h.last(ServiceAction.AskVolumes.class)).as("asks once a minute").hasSize(1);
        h.after(Duration.ofSeconds(1));
        assertThat(h.last(ServiceAction.AskVolumes.class)).isEmpty();

        h.volumes(h.pod("node-0").volumeId(), h.pod("node-1").volumeId(), h.pod("node-2").volumeId(), old);
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .containsExactly(old);
        h.volumes(h.pod("node-0").volumeId(), h.pod("node-1").volumeId(), h.pod("node-2").volumeId());
        assertThat(h.last(ServiceAction.DestroyVolume.class)).isEmpty();
    }

    @Test
    void podsOnOtherAgentsAreUntouched() {
        PlannerHarness h = deployed(Map.of());
        loseA2(h);
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.READY);
        assertThat(h.pod("node-0").agentIsLost()).isFalse();
        assertThat(h.pod("node-2").reason()).isEqualTo("ready");
    }

    @Test
    void scalingKeepsTheSetting() {
        PlannerHarness h = deployed(Map.of(AutoReplace.KEY, "600"));
        h.scale(Map.of("nodes", "4", "strategy", "PARALLEL"));
        assertThat(h.state.record().config()).containsEntry(AutoReplace.KEY, "600");
    }

    @Test
    void aRecordSavedBeforeTheSettingAndTheLostTimeExistedLoadsWithBothOff() throws Exception {
        String saved = """
                { "type" : "demo", "name" : "old", "config" : { "nodes" : "1" },
                  "pods" : [ { "id" : "node-0", "type" : "node", "index" : 0, "placement" : null,
                    "volumeId" : "v1", "volumeCreated" : false, "taskId" : null, "attempt" : 0, "restarts" : 0,
                    "state" : "WAITING", "reason" : "waiting for resources", "pendingOp" : null,
                    "avoidAgent" : null, "notBeforeMillis" : 0, "replacing" : null } ],
                  "deleting" : false, "deployedOnce" : false }
                """;
        ServiceRecord r = new ObjectMapper().registerModule(new StrataJacksonModule()).readValue(saved,
                ServiceRecord.class);
        assertThat(r.pod("node-0").agentIsLost()).isFalse();
        assertThat(AutoReplace.of(r.config())).isEmpty();
    }
}
