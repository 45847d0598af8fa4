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
import java.util.function.Function;

import static io.strata.pipelines.PlannerHarness.running;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way a pipeline fails says why, in words a person can act on. */
class FailureReasonsTest {

    @TempDir
    Path dir;

    private static Function<Action, Outcome> refusing(Class<? extends Action> kind, String error) {
        return a -> kind.isInstance(a) ? new Outcome.Refused(a, error) : PlannerHarness.done(a);
    }

    @Test
    void aServiceTheClusterRefusesFailsThePipelineWithTheFrameworksWordsAndNothingMoreStarts() {
        PlannerHarness h = new PlannerHarness(dir);
        h.cluster = a -> a instanceof CreateService && a.key().equals("cassandra")
                ? new Outcome.Refused(a, "5 nodes need 5 agents; this cluster has 3") : PlannerHarness.done(a);
        h.step(seen());
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason())
                .isEqualTo("services.cassandra: the cluster refused cassandra demo-cassandra: "
                        + "5 nodes need 5 agents; this cluster has 3");
        assertThat(h.step(seen().services(ServiceState.RUNNING))).as("a failed pipeline starts nothing").isEmpty();
    }

    @Test
    void aServiceThatVanishesUnderARunningPipelineFailsIt() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.RUNNING).serviceMissing("kafka"));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason()).isEqualTo("services.kafka: kafka demo-kafka no longer exists");
        assertThat(h.record().services().get("kafka").state()).isEqualTo(ServiceState.GONE);
    }

    @Test
    void aStreamingJobThatEndsFailsThePipelineWithItsReason() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.RUNNING).driver("agg", RunState.FAILED, 0, "exit code 1: OutOfMemoryError"));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason()).isEqualTo("job agg ended FAILED: exit code 1: OutOfMemoryError");
    }

    @Test
    void aDriverWhoseTaskIsGoneIsLostAndFailsThePipeline() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        String driver = h.record().jobs().get("agg").submissionId();
        h.step(running(RunState.RUNNING).driverGone("agg"));
        assertThat(h.record().jobs().get("agg").state()).isEqualTo(RunState.LOST);
        assertThat(h.record().reason()).isEqualTo("job agg ended LOST: its driver task " + driver + " is gone");
    }

    @Test
    void aBatchJobThatFinishesIsNoFailure() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.FINISHED));
        h.step(running(RunState.FINISHED).driver("summary", RunState.FINISHED, 0));
        assertThat(h.record().jobs().get("summary").state()).isEqualTo(RunState.FINISHED);
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aSourceThatEndsBadlyFailsThePipeline() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.KILLED).task("sensors", RunState.KILLED, "killed by an operator"));
        assertThat(h.record().reason()).isEqualTo("source sensors ended KILLED: killed by an operator");
    }

    @Test
    void servicesNotReadyWithinTheProvisionTimeoutFailWithWhatEachIsWaitingFor() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.now += PlannerHarness.PROVISION_TIMEOUT.toMillis() - 2000;
        h.step(seen().service("kafka", ServiceState.RUNNING)
                .service("cassandra", ServiceState.DEPLOYING, "node-0: waiting for an offer with 1 cpus"));
        assertThat(h.record().state()).isEqualTo(State.STARTING);
        h.step(seen().service("kafka", ServiceState.RUNNING)
                .service("cassandra", ServiceState.DEPLOYING, "node-0: waiting for an offer with 1 cpus"));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason()).isEqualTo("services not ready within 15 min: cassandra demo-cassandra "
                + "(DEPLOYING: node-0: waiting for an offer with 1 cpus)");
    }

    @Test
    void aRefusedTopicFailsThePipelineNamingIt() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.cluster = refusing(CreateTopics.class, "cannot create topic readings: replication factor 3 larger than 1 broker");
        h.step(seen().services(ServiceState.RUNNING));
        assertThat(h.record().reason())
                .isEqualTo("services.kafka.topics: cannot create topic readings: replication factor 3 larger than 1 broker");
    }

    @Test
    void aRefusedSchemaFailsThePipelineWithCassandrasError() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.cluster = refusing(ApplySchema.class, "line 1: no viable alternative at input 'CREAT'");
        h.step(seen().services(ServiceState.RUNNING));
        assertThat(h.record().reason()).isEqualTo("services.cassandra.schema: line 1: no viable alternative at input 'CREAT'");
    }

    @Test
    void aJobOrSourceTheClusterRefusesFailsThePipeline() {
        PlannerHarness job = new PlannerHarness(dir);
        job.step(seen());
        job.cluster = refusing(SubmitJob.class, "class com.example.Agg is not in app.jar");
        job.step(seen().services(ServiceState.RUNNING));
        assertThat(job.record().reason())
                .isEqualTo("jobs.agg: the cluster refused the Spark job: class com.example.Agg is not in app.jar");

        PlannerHarness source = new PlannerHarness(dir);
        source.step(seen());
        source.step(seen().services(ServiceState.RUNNING));
        source.cluster = refusing(StartSource.class, "cpus must be positive");
        source.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1));
        assertThat(source.record().reason())
                .isEqualTo("sources.sensors: the cluster refused the source's task: cpus must be positive");
    }

    @Test
    void theFirstFailureIsTheOneShown() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(running(RunState.LOST).driver("agg", RunState.FAILED, 0).serviceMissing("cassandra"));
        assertThat(h.record().reason()).isEqualTo("services.cassandra: cassandra demo-cassandra no longer exists");
        h.step(running(RunState.LOST).serviceMissing("kafka"));
        assertThat(h.record().reason()).isEqualTo("services.cassandra: cassandra demo-cassandra no longer exists");
    }
}
