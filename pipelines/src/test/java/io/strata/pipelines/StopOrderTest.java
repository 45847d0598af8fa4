package io.strata.pipelines;

import io.strata.pipelines.Action.DeleteCheckpoints;
import io.strata.pipelines.Action.DeleteService;
import io.strata.pipelines.Action.KillSource;
import io.strata.pipelines.PipelineRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.strata.pipelines.PlannerHarness.of;
import static io.strata.pipelines.PlannerHarness.running;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop kills the sources and jobs, deletes the services in the same step when the data is not
 * kept, and ends STOPPED only when everything is gone.
 */
class StopOrderTest {

    @TempDir
    Path dir;

    @Test
    void withoutKeptDataSourcesJobsAndServicesGoInOneStepThenCheckpointVolumesOnceNoExecutorIsLeft() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        assertThat(h.record().stopRequestedAt()).isEqualTo(h.now);
        assertThat(h.planner.pause(h.run)).as("a stopping pipeline is stepped at the busy pace")
                .contains(h.settings.busyStep());

        List<Action> first = h.step(running(RunState.RUNNING).executorsLeft(1));
        assertThat(first).extracting(a -> a.getClass().getSimpleName())
                .as("nothing needs the services once their data goes: they go with the jobs")
                .containsExactly("KillSource", "KillJob", "DeleteService", "DeleteService");
        assertThat(of(first, DeleteService.class)).extracting(DeleteService::name)
                .containsExactly("demo-kafka", "demo-cassandra");
        assertThat(of(first, Action.KillJob.class)).as("the job's work is discarded: no shutdown grace")
                .allMatch(Action.KillJob::discard);
        assertThat(h.record().state()).isEqualTo(State.STOPPING);
        assertThat(h.record().reason()).isEqualTo("stopping jobs, sources and services");

        assertThat(h.step(seen().services(ServiceState.DELETING).driver("agg", RunState.KILLED, 0)
                .task("sensors", RunState.KILLED).executorsLeft(1)))
                .as("a service already deleting is not deleted again; executors outlive their driver a while")
                .isEmpty();
        assertThat(h.watch.executors().submissionIds()).containsExactly(h.record().jobs().get("agg").submissionId());

        assertThat(h.step(seen().serviceMissing("kafka").serviceMissing("cassandra").executorsLeft(1)))
                .as("the checkpoint volume waits for the executors that write to it").isEmpty();
        assertThat(h.record().services().values()).allSatisfy(s -> {
            assertThat(s.deleted()).isTrue();
            assertThat(s.state()).isEqualTo(ServiceState.DELETED);
        });

        List<Action> last = h.step(seen().executorsLeft(0));
        assertThat(of(last, DeleteCheckpoints.class)).extracting(DeleteCheckpoints::volumes)
                .as("the streaming job's checkpoint volume; the batch job has none").containsExactly(List.of("demo-agg"));
        assertThat(h.record().state()).isEqualTo(State.STOPPED);
        assertThat(h.record().reason()).isEqualTo("stopped; every resource is back in the cluster");
        assertThat(h.record().stoppedAt()).isEqualTo(h.now);
        assertThat(h.planner.pause(h.run)).as("a stopped pipeline is not stepped again").isEmpty();
        assertThat(h.step(seen())).as("a stopped pipeline does nothing more").isEmpty();
    }

    @Test
    void theServicesGoInTheStepTheyAnswerEvenWhileTheJobsAreStillEnding() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        h.step(seen().driver("agg", RunState.RUNNING, 1).task("sensors", RunState.RUNNING).executorsLeft(1));
        assertThat(of(h.actions, DeleteService.class)).as("neither service answered this step").isEmpty();

        List<Action> next = h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1)
                .task("sensors", RunState.RUNNING).executorsLeft(1));
        assertThat(next).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("KillSource", "KillJob", "DeleteService", "DeleteService");
    }

    @Test
    void aStopThatKeepsDataLeavesTheServicesAndCheckpointVolumesAlone() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(true);
        h.step(running(RunState.RUNNING).executorsLeft(0));
        assertThat(h.record().reason()).isEqualTo("stopping jobs and sources; keeping the services and their data");
        assertThat(of(h.actions, Action.KillJob.class)).as("a kept checkpoint: the driver gets its usual grace")
                .isNotEmpty().noneMatch(Action.KillJob::discard);
        h.step(seen().driver("agg", RunState.KILLED, 0).task("sensors", RunState.KILLED).executorsLeft(0));

        assertThat(h.record().state()).isEqualTo(State.STOPPED);
        assertThat(h.record().reason())
                .isEqualTo("stopped; services kept with their data: kafka demo-kafka, cassandra demo-cassandra");
        assertThat(of(h.actions, DeleteService.class)).isEmpty();
        assertThat(of(h.actions, DeleteCheckpoints.class)).isEmpty();
        assertThat(h.watch.probes()).as("kept services are not even looked at")
                .noneMatch(Watch.ServiceProbe.class::isInstance);
    }

    @Test
    void anExistingServiceIsNeverDeleted() {
        PlannerHarness h = new PlannerHarness(dir, """
                name: demo
                services:
                  kafka:
                    topics: [{name: readings}]
                  cassandra:
                    existing: shared-cassandra
                """);
        h.step(seen());
        assertThat(of(h.actions, Action.CreateService.class)).extracting(Action::key).containsExactly("kafka");
        h.step(seen().services(ServiceState.RUNNING));
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
        h.stop(false);
        List<Action> deletes = h.step(seen().services(ServiceState.RUNNING));
        assertThat(deletes).extracting(Action::key).containsExactly("kafka");
        h.step(seen().serviceMissing("kafka"));
        assertThat(h.record().state()).isEqualTo(State.STOPPED);
        assertThat(h.record().services().get("cassandra").deleted()).isFalse();
    }

    @Test
    void aServiceThatDoesNotAnswerIsNotDeletedBlindlyAndTheStopWaitsForIt() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        h.step(seen().driver("agg", RunState.RUNNING, 1).task("sensors", RunState.RUNNING).executorsLeft(0));
        h.step(seen().driver("agg", RunState.KILLED, 0).task("sensors", RunState.KILLED).executorsLeft(0));
        assertThat(of(h.actions, DeleteService.class)).isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STOPPING);

        h.step(seen().serviceUnreadable("kafka", "HTTP 503").service("cassandra", ServiceState.RUNNING).executorsLeft(0));
        assertThat(of(h.actions, DeleteService.class)).as("an error answer still says it is there")
                .extracting(Action::key).containsExactly("kafka", "cassandra");
    }

    @Test
    void whileExecutorsCannotBeCountedTheCheckpointVolumesStay() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        h.step(running(RunState.RUNNING));
        h.step(seen().serviceMissing("kafka").serviceMissing("cassandra").driver("agg", RunState.KILLED, 0)
                .task("sensors", RunState.KILLED));
        assertThat(of(h.actions, DeleteService.class)).hasSize(2);
        assertThat(of(h.actions, DeleteCheckpoints.class)).isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STOPPING);
    }

    @Test
    void aSecondStopRequestChangesNothing() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(true);
        long askedAt = h.now;
        h.now += 5000;
        h.stop(false);
        assertThat(h.record().keepData()).isTrue();
        assertThat(h.record().stopRequestedAt()).isEqualTo(askedAt);
    }

    @Test
    void aFailedPipelineIsTakenDownByStopLikeAnyOther() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.FAILED));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        h.stop(false);
        List<Action> kills = h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1));
        assertThat(kills).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("KillJob", "DeleteService", "DeleteService");
        assertThat(of(h.actions, KillSource.class)).as("the failed source has ended already").isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STOPPING);
    }
}
