package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.OTHER;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.taskWithVolume;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.DestroyVolume;
import io.strata.master.MasterEffect.FrameworkError;
import io.strata.protocol.ClusterState.VolumeView;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;

import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeTest {

    private final MasterHarness h = new MasterHarness();
    private final TaskSpec t1 = taskWithVolume("t1", "v1", 1_000);

    @Test
    void destroyOfAVolumeStillInUseWaitsUntilTheTaskEnds() {
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");

        assertThat(h.send(new MasterInput.DestroyVolume(FW, "v1"))).isEmpty();
        assertThat(h.state().volumes()).extracting(VolumeView::id).containsExactly("v1");

        List<MasterEffect> ended = h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0");
        assertThat(only(DestroyVolume.class, ended)).containsExactly(new DestroyVolume(A1, "v1"));
        assertThat(h.agentView(A1).used()).as("the disk is the volume's until the agent deleted it")
                .isEqualTo(Resources.of(0, 0, 1_000));

        h.send(new MasterInput.Allocate());
        assertThat(h.send(new MasterInput.VolumeDestroyed(A1, "v1", null))).containsExactly(new AllocateSoon());
        assertThat(h.state().volumes()).isEmpty();
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
    }

    @Test
    void destroyOfAnUnusedVolumeGoesToItsAgentAtOnce() {
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0");

        assertThat(h.send(new MasterInput.DestroyVolume(FW, "v1"))).containsExactly(new DestroyVolume(A1, "v1"));
    }

    @Test
    void volumeTheAgentCouldNotDestroyStaysAndItsFrameworkHearsWhy() {
        h.launched(FW, A1, t1);

        assertThat(h.send(new MasterInput.VolumeDestroyed(A1, "v1", "device busy")))
                .containsExactly(new FrameworkError(FW, "volume v1 was not destroyed: device busy"));
        assertThat(h.state().volumes()).extracting(VolumeView::id).containsExactly("v1");
    }

    @Test
    void onlyItsOwnFrameworkMayDestroyAVolume() {
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0");
        h.frameworkHeartbeat(OTHER);

        assertThat(h.send(new MasterInput.DestroyVolume(OTHER, "v1"))).isEmpty();
        assertThat(h.send(new MasterInput.DestroyVolume(FW, "unknown"))).isEmpty();
        assertThat(h.state().volumes()).extracting(VolumeView::id).containsExactly("v1");
    }
}
