package io.strata.pipelines;

import io.strata.pipelines.Action.ApplySchema;
import io.strata.pipelines.Action.CreateService;
import io.strata.pipelines.Action.CreateTopics;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.PipelineRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.strata.pipelines.PlannerHarness.of;
import static io.strata.pipelines.PlannerHarness.running;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/** The order a pipeline comes up in, decided by the planner from what the cluster reports. */
class StartOrderTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStepCreatesEveryServiceAtOnceAndSaysWhatTheRestWaitsFor() {
        PlannerHarness h = new PlannerHarness(dir);
        List<Action> first = h.step(seen());
        assertThat(first).extracting(Action::key).containsExactly("kafka", "cassandra");
        assertThat(first).allMatch(CreateService.class::isInstance);
        assertThat(h.record().services().values()).allSatisfy(s -> {
            assertThat(s.created()).isTrue();
            assertThat(s.state()).isEqualTo(ServiceState.DEPLOYING);
        });
        assertThat(h.record().jobs().get("agg").reason()).isEqualTo("waiting for kafka, cassandra");
        assertThat(h.record().jobs().get("summary").reason()).isEqualTo("waiting for cassandra, sensors");
        assertThat(h.record().sources().get("sensors").reason()).isEqualTo("waiting for kafka");
        assertThat(h.record().state()).isEqualTo(State.STARTING);
        assertThat(h.planner.pause(h.run)).as("a starting pipeline is stepped at the busy pace")
                .contains(h.settings.busyStep());
    }

    @Test
    void topicsAndSchemaComeOnlyOnceTheirServiceRuns() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        List<Action> second = h.step(seen().service("kafka", ServiceState.RUNNING)
                .service("cassandra", ServiceState.DEPLOYING));
        assertThat(of(second, CreateTopics.class)).hasSize(1);
        assertThat(of(second, ApplySchema.class)).isEmpty();
        assertThat(h.record().services().get("kafka").topicsReady()).isTrue();
        assertThat(h.record().services().get("cassandra").schemaApplied()).isFalse();
    }

    @Test
    void aStreamingJobStartsOnceTheTopicExistsWhileCassandraStillDeploys() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        List<Action> second = h.step(seen().service("kafka", ServiceState.RUNNING)
                .service("cassandra", ServiceState.DEPLOYING));
        assertThat(second).extracting(a -> a.getClass().getSimpleName())
                .as("the topic, then in the same step the job that waited for it; the source waits for the job")
                .containsExactly("CreateTopics", "SubmitJob");
        assertThat(h.record().sources().get("sensors").reason())
                .isEqualTo("waiting for job agg to run with its executors");
        assertThat(of(second, SubmitJob.class).get(0).submission().args())
                .as("Cassandra is placed: its contact points are known though it does not answer yet")
                .containsExactly("127.0.0.1:30000", "127.0.0.2:30001", "strata-demo-agg", "${STRATA_CHECKPOINT}");
        assertThat(h.record().jobs().get("summary").reason()).as("a batch job still waits for what it uses to be ready")
                .isEqualTo("waiting for cassandra, sensors");
        assertThat(h.record().state()).isEqualTo(State.STARTING);
    }

    @Test
    void aStreamingJobWaitsForTheOtherServicesItReferencesToBePlaced() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        Observation unplaced = new Observation(Map.of(
                "kafka", new Observation.ServiceFound(ServiceState.RUNNING, "", Map.of("bootstrap", "127.0.0.1:30000")),
                "cassandra", new Observation.ServiceFound(ServiceState.DEPLOYING, "waiting for an offer",
                        Map.of("contactPoints", ""))),
                Map.of(), Map.of(), null, null, null);
        List<Action> second = h.step(unplaced);
        assertThat(second).extracting(a -> a.getClass().getSimpleName()).containsExactly("CreateTopics");
        assertThat(h.record().jobs().get("agg").reason()).isEqualTo("waiting for cassandra");
        assertThat(h.record().sources().get("sensors").reason())
                .isEqualTo("waiting for job agg to run with its executors");
    }

    @Test
    void aJobIsSubmittedInTheSameStepItsLastServiceBecomesReadyWithItsReferencesResolved() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        List<Action> second = h.step(seen().services(ServiceState.RUNNING));
        assertThat(second).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("CreateTopics", "ApplySchema", "SubmitJob");
        assertThat(of(second, ApplySchema.class).get(0).cql()).startsWith("CREATE KEYSPACE k");
        SubmitJob submit = of(second, SubmitJob.class).get(0);
        assertThat(submit.key()).isEqualTo("agg");
        assertThat(submit.submission().name()).isEqualTo("demo-agg");
        assertThat(submit.submission().jarSha256()).isEqualTo("sha-agg");
        assertThat(submit.submission().args()).as("the dispatcher puts the checkpoint volume's folder in its place")
                .containsExactly("127.0.0.1:30000", "127.0.0.2:30001", "strata-demo-agg", "${STRATA_CHECKPOINT}");
        assertThat(submit.submission().checkpointVolume()).isEqualTo("demo-agg");
        assertThat(submit.submission().checkpointMb()).isEqualTo(1024);
        assertThat(submit.submission().conf()).containsEntry("spark.executor.instances", "1");
        assertThat(h.record().jobs().get("agg").state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void aTopicThatCannotBeCreatedYetHoldsBackTheJobAndIsTriedAgainNextStep() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.cluster = a -> a instanceof CreateTopics ? new Outcome.Failed(a, "creating topic readings: broker not ready")
                : PlannerHarness.done(a);
        List<Action> second = h.step(seen().services(ServiceState.RUNNING));
        assertThat(of(second, SubmitJob.class)).isEmpty();
        assertThat(h.record().services().get("kafka").reason()).isEqualTo("creating topic readings: broker not ready");
        assertThat(h.record().jobs().get("agg").reason()).isEqualTo("waiting for kafka");
        assertThat(h.record().sources().get("sensors").reason()).isEqualTo("waiting for kafka");

        h.cluster = PlannerHarness::done;
        List<Action> third = h.step(seen().services(ServiceState.RUNNING));
        assertThat(third).extracting(a -> a.getClass().getSimpleName()).containsExactly("CreateTopics", "SubmitJob");
    }

    @Test
    void theSourceStartsAndThePipelineRunsOnceTheStreamingJobReadingItsTopicHasAnExecutor() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        assertThat(of(h.step(seen().services(ServiceState.RUNNING)), StartSource.class)).isEmpty();
        assertThat(of(h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 0)),
                StartSource.class)).as("a driver without executors takes no input yet").isEmpty();
        assertThat(h.record().state()).isEqualTo(State.STARTING);

        List<StartSource> start = of(h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1)),
                StartSource.class);
        assertThat(start).hasSize(1);
        assertThat(start.get(0).task().name()).isEqualTo("demo-sensors");
        assertThat(start.get(0).task().command()).containsSubsequence(SourceStage.SIMULATOR_MAIN, "--bootstrap",
                "127.0.0.1:30000", "--topic", "readings", "--sensors", "2");
        assertThat(start.get(0).task().command()).containsSequence("--events", "100");
        assertThat(h.record().state()).as("every service, job and source started").isEqualTo(State.RUNNING);
        assertThat(h.record().runningAt()).isEqualTo(h.now);
        assertThat(h.planner.pause(h.run)).as("a running pipeline is stepped at the steady pace")
                .contains(h.settings.step());
    }

    @Test
    void aBatchJobIsSubmittedOnlyAfterTheSourcesItWaitsForFinished() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        assertThat(of(h.step(running(RunState.RUNNING)), SubmitJob.class)).isEmpty();
        assertThat(h.record().jobs().get("summary").reason()).isEqualTo("waiting for sensors");

        List<SubmitJob> submitted = of(h.step(running(RunState.FINISHED)), SubmitJob.class);
        assertThat(submitted).extracting(SubmitJob::key).containsExactly("summary");
        assertThat(submitted.get(0).submission().args()).containsExactly("127.0.0.2:30001");
    }

    @Test
    void nothingIsCreatedSubmittedOrStartedTwice() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        for (int i = 0; i < 5; i++) {
            h.step(running(RunState.RUNNING));
        }
        assertThat(of(h.actions, CreateService.class)).hasSize(2);
        assertThat(of(h.actions, CreateTopics.class)).hasSize(1);
        assertThat(of(h.actions, ApplySchema.class)).hasSize(1);
        assertThat(of(h.actions, SubmitJob.class)).hasSize(1);
        assertThat(of(h.actions, StartSource.class)).hasSize(1);
    }
}
