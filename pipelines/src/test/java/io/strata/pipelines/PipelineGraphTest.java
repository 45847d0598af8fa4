package io.strata.pipelines;

import io.strata.pipelines.PipelineGraph.Edge;
import io.strata.pipelines.PipelineGraph.Graph;
import io.strata.pipelines.PipelineGraph.Node;
import io.strata.pipelines.spec.PipelineFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's graph of each sample pipeline, built from its file and its record. */
class PipelineGraphTest {

    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    static PipelineRecord fresh(String sample) throws Exception {
        return PipelineRecord.of(PipelineFile.read(SAMPLES.resolve(sample).resolve("pipeline.yaml")), Map.of(), 1000);
    }

    /** Every service running and prepared, every job and source running. */
    static PipelineRecord allRunning(PipelineRecord r) {
        for (ServiceRecord s : r.services().values()) {
            s = s.seen(ServiceState.RUNNING, "", s.endpoints());
            r = r.with(s.type().equals("kafka") ? s.withTopicsReady() : s.withSchemaApplied());
        }
        for (JobRecord j : r.jobs().values()) {
            r = r.with(j.seen(RunState.RUNNING, "", 1));
        }
        for (SourceRecord s : r.sources().values()) {
            r = r.with(s.seen(RunState.RUNNING, ""));
        }
        return r;
    }

    static List<String> ids(Graph g) {
        return g.nodes().stream().map(Node::id).toList();
    }

    static Node node(Graph g, String id) {
        return g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void iotSensorsIsSourceTopicStreamingJobAndItsTable() throws Exception {
        Graph g = PipelineGraph.of(fresh("iot-sensors"));
        assertThat(ids(g)).containsExactly("source:sensors", "topic:kafka/readings", "job:aggregates",
                "table:cassandra/iot.readings_by_minute");
        assertThat(g.edges()).containsExactly(new Edge("source:sensors", "topic:kafka/readings"),
                new Edge("topic:kafka/readings", "job:aggregates"),
                new Edge("job:aggregates", "table:cassandra/iot.readings_by_minute"));
        assertThat(g.nodes()).extracting(Node::kind).containsExactly(PipelineGraph.Kind.SOURCE, PipelineGraph.Kind.TOPIC,
                PipelineGraph.Kind.JOB, PipelineGraph.Kind.TABLE);
        assertThat(g.nodes()).extracting(Node::service).containsExactly(null, "kafka", null, "cassandra");
    }

    @Test
    void beforeAnythingStartedEachNodeSaysWhatItWaitsFor() throws Exception {
        Graph g = PipelineGraph.of(fresh("iot-sensors"));
        assertThat(g.nodes()).extracting(Node::state).containsExactly("WAITING", "PENDING", "WAITING", "PENDING");
        assertThat(node(g, "topic:kafka/readings").reason()).isEqualTo("kafka iot-sensors-kafka is pending");
    }

    @Test
    void onceEverythingRunsEveryNodeIsRunning() throws Exception {
        Graph g = PipelineGraph.of(allRunning(fresh("iot-sensors")));
        assertThat(g.nodes()).extracting(Node::state).containsOnly("RUNNING");
    }

    @Test
    void aTopicIsStartingWhileItsRunningKafkaHasNoTopicsYetAndATableWhileTheSchemaIsApplied() throws Exception {
        PipelineRecord r = fresh("iot-sensors");
        for (ServiceRecord s : r.services().values()) {
            r = r.with(s.seen(ServiceState.RUNNING, "", Map.of()));
        }
        Graph g = PipelineGraph.of(r);
        assertThat(node(g, "topic:kafka/readings").state()).isEqualTo("STARTING");
        assertThat(node(g, "topic:kafka/readings").reason()).contains("creating the topic");
        assertThat(node(g, "table:cassandra/iot.readings_by_minute").state()).isEqualTo("STARTING");
        assertThat(node(g, "table:cassandra/iot.readings_by_minute").reason()).contains("applying the schema");
    }

    @Test
    void aDegradedServiceGivesItsStateAndReasonToItsTables() throws Exception {
        PipelineRecord r = allRunning(fresh("iot-sensors"));
        ServiceRecord c = r.services().get("cassandra");
        r = r.with(c.seen(ServiceState.DEGRADED, "node-0: restarting in place after: exit 137", c.endpoints()));
        Node table = node(PipelineGraph.of(r), "table:cassandra/iot.readings_by_minute");
        assertThat(table.state()).isEqualTo("DEGRADED");
        assertThat(table.reason()).isEqualTo("cassandra iot-sensors-cassandra: node-0: restarting in place after: exit 137");
    }

    @Test
    void batchEtlIsSourceTopicBatchJobAndTheSummaryTable() throws Exception {
        Graph g = PipelineGraph.of(allRunning(fresh("batch-etl")));
        assertThat(ids(g)).containsExactly("source:sensors", "topic:kafka/raw-readings", "job:summary",
                "table:cassandra/etl.sensor_summary");
        assertThat(g.edges()).containsExactly(new Edge("source:sensors", "topic:kafka/raw-readings"),
                new Edge("topic:kafka/raw-readings", "job:summary"),
                new Edge("job:summary", "table:cassandra/etl.sensor_summary"));
        assertThat(node(g, "job:summary").label()).isEqualTo("summary (batch)");
    }

    @Test
    void sensorExperimentLinksItsJobToTheTableItsChecksRead() throws Exception {
        Graph g = PipelineGraph.of(fresh("sensor-experiment"));
        assertThat(ids(g)).containsExactly("job:anomalies", "table:cassandra/iot.anomalies");
        assertThat(g.edges()).containsExactly(new Edge("job:anomalies", "table:cassandra/iot.anomalies"));
    }

    @Test
    void tablesComeFromCreateTableStatementsWithTheKeyspaceOfAUseBeforeThem() {
        assertThat(PipelineGraph.createdTables("""
                CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};
                create table if not exists k.a (x int primary key);
                USE "k2";
                CREATE TABLE b (x int primary key);
                CREATE INDEX ON b (x);
                """)).containsExactly("k.a", "k2.b");
        assertThat(PipelineGraph.createdTables(null)).isEmpty();
        assertThat(PipelineGraph.readTables("SELECT sum(count) FROM iot.readings_by_minute WHERE x = 1"))
                .containsExactly("iot.readings_by_minute");
    }

    @Test
    void theStatusShowsTheGraphAndEachCheckWithItsLastResult() throws Exception {
        PipelineRecord r = allRunning(fresh("iot-sensors"));
        com.fasterxml.jackson.databind.JsonNode before = PipelineJson.status(r, null);
        assertThat(before.path("graph").path("nodes").get(0).toString()).isEqualTo("{\"id\":\"source:sensors\","
                + "\"kind\":\"source\",\"label\":\"sensors (sensor-simulator)\",\"state\":\"RUNNING\",\"reason\":\"\","
                + "\"service\":null}");
        assertThat(before.path("graph").path("edges").get(0).toString())
                .isEqualTo("{\"from\":\"source:sensors\",\"to\":\"topic:kafka/readings\"}");
        assertThat(before.path("checks").toString()).isEqualTo("[{\"name\":\"every event is counted exactly once\","
                + "\"passed\":null,\"detail\":\"not run yet; expects total == ${events.produced}\"},"
                + "{\"name\":\"min <= avg <= max on every row\",\"passed\":null,"
                + "\"detail\":\"not run yet; expects min <= avg <= max\"}]");
        com.fasterxml.jackson.databind.JsonNode lastRun = LocalApi.MAPPER.readTree("""
                {"checks":[{"name":"every event is counted exactly once","expect":"total == 60000","rows":1,
                "passed":true},{"name":"min <= avg <= max on every row","expect":"min <= avg <= max","rows":9,
                "passed":false,"problem":"1 of 9 rows fail: min 3.0 > avg 2.0"}],"passed":false}""");
        assertThat(PipelineJson.status(r, lastRun).path("checks").toString()).isEqualTo("[{\"name\":"
                + "\"every event is counted exactly once\",\"passed\":true,\"detail\":\"total == 60000 holds on 1 row\"},"
                + "{\"name\":\"min <= avg <= max on every row\",\"passed\":false,"
                + "\"detail\":\"1 of 9 rows fail: min 3.0 > avg 2.0\"}]");
    }
}
