package io.strata.pipelines;

import io.strata.pipelines.Action.DeleteCheckpoints;
import io.strata.pipelines.Action.DeleteService;
import io.strata.pipelines.Action.KillJob;
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

/** A stop takes a pipeline down in reverse order and ends STOPPED only when everything is gone. */
class StopOrderTest {

    @TempDir
    Path dir;

    @Test
    void sourcesAndJobsGoFirstThenServicesOnceNoExecutorIsLeftThenCheckpointVolumesThenStopped() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        assertThat(h.record().stopRequestedAt()).isEqualTo(h.now);

        List<Action> kills = h.step(running(RunState.RUNNING).executorsLeft(1));
        assertThat(kills).extracting(a -> a.getClass().getSimpleName()).containsExactly("KillSource", "KillJob");
        assertThat(h.record().state()).isEqualTo(State.STOPPING);
        assertThat(h.record().reason()).isEqualTo("stopping jobs, sources and services");

        List<Action> waiting = h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.KILLED, 0)
                .task("sensors", RunState.KILLED).executorsLeft(1));
        assertThat(waiting).as("executors outlive their driver for a while; services wait for them").isEmpty();
        assertThat(h.watch.executors().submissionIds()).containsExactly(h.record().jobs().get("agg").submissionId());

        List<Action> deletes = h.step(seen().services(ServiceState.RUNNING).executorsLeft(0));
        assertThat(deletes).extracting(a -> a.getClass().getSimpleName()).containsExactly("DeleteService", "DeleteService");
        assertThat(of(deletes, DeleteService.class)).extracting(DeleteService::name)
                .containsExactly("demo-kafka", "demo-cassandra");

        assertThat(h.step(seen().services(ServiceState.DELETING).executorsLeft(0)))
                .as("a service already deleting is not deleted again").isEmpty();

        List<Action> last = h.step(seen().serviceMissing("kafka").serviceMissing("cassandra").executorsLeft(0));
        assertThat(of(last, DeleteCheckpoints.class)).extracting(DeleteCheckpoints::volumes)
                .as("the streaming job's checkpoint volume; the batch job has none").containsExactly(List.of("demo-agg"));
        assertThat(h.record().services().values()).allSatisfy(s -> {
            assertThat(s.deleted()).isTrue();
            assertThat(s.state()).isEqualTo(ServiceState.DELETED);
        });
        assertThat(h.record().state()).isEqualTo(State.STOPPED);
        assertThat(h.record().reason()).isEqualTo("stopped; every resource is back in the cluster");
        assertThat(h.record().stoppedAt()).isEqualTo(h.now);
        assertThat(h.step(seen())).as("a stopped pipeline does nothing more").isEmpty();
    }

    @Test
    void aStopThatKeepsDataLeavesTheServicesAndCheckpointVolumesAlone() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(true);
        h.step(running(RunState.RUNNING).executorsLeft(0));
        assertThat(h.record().reason()).isEqualTo("stopping jobs and sources; keeping the services and their data");
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
        h.step(running(RunState.RUNNING).executorsLeft(0));
        h.step(seen().driver("agg", RunState.KILLED, 0).task("sensors", RunState.KILLED).executorsLeft(0));
        assertThat(of(h.actions, DeleteService.class)).isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STOPPING);

        h.step(seen().serviceUnreadable("kafka", "HTTP 503").service("cassandra", ServiceState.RUNNING).executorsLeft(0));
        assertThat(of(h.actions, DeleteService.class)).as("an error answer still says it is there")
                .extracting(Action::key).containsExactly("kafka", "cassandra");
    }

    @Test
    void whileExecutorsCannotBeCountedTheServicesStay() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.stop(false);
        h.step(running(RunState.RUNNING));
        h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.KILLED, 0).task("sensors", RunState.KILLED));
        assertThat(of(h.actions, DeleteService.class)).isEmpty();
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
        assertThat(kills).hasSize(1).first().isInstanceOf(KillJob.class);
        assertThat(of(h.actions, KillSource.class)).as("the failed source has ended already").isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STOPPING);
    }
}
