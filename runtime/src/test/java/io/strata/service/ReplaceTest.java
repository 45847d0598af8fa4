package io.strata.service;

import io.strata.resources.TaskSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplaceTest {

    @Test
    void aReplacedPodMovesToAnotherAgentWithItsPortNumbersAndAFreshVolume() {
        PlannerHarness h = PlannerHarness.serial(2);
        h.deployAll();
        PodRecord old = h.pod("node-1");
        assertThat(old.placement().agentId().value()).isEqualTo("a2");

        assertThat(h.replace("node-1").accepted()).isTrue();
        assertThat(h.killedTasks()).containsExactly(old.taskId());
        assertThat(h.pod("node-1").reason()).isEqualTo("stopping to move to another agent");
        assertThat(h.last(ServiceAction.DestroyVolume.class)).as("not while its task may still write").isEmpty();

        h.killed("node-1");
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .containsExactly(old.volumeId());
        PodRecord waiting = h.pod("node-1");
        assertThat(waiting.state()).isEqualTo(PodState.WAITING);
        assertThat(waiting.reason()).isEqualTo("replacing: waiting for an agent other than a2");
        assertThat(waiting.volumeId()).startsWith("demo-demo-node-1-").isNotEqualTo(old.volumeId());
        assertThat(waiting.volumeCreated()).isFalse();
        assertThat(waiting.replacing()).isEqualTo(old.placement());

        h.offers("a2");
        assertThat(h.launched()).as("never back on its old agent").isEmpty();
        h.offerWithPorts("a3", "30990-31009");
        assertThat(h.launched()).containsExactly("node-1");
        PodRecord moved = h.pod("node-1");
        assertThat(moved.placement().agentId().value()).isEqualTo("a3");
        assertThat(moved.placement().ports()).isEqualTo(old.placement().ports());
        TaskSpec task = h.lastTaskOf("node-1");
        assertThat(task.volume().id()).isEqualTo(waiting.volumeId());
        assertThat(task.volume().sizeMb()).isEqualTo(512);

        h.up("node-1");
        assertThat(h.pod("node-1").replacing()).as("the old address is history once ready").isNull();
        assertThat(h.pod("node-1").avoidAgent()).isNull();
        assertThat(h.state.operations()).isEmpty();
        assertThat(h.status().state()).isEqualTo("RUNNING");
    }

    @Test
    void replacingAPodWhoseTaskHasEndedResetsItAtOnce() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        String oldVolume = h.pod("node-1").volumeId();
        h.failed("node-1");
        assertThat(h.replace("node-1").accepted()).isTrue();
        assertThat(h.killedTasks()).isEmpty();
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .containsExactly(oldVolume);
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.WAITING);
        assertThat(h.pod("node-1").reason()).isEqualTo("replacing: waiting for another agent");
        assertThat(h.last(ServiceAction.Revive.class)).hasSize(1);
    }

    @Test
    void replacingAnUnknownPodIsRefusedWithThePodsThereAre() {
        PlannerHarness h = PlannerHarness.parallel(2);
        Decision d = h.replace("node-7");
        assertThat(d.refusal()).isEqualTo("unknown pod id 'node-7'; pods are [node-0, node-1]");
        assertThat(d.actions()).isEmpty();
    }
}
