package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.pipelines.Action.CreateApp;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.PipelineRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.strata.pipelines.PlannerHarness.of;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What writes to a topic — a source task, an mqtt or http source, an app that may write to its
 * Kafka — starts only once the streaming jobs reading that topic run with their executors: started
 * earlier on a driver's agent it could take the room the executor needs there (the dispatcher checks
 * that room when it places the driver but does not hold it).
 */
class SourcesWaitForTheirJobsTest {

    static final String SERVICES = """
            services:
              kafka:
                topics: [{name: readings}, {name: other}]
            """;

    static String job(String key, String kind, String input) {
        return """
                  %s:
                    kind: %s
                    class: com.example.Agg
                    jar: app.jar
                    input: %s
                    args: ["${kafka.bootstrap}"]
                """.formatted(key, kind, input);
    }

    static final String SIMULATOR = PlannerHarness.SENSORS;

    @TempDir
    Path dir;

    private static PlannerHarness.Seen kafka() {
        return seen().service("kafka", ServiceState.RUNNING);
    }

    @Test
    void theSourceWaitsWhileTheStreamingJobHasNoExecutorAndStartsOnceItHasOne() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.step(seen().services(ServiceState.RUNNING));
        String waiting = "waiting for job agg to run with its executors";
        for (PlannerHarness.Seen s : List.of(seen().services(ServiceState.RUNNING).driver("agg", RunState.QUEUED, 0),
                seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 0,
                        "1 executor waiting for 4 cpus, 1024 MB on agent a2 (the driver's: its checkpoint is there)"))) {
            assertThat(of(h.step(s), StartSource.class)).isEmpty();
            assertThat(h.record().sources().get("sensors").reason()).isEqualTo(waiting);
        }
        assertThat(h.record().jobs().get("agg").reason()).as("the job says why itself")
                .isEqualTo("1 executor waiting for 4 cpus, 1024 MB on agent a2 (the driver's: its checkpoint is there)");
        JsonNode status = PipelineJson.status(h.record());
        assertThat(status.path("sources").get(0).path("reason").asText()).isEqualTo(waiting);
        assertThat(status.path("graph").path("nodes").findValues("reason")).extracting(JsonNode::asText)
                .contains(waiting);

        assertThat(of(h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1)),
                StartSource.class)).extracting(Action::key).containsExactly("sensors");
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aBatchJobReadingTheTopicDoesNotHoldTheSourceBack() {
        PlannerHarness h = new PlannerHarness(dir, "name: b\n" + SERVICES + "jobs:\n"
                + job("load", "batch", "kafka/readings") + "    after: [sensors]\n" + SIMULATOR);
        h.step(seen());
        List<Action> second = h.step(kafka());
        assertThat(of(second, StartSource.class)).extracting(Action::key).containsExactly("sensors");
        assertThat(of(second, SubmitJob.class)).as("the batch job runs after its source").isEmpty();
    }

    @Test
    void onlyTheStreamingJobsReadingTheSourcesTopicHoldItBackAndTheReasonNamesEach() {
        PlannerHarness h = new PlannerHarness(dir, "name: m\n" + SERVICES + "jobs:\n"
                + job("agg", "streaming", "kafka/readings") + job("count", "streaming", "kafka/readings")
                + job("elsewhere", "streaming", "kafka/other") + SIMULATOR);
        h.step(seen());
        h.step(kafka());
        assertThat(h.record().sources().get("sensors").reason())
                .isEqualTo("waiting for jobs agg, count to run with their executors");
        h.step(kafka().driver("agg", RunState.RUNNING, 1).driver("count", RunState.RUNNING, 0));
        assertThat(h.record().sources().get("sensors").reason())
                .isEqualTo("waiting for job count to run with its executors");
        assertThat(of(h.step(kafka().driver("agg", RunState.RUNNING, 1).driver("count", RunState.RUNNING, 1)),
                StartSource.class)).as("the job reading another topic holds nothing back").hasSize(1);
    }

    @Test
    void anHttpSourceWaitsForTheJobReadingItsTopicAndOneOnAnotherTopicDoesNot() {
        PlannerHarness h = new PlannerHarness(dir, "name: w\n" + SERVICES + "jobs:\n"
                + job("agg", "streaming", "kafka/readings") + """
                sources:
                  ingest: {type: http, topic: readings}
                  audit: {type: http, topic: other}
                """);
        h.step(seen());
        assertThat(of(h.step(kafka()), CreateApp.class)).extracting(Action::key).containsExactly("audit");
        assertThat(h.record().apps().get("ingest").reason()).isEqualTo("waiting for job agg to run with its executors");
        assertThat(PipelineJson.status(h.record()).path("sources").findValues("reason")).extracting(JsonNode::asText)
                .contains("waiting for job agg to run with its executors");
        assertThat(of(h.step(kafka().driver("agg", RunState.RUNNING, 1)), CreateApp.class)).extracting(Action::key)
                .containsExactly("ingest");
    }

    @Test
    void anAppMayWriteToTheKafkaItRefersToUnlessAJobNeedsItThenItComesFirst() {
        PlannerHarness h = new PlannerHarness(dir, "name: a\n" + SERVICES + """
                apps:
                  connect: {command: [connect, "${kafka.bootstrap}"]}
                  schemas: {command: [schemas, "${kafka.bootstrap}"], ports: [{name: http}]}
                  front: {command: [front, "${kafka.bootstrap}"], ports: [{name: http}]}
                  lookup: {command: [lookup, "${front.endpoints}"], ports: [{name: http}]}
                jobs:
                """ + job("agg", "streaming", "kafka/readings").replace("\"${kafka.bootstrap}\"",
                "\"${schemas.endpoints}\", \"${lookup.endpoints}\""));
        h.step(seen());
        assertThat(of(h.step(kafka()), CreateApp.class)).extracting(Action::key)
                .as("what the job needs, directly or through another app, cannot wait for it")
                .containsExactly("schemas", "front");
        assertThat(h.record().apps().get("connect").reason()).isEqualTo("waiting for job agg to run with its executors");
        java.util.function.Supplier<PlannerHarness.Seen> apps = () -> kafka().app("schemas", "RUNNING", 1, 1, "http")
                .app("front", "RUNNING", 1, 1, "http").app("lookup", "RUNNING", 1, 1, "http");
        assertThat(of(h.step(apps.get()), CreateApp.class)).extracting(Action::key).containsExactly("lookup");
        assertThat(of(h.step(apps.get()), SubmitJob.class)).hasSize(1);
        assertThat(of(h.step(apps.get().driver("agg", RunState.RUNNING, 1)), CreateApp.class))
                .extracting(Action::key).containsExactly("connect");
    }

    @Test
    void aSourceAppStillWaitingForTheJobAtTheProvisionTimeoutFailsThePipelineNamingTheJobAndWhy() {
        PlannerHarness h = new PlannerHarness(dir, "name: w\n" + SERVICES + "jobs:\n"
                + job("agg", "streaming", "kafka/readings") + "sources:\n  ingest: {type: http, topic: readings}\n");
        h.step(seen());
        h.step(kafka());
        h.now += PlannerHarness.PROVISION_TIMEOUT.toMillis();
        h.step(kafka().driver("agg", RunState.RUNNING, 0, "1 executor waiting for 4 cpus, 1024 MB on an agent"));
        assertThat(h.record().state()).isEqualTo(State.FAILED);
        assertThat(h.record().reason()).isEqualTo("services not ready within 15 min: app w-ingest (PENDING, 0 of 0"
                + " healthy: waiting for job agg to run with its executors), job agg (RUNNING, 0 executors: 1 executor"
                + " waiting for 4 cpus, 1024 MB on an agent)");
    }

    @Test
    void aStopWhileTheSourceWaitsTakesTheJobAndServicesDownAndNeverStartsTheSource() {
        PlannerHarness h = new PlannerHarness(dir);
        h.step(seen());
        h.step(seen().services(ServiceState.RUNNING));
        h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 0));
        h.stop(false);
        assertThat(h.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1)))
                .extracting(a -> a.getClass().getSimpleName())
                .containsExactly("KillJob", "DeleteService", "DeleteService");
        h.step(seen().serviceMissing("kafka").serviceMissing("cassandra").driver("agg", RunState.KILLED, 0)
                .executorsLeft(0));
        assertThat(h.record().state()).isEqualTo(State.STOPPED);
        assertThat(of(h.actions, StartSource.class)).isEmpty();
    }

    @Test
    void aRunningDriverSaysWhatItsPendingExecutorsWaitFor() throws Exception {
        JsonNode onItsAgent = LocalApi.MAPPER.readTree("""
                {"state": "RUNNING", "executors": [], "reason": "", "pending_executors": 1,
                 "demand": {"cpus": 4.0, "memMb": 1024, "diskMb": 0, "ports": 0, "group": "default", "agent": "a2"}}""");
        assertThat(PipelineObserver.executorsWaiting(onItsAgent))
                .isEqualTo("1 executor waiting for 4 cpus, 1024 MB on agent a2 (the driver's: its checkpoint is there)");
        JsonNode anywhere = LocalApi.MAPPER.readTree("""
                {"state": "RUNNING", "pending_executors": 2,
                 "demand": {"cpus": 0.5, "memMb": 512, "diskMb": 0, "ports": 0, "group": "default", "agent": null}}""");
        assertThat(PipelineObserver.executorsWaiting(anywhere)).isEqualTo("2 executors waiting for 0.5 cpus, 512 MB on an agent");
        JsonNode limited = LocalApi.MAPPER.readTree("""
                {"state": "RUNNING", "pending_executors": 2, "reason": "2 executors waiting: group science is at its limit of 6 cpus"}""");
        assertThat(PipelineObserver.executorsWaiting(limited)).isEqualTo("2 executors waiting: group science is at its limit of 6 cpus");
        assertThat(PipelineObserver.executorsWaiting(LocalApi.MAPPER.readTree("{\"pending_executors\": 0}"))).isEmpty();
        assertThat(PipelineObserver.executorsWaiting(LocalApi.MAPPER.missingNode())).isEmpty();
    }
}
