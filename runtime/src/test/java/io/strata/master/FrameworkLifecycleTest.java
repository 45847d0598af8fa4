package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.A2;
import static io.strata.master.MasterHarness.EPOCH;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static io.strata.master.MasterHarness.taskWithVolume;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AckTerminal;
import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.DestroyVolume;
import io.strata.master.MasterEffect.ForgetFramework;
import io.strata.master.MasterEffect.FrameworkRegistered;
import io.strata.master.MasterEffect.KillTask;
import io.strata.master.MasterEffect.SendOffers;
import io.strata.master.MasterInput.ReportedTask;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameworkLifecycleTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void firstHeartbeatRegistersTheFrameworkAndItsOffersComeInOneMessage() {
        h.agentHeartbeat(A1);
        h.agentHeartbeat(A2);
        // The agents' registration already asked for a round; the framework's joins it.
        assertThat(h.frameworkHeartbeat(FW)).containsExactly(new FrameworkRegistered(FW, EPOCH));

        List<MasterEffect> round = h.send(new MasterInput.Allocate());
        assertThat(only(SendOffers.class, round)).singleElement().satisfies(sent -> {
            assertThat(sent.frameworkId()).isEqualTo(FW);
            assertThat(sent.offers()).extracting(Offer::agentId).containsExactly(A1, A2);
        });
        assertThat(h.frameworkView(FW).active()).isTrue();
        assertThat(h.frameworkView(FW).role()).isEqualTo("*");
    }

    @Test
    void frameworkSilentPastItsTimeoutIsDeactivatedAndGetsNoOffers() {
        h.agentHeartbeat(A1);
        h.frameworkHeartbeat(FW);
        h.offer(FW, A1);

        h.advance(Duration.ofMillis(10_001));
        h.agentHeartbeat(A1);
        List<MasterEffect> tick = h.send(new MasterInput.Tick());

        assertThat(h.frameworkView(FW).active()).isFalse();
        assertThat(h.state().outstandingOffers()).isZero();
        assertThat(only(SendOffers.class, tick)).isEmpty();
        assertThat(h.allocate()).isEmpty();
    }

    @Test
    void frameworkSilentPastItsFailoverTimeoutIsRemovedWithItsTasksAndVolumes() {
        TaskSpec t1 = taskWithVolume("t1", "v1", 1_000);
        ReportedTask running = reported(FW, t1, A1, TaskState.RUNNING);
        h.launched(FW, A1, t1);
        h.agentHeartbeat(A1, running);

        h.advance(Duration.ofMillis(10_500));
        h.agentHeartbeat(A1, running);
        h.send(new MasterInput.Tick());
        assertThat(h.frameworkView(FW).active()).isFalse();

        h.advance(Duration.ofSeconds(120));
        h.agentHeartbeat(A1, running);
        assertThat(only(KillTask.class, h.send(new MasterInput.Tick()))).isEmpty();

        h.advance(Duration.ofMillis(1));
        h.agentHeartbeat(A1, running);
        List<MasterEffect> removal = h.send(new MasterInput.Tick());
        assertThat(only(KillTask.class, removal)).containsExactly(new KillTask(A1, t1.taskId(), 5_000,
                "framework fw-name did not come back within its failover timeout"));
        assertThat(only(DestroyVolume.class, removal)).as("the volume waits for its task").isEmpty();
        assertThat(removal).contains(new ForgetFramework(FW));
        assertThat(h.state().frameworks()).isEmpty();

        List<MasterEffect> killed = h.statusUpdate(t1.taskId(), FW, A1, TaskState.KILLED, "killed by signal 15");
        assertThat(statuses(killed)).as("nobody is left to tell").isEmpty();
        assertThat(killed).contains(new AckTerminal(A1, t1.taskId()), new DestroyVolume(A1, "v1"));
    }

    @Test
    void frameworkBackWithinItsFailoverTimeoutKeepsItsTasks() {
        TaskSpec t1 = task("t1", 1, 512);
        ReportedTask running = reported(FW, t1, A1, TaskState.RUNNING);
        h.launched(FW, A1, t1);
        h.agentHeartbeat(A1, running);
        h.advance(Duration.ofMillis(10_500));
        h.agentHeartbeat(A1, running);
        h.send(new MasterInput.Tick());
        assertThat(h.frameworkView(FW).active()).isFalse();

        h.advance(Duration.ofSeconds(60));
        h.agentHeartbeat(A1, running);
        assertThat(h.frameworkHeartbeat(FW)).contains(new FrameworkRegistered(FW, EPOCH));
        assertThat(h.frameworkView(FW).active()).isTrue();

        List<MasterEffect> later = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            h.advance(Duration.ofSeconds(5));
            later.addAll(h.agentHeartbeat(A1, running));
            later.addAll(h.frameworkHeartbeat(FW));
            later.addAll(h.send(new MasterInput.Tick()));
        }
        assertThat(only(KillTask.class, later)).isEmpty();
        assertThat(later).doesNotContain(new ForgetFramework(FW));
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void reRegistrationWithANewConnectionRevivesASuppressedFramework() {
        h.agentHeartbeat(A1);
        h.frameworkHeartbeat(FW);
        h.send(new MasterInput.Suppress(FW));
        assertThat(h.allocate()).isEmpty();

        assertThat(h.frameworkHeartbeat(FW, "conn-fw-2"))
                .containsExactly(new FrameworkRegistered(FW, EPOCH), new AllocateSoon());
        assertThat(h.allocate()).extracting(Offer::frameworkId).containsExactly(FW);
    }

    @Test
    void teardownKillsTheFrameworksTasksAndDestroysItsVolumesOnceUnused() {
        TaskSpec t1 = taskWithVolume("t1", "v1", 1_000);
        TaskSpec t2 = task("t2", 1, 512);
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        h.accept(FW, h.offer(FW, A1), t1, t2);
        h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.RUNNING), reported(FW, t2, A1, TaskState.RUNNING));

        List<MasterEffect> teardown = h.send(new MasterInput.Teardown(FW));
        String reason = "framework fw-name tore down";
        assertThat(only(KillTask.class, teardown)).containsExactly(new KillTask(A1, t1.taskId(), 5_000, reason),
                new KillTask(A1, t2.taskId(), 5_000, reason));
        assertThat(only(DestroyVolume.class, teardown)).isEmpty();
        assertThat(teardown).contains(new ForgetFramework(FW));
        assertThat(h.state().frameworks()).isEmpty();

        assertThat(h.statusUpdate(t1.taskId(), FW, A1, TaskState.KILLED, "killed by signal 15"))
                .contains(new DestroyVolume(A1, "v1"));
        h.statusUpdate(t2.taskId(), FW, A1, TaskState.KILLED, "killed by signal 15");
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(0, 0, 1_000));

        h.send(new MasterInput.VolumeDestroyed(A1, "v1", null));
        assertThat(h.state().volumes()).isEmpty();
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
    }
}
