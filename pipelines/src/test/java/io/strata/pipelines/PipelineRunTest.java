package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pipeline's order of work and its states, step by step, with the real observer and runner
 * against a cluster that exists only in this test (answers as the real API gives them) and a
 * fake clock: no threads, no sleeps, no HTTP.
 */
class PipelineRunTest {

    static final String FILE = """
            name: demo
            services:
              kafka:
                topics: [{name: readings}]
              cassandra:
                schema: "CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};"
            jobs:
              agg:
                kind: streaming
                class: com.example.Agg
                jar: app.jar
                input: kafka/readings
                args: ["${kafka.bootstrap}", "${cassandra.contactPoints}", "${job.group}"]
              summary:
                kind: batch
                class: com.example.Summary
                jar: app.jar
                after: [sensors]
                args: ["${cassandra.contactPoints}"]
            """ + PlannerHarness.SENSORS;

    @TempDir
    Path dir;

    static final Duration GRACE = Duration.ofSeconds(10);
    static final java.time.Instant NOW = java.time.Instant.parse("2026-06-01T12:00:00Z");

    /** The control store the orchestrator keeps its records in. */
    final MemoryControlStore records = new MemoryControlStore();

    final FakeCluster cluster = new FakeCluster();
    final FakeOffsets offsets = new FakeOffsets();
    PlannerHarness run;
    PipelineIo io;

    /** Services, submissions and tasks as the frameworks' API reports them; the test moves their states. */
    static final class FakeCluster extends LocalApi {
        final Map<String, String> services = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        final Map<String, String> submissions = new LinkedHashMap<>();
        final Map<String, Integer> executors = new HashMap<>();
        final Map<String, String> tasks = new LinkedHashMap<>();
        /** When the master the API answers for took over (far in the past unless a test fails it over). */
        java.time.Instant leaderSince = java.time.Instant.parse("2026-01-01T00:00:00Z");
        int ids;

        @Override
        Answer get(String path) {
            calls.add("GET " + path);
            String[] p = path.split("/");
            if (path.startsWith("/api/v1/kafka/") || path.startsWith("/api/v1/cassandra/")) {
                String state = services.get(p[4]);
                if (state == null) {
                    return error(404);
                }
                ObjectNode n = MAPPER.createObjectNode().put("name", p[4]).put("state", state).put("reason", "");
                if (p[3].equals("kafka")) {
                    n.put("bootstrap", "127.0.0.1:30000");
                } else {
                    n.putArray("contactPoints").add("127.0.0.2:30001");
                }
                return new Answer(200, n);
            }
            if (path.startsWith("/api/v1/spark/submissions/")) {
                String state = submissions.get(p[5]);
                ObjectNode n = MAPPER.createObjectNode().put("state", state).put("reason", "");
                ArrayNode ex = n.putObject("app").putArray("executors");
                for (int i = 0; i < executors.getOrDefault(p[5], 0); i++) {
                    ex.addObject().put("state", "RUNNING").put("taskId", p[5] + "-exec-" + i);
                }
                return new Answer(200, n);
            }
            if (path.startsWith("/api/v1/tasks/")) {
                String state = tasks.get(p[4]);
                return state == null ? error(404) : new Answer(200, MAPPER.createObjectNode().put("state", state).put("reason", ""));
            }
            if (path.equals("/api/v1/state")) {
                ObjectNode n = MAPPER.createObjectNode();
                n.putObject("master").put("leaderSince", leaderSince.toString());
                return new Answer(200, n);
            }
            if (path.equals("/api/v1/spark/apps") || path.equals("/api/v1/tasks")) {
                return new Answer(200, MAPPER.createArrayNode());
            }
            return error(404);
        }

        @Override
        Answer post(String path, JsonNode body, Duration timeout) {
            calls.add("POST " + path);
            if (path.equals("/api/v1/kafka") || path.equals("/api/v1/cassandra")) {
                services.putIfAbsent(body.path("name").asText(), "DEPLOYING");
                return new Answer(201, MAPPER.createObjectNode());
            }
            if (path.equals("/api/v1/spark/submissions")) {
                String id = "driver-" + ++ids;
                submissions.put(id, "QUEUED");
                calls.add("submit " + body.path("name").asText() + " " + body.path("args"));
                return new Answer(201, MAPPER.createObjectNode().put("id", id));
            }
            if (path.equals("/api/v1/tasks")) {
                String id = body.path("name").asText() + "-" + ++ids;
                tasks.put(id, "PENDING");
                return new Answer(201, MAPPER.createObjectNode().put("id", id));
            }
            return new Answer(path.endsWith("/cql") ? 200 : 201, MAPPER.createObjectNode());
        }

        @Override
        Answer delete(String path) {
            calls.add("DELETE " + path);
            String[] p = path.replaceFirst("[?].*$", "").split("/");
            if (path.startsWith("/api/v1/spark/submissions/")) {
                submissions.put(p[5], "KILLED");
                executors.remove(p[5]);
            } else if (path.startsWith("/api/v1/tasks/")) {
                tasks.put(p[4], "KILLED");
            } else {
                services.remove(p[4]);
            }
            return new Answer(202, MAPPER.createObjectNode());
        }

        boolean called(String prefix) {
            return calls.stream().anyMatch(c -> c.startsWith(prefix));
        }

        private static Answer error(int status) {
            return new Answer(status, MAPPER.createObjectNode().put("error", "HTTP " + status));
        }
    }

    static final class FakeOffsets extends KafkaOffsets {
        long end;
        long committed;

        @Override
        long endOffsets(String bootstrap, String topic) {
            return end;
        }

        @Override
        long committed(String bootstrap, String group, String topic) {
            return committed;
        }
    }

    @BeforeEach
    void setUp() {
        run = new PlannerHarness(dir, FILE);
        io = PipelineIo.of(new PipelineObserver(cluster, offsets, "demo", GRACE, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
                new ActionRunner(cluster, "demo"));
    }

    void step() {
        run.step(io);
    }

    PipelineRecord rec() {
        return run.record();
    }

    /** Services RUNNING, the streaming driver with an executor: the source's task is launched; its id. */
    String startedSource() {
        cluster.services.put("demo-kafka", "RUNNING");
        cluster.services.put("demo-cassandra", "RUNNING");
        step();
        step();
        cluster.submissions.put("driver-1", "RUNNING");
        cluster.executors.put("driver-1", 1);
        step();
        assertThat(cluster.tasks).hasSize(1);
        return cluster.tasks.keySet().iterator().next();
    }

    @Test
    void servicesFirstThenTheStreamingJobWithItsTopicThenItsSourceOnceItHasExecutorsThenBatchJobsAfterTheirSources() {
        step();
        assertThat(cluster.services).containsOnlyKeys("demo-kafka", "demo-cassandra");
        assertThat(cluster.called("submit")).as("no job before its services run").isFalse();
        assertThat(rec().state()).isEqualTo(State.STARTING);

        cluster.services.put("demo-kafka", "RUNNING");
        step();
        assertThat(cluster.called("POST /api/v1/kafka/demo-kafka/topics")).isTrue();
        assertThat(cluster.calls).as("its topic exists and Cassandra is placed; the job's sink waits for Cassandra")
                .contains("submit demo-agg [\"127.0.0.1:30000\",\"127.0.0.2:30001\",\"strata-demo-agg\"]");
        assertThat(cluster.tasks).as("the source waits for the streaming job reading its topic").isEmpty();
        assertThat(rec().sources().get("sensors").reason()).isEqualTo("waiting for job agg to run with its executors");

        cluster.services.put("demo-cassandra", "RUNNING");
        step();
        assertThat(cluster.called("POST /api/v1/cassandra/demo-cassandra/cql")).isTrue();
        assertThat(cluster.calls.stream().filter(c -> c.startsWith("submit demo-summary"))).as("waits for the source").isEmpty();

        cluster.submissions.put("driver-1", "RUNNING");
        step();
        assertThat(rec().state()).as("a running driver without executors takes no input yet").isEqualTo(State.STARTING);
        assertThat(cluster.tasks).isEmpty();
        cluster.executors.put("driver-1", 1);
        step();
        assertThat(cluster.tasks).as("the source starts once the job has its executor").hasSize(1);
        assertThat(rec().state()).isEqualTo(State.RUNNING);

        String source = cluster.tasks.keySet().iterator().next();
        cluster.tasks.put(source, "RUNNING");
        offsets.end = 100;
        offsets.committed = 40;
        step();
        step();
        assertThat(rec().eventsProduced()).isEqualTo(100);
        assertThat(rec().eventsProcessed()).isEqualTo(40);
        assertThat(rec().lag()).isEqualTo(60);

        cluster.tasks.put(source, "FINISHED");
        step();
        assertThat(cluster.calls.stream().filter(c -> c.startsWith("submit demo-summary"))).hasSize(1);
        step();
        step();
        assertThat(rec().state()).as("lag 60 and the batch job still running").isEqualTo(State.RUNNING);

        offsets.committed = 100;
        String summary = rec().jobs().get("summary").submissionId();
        assertThat(summary).isNotNull();
        cluster.submissions.put(summary, "FINISHED");
        for (int i = 0; i < 4; i++) {
            step();
        }
        assertThat(rec().state()).isEqualTo(State.DRAINED);
        assertThat(rec().reason()).contains("100 events");
    }

    @Test
    void aSourceTaskUnknownToAMasterThatJustTookOverIsNotLostUntilItsGraceHasPassed() {
        String source = startedSource();
        cluster.tasks.put(source, "RUNNING");
        step();
        assertThat(rec().sources().get("sensors").state()).isEqualTo(RunState.RUNNING);

        // The master failed over 3 s ago and the source's agent has not re-registered yet.
        cluster.tasks.remove(source);
        cluster.leaderSince = NOW.minusSeconds(3);
        step();
        step();
        assertThat(rec().sources().get("sensors").state()).as("not gone within the grace").isEqualTo(RunState.RUNNING);
        assertThat(rec().state()).isEqualTo(State.RUNNING);

        // Still unknown past the grace: gone.
        cluster.leaderSince = NOW.minus(GRACE).minusSeconds(1);
        step();
        assertThat(rec().sources().get("sensors").state()).isEqualTo(RunState.LOST);
        assertThat(rec().state()).isEqualTo(State.FAILED);
        assertThat(rec().reason()).isEqualTo("source sensors ended LOST: its task " + source + " is gone");
    }

    @Test
    void stopWithoutKeptDataDeletesTheServicesWithTheJobsAndSourcesAndEndsStoppedWithNothingLeft() {
        startedSource();
        cluster.tasks.replaceAll((k, v) -> "RUNNING");

        run.stop(false);
        step();
        assertThat(rec().state()).isEqualTo(State.STOPPING);
        assertThat(cluster.called("DELETE /api/v1/tasks/")).isTrue();
        // The data goes, so nothing waits for a graceful shutdown.
        assertThat(cluster.called("DELETE /api/v1/spark/submissions/driver-1?grace=0s")).isTrue();
        assertThat(cluster.called("DELETE /api/v1/kafka/demo-kafka?grace=0s")).as("in the same step").isTrue();
        assertThat(cluster.called("DELETE /api/v1/cassandra/demo-cassandra?grace=0s")).isTrue();
        step();
        step();
        assertThat(cluster.services).isEmpty();
        assertThat(rec().state()).as(rec().reason()).isEqualTo(State.STOPPED);
        assertThat(rec().reason()).contains("every resource is back");
    }

    @Test
    void aStreamingJobThatEndsFailsThePipelineWithItsReason() {
        cluster.services.put("demo-kafka", "RUNNING");
        step();
        step();
        cluster.submissions.put("driver-1", "FAILED");
        step();
        assertThat(rec().state()).isEqualTo(State.FAILED);
        assertThat(rec().reason()).startsWith("job agg ended FAILED");
        cluster.services.put("demo-cassandra", "RUNNING");
        cluster.tasks.replaceAll((k, v) -> "FINISHED");
        step();
        assertThat(cluster.called("POST /api/v1/cassandra/demo-cassandra/cql")).as("nothing more starts once failed")
                .isFalse();
        assertThat(cluster.called("submit demo-summary")).isFalse();
    }

    @Test
    void theSavedRecordLetsAResumedRunCarryOnWithoutCreatingAnythingTwice() throws Exception {
        cluster.services.put("demo-kafka", "RUNNING");
        step();
        PipelineStore store = new PipelineStore(records, dir.resolve("store"));
        store.save("demo", LocalApi.MAPPER.writeValueAsString(rec()));
        PipelineRecord saved = store.load().get(0);
        assertThat(saved.name()).isEqualTo("demo");
        assertThat(saved.services().get("kafka").created()).isTrue();
        assertThat(saved.spec()).isEqualTo(rec().spec());
        long creates = cluster.calls.stream().filter(c -> c.equals("POST /api/v1/kafka")).count();

        run = PlannerHarness.resumed(dir, saved);
        step();
        assertThat(cluster.calls.stream().filter(c -> c.equals("POST /api/v1/kafka"))).as("not created twice").hasSize((int) creates);
        assertThat(rec().services().get("kafka").topicsReady()).isTrue();
    }
}
