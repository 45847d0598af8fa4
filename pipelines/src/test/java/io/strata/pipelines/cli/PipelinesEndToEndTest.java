package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.StrataCli;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples end to end with real Kafka, Cassandra and Spark processes started by Strata's agents:
 * the IoT pipeline (through {@code strata run}) and the batch ETL pipeline (through
 * {@code strata pipeline start}) start together on one cluster of three agents and both drain; the
 * aggregates in Cassandra count every produced event exactly once; the ad-hoc experiment runs
 * against the IoT pipeline's Cassandra; stopping gives every resource back and leaves no process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelinesEndToEndTest {

    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    static final Duration DRAIN = Duration.ofMinutes(15);

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();
    static CompletableFuture<StrataCli> iotRun;

    @BeforeAll
    static void startCluster() throws Exception {
        node = LoopbackCluster.start(home, 3, 3.0, 6144L, 8192L, "30100-30199", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        // The CLI finds this in-JVM cluster as it finds a daemon: through the home's cluster file.
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
    }

    @AfterAll
    static void stopCluster() {
        if (iotRun != null) {
            iotRun.cancel(true);
        }
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static StrataCli strata(String... args) {
        return StrataCli.run(home, args);
    }

    static String sample(String name) {
        return SAMPLES.resolve(name).resolve("pipeline.yaml").toString();
    }

    static JsonNode pipeline(String name) {
        return api.get("/api/v1/pipelines/" + name).body();
    }

    static JsonNode rows(String cassandraService, String cql) {
        var r = api.post("/api/v1/cassandra/" + cassandraService + "/cql",
                StrataApi.JSON.createObjectNode().put("statement", cql).put("consistency", "ALL").toString());
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().path("results").path(0).path("rows");
    }

    /** Remembers the pid of every task and its descendants, to check at the end that none is left. */
    static void rememberPids() {
        ProcessChecks.rememberPids(api, null, pids);
    }

    @Test
    @Order(1)
    void aPipelineTheClusterCanNeverRunIsRefusedAndNothingStarts() throws Exception {
        Path file = home.resolve("too-big.yaml");
        java.nio.file.Files.writeString(file, """
                name: too-big
                services:
                  cassandra:
                    nodes: 5
                """);
        StrataCli r = strata("pipeline", "start", file.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("services.cassandra", "5");
        assertThat(api.get("/api/v1/cassandra").body()).isEmpty();
        assertThat(api.get("/api/v1/pipelines").body()).isEmpty();
    }

    @Test
    @Order(2)
    void twoPipelinesStartedTogetherShareTheClusterAndBothDrain() throws Exception {
        // strata run on a cluster that is up: it uses it, and with --keep-running leaves the pipeline up.
        iotRun = CompletableFuture.supplyAsync(() -> strata("run", "--json", "--keep-running", sample("iot-sensors")));
        StrataCli batch = strata("pipeline", "start", sample("batch-etl"));
        assertThat(batch.exitCode()).as(batch.err()).isZero();

        Eventually.await(DRAIN, () -> "both pipelines DRAINED: " + pipeline("iot-sensors") + "\n" + pipeline("batch-etl"),
                () -> {
                    rememberPids();
                    return "DRAINED".equals(pipeline("iot-sensors").path("state").asText())
                            && "DRAINED".equals(pipeline("batch-etl").path("state").asText());
                });
        StrataCli run = iotRun.get(5, TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode summary = StrataApi.JSON.readTree(run.out());
        assertThat(summary.path("state").asText()).isEqualTo("DRAINED");
        assertThat(summary.path("passed").asBoolean()).isTrue();
        assertThat(summary.path("checks")).hasSize(2).allSatisfy(c -> assertThat(c.path("passed").asBoolean()).isTrue());

        // Every produced event counted exactly once in the aggregates, and each row consistent.
        JsonNode iot = pipeline("iot-sensors");
        assertThat(iot.path("events_produced").asLong()).isEqualTo(60_000);
        assertThat(iot.path("events_processed").asLong()).isEqualTo(60_000);
        JsonNode total = rows("iot-sensors-cassandra", "SELECT sum(count) AS total, count(*) AS n FROM iot.readings_by_minute");
        assertThat(total.get(0).path("total").asLong()).isEqualTo(60_000);
        JsonNode all = rows("iot-sensors-cassandra", "SELECT sensor_id, minute, count, avg, min, max FROM iot.readings_by_minute");
        assertThat(all.size()).isEqualTo(total.get(0).path("n").asInt()).isGreaterThanOrEqualTo(50);
        long sum = 0;
        for (JsonNode row : all) {
            assertThat(row.path("min").asDouble()).as(row.toString()).isLessThanOrEqualTo(row.path("avg").asDouble());
            assertThat(row.path("avg").asDouble()).as(row.toString()).isLessThanOrEqualTo(row.path("max").asDouble());
            assertThat(row.path("count").asLong()).isPositive().isLessThanOrEqualTo(60);
            sum += row.path("count").asLong();
        }
        assertThat(sum).isEqualTo(60_000);

        // The batch pipeline: one summary row per sensor covering every event.
        JsonNode etl = rows("batch-etl-cassandra", "SELECT sensor_id, count, avg, min, max FROM etl.sensor_summary");
        assertThat(etl).hasSize(20);
        long etlSum = 0;
        for (JsonNode row : etl) {
            assertThat(row.path("min").asDouble()).isLessThanOrEqualTo(row.path("avg").asDouble());
            assertThat(row.path("avg").asDouble()).isLessThanOrEqualTo(row.path("max").asDouble());
            etlSum += row.path("count").asLong();
        }
        assertThat(etlSum).isEqualTo(pipeline("batch-etl").path("events_produced").asLong()).isEqualTo(40_000);

        StrataCli status = strata("pipeline", "status", "iot-sensors", "--json");
        JsonNode s = StrataApi.JSON.readTree(status.out());
        assertThat(s.path("state").asText()).isEqualTo("DRAINED");
        assertThat(s.path("services")).hasSize(2);
        assertThat(s.path("services").get(0).path("type").asText()).isEqualTo("kafka");
        assertThat(s.path("services").get(0).path("name").asText()).isEqualTo("iot-sensors-kafka");
        assertThat(s.path("services").get(0).path("endpoints").path("bootstrap").asText()).matches("127\\.0\\.0\\.\\d:\\d+");
        assertThat(s.path("services").get(1).path("endpoints").path("contactPoints").asText()).matches("127\\.0\\.0\\.\\d:\\d+");
        assertThat(s.path("jobs").get(0).path("state").asText()).isEqualTo("RUNNING");
        dashboardData(s);
    }

    /**
     * What the dashboard draws of the drained IoT pipeline: its graph with every element's state, the
     * checks 'strata run' just ran, its counters' history, and its streaming job's executors and Spark UI.
     */
    static void dashboardData(JsonNode iot) throws Exception {
        JsonNode nodes = iot.path("graph").path("nodes");
        assertThat(nodes).extracting(n -> n.path("id").asText() + "=" + n.path("state").asText()).containsExactly(
                "source:sensors=FINISHED", "topic:kafka/readings=RUNNING", "job:aggregates=RUNNING",
                "table:cassandra/iot.readings_by_minute=RUNNING");
        assertThat(iot.path("graph").path("edges")).hasSize(3);
        assertThat(iot.path("checks")).hasSize(2).allSatisfy(c -> assertThat(c.path("passed").asBoolean()).as(c.toString())
                .isTrue());

        JsonNode points = api.get("/api/v1/pipelines/iot-sensors/history").body().path("points");
        assertThat(points.size()).as(points.toString()).isGreaterThan(2);
        assertThat(points.get(points.size() - 1).path("produced").asLong()).isEqualTo(60_000);
        assertThat(points).anySatisfy(p -> assertThat(p.path("produced_per_s").asDouble()).isPositive());
        assertThat(points).anySatisfy(p -> assertThat(p.path("processed_per_s").asDouble()).isPositive());

        String submission = iot.path("jobs").get(0).path("submission").asText();
        JsonNode driver = api.get("/api/v1/spark/submissions/" + submission).body();
        assertThat(driver.path("state").asText()).isEqualTo("RUNNING");
        assertThat(driver.path("demand").isNull()).as(driver.toString()).isTrue();
        String ui = driver.path("ui_url").asText();
        assertThat(ui).as(driver.toString()).matches("http://127\\.0\\.0\\.\\d+:301\\d\\d");
        var http = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        var page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(ui)).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Spark");

        JsonNode app = null;
        for (JsonNode a : api.get("/api/v1/spark/apps").body()) {
            if (submission.equals(a.path("submissionId").asText()) && "RUNNING".equals(a.path("state").asText())) {
                app = a;
            }
        }
        assertThat(app).as("the streaming job's application").isNotNull();
        JsonNode history = api.get("/api/v1/spark/apps/" + app.path("appId").asText() + "/history").body().path("points");
        assertThat(history).isNotEmpty();
        assertThat(history.get(history.size() - 1).path("running").asInt()).isEqualTo(1);
        assertThat(app.path("executors_history")).isNotEmpty();
    }

    @Test
    @Order(3)
    void anExperimentRunsAgainstTheRunningPipelinesCassandraAndLeavesItRunning() throws Exception {
        StrataCli r = strata("run", "--json", sample("sensor-experiment"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode summary = StrataApi.JSON.readTree(r.out());
        assertThat(summary.path("passed").asBoolean()).isTrue();
        assertThat(rows("iot-sensors-cassandra", "SELECT count(*) AS n FROM iot.anomalies").get(0).path("n").asLong())
                .isPositive();
        assertThat(pipeline("sensor-experiment").path("state").asText()).isEqualTo("STOPPED");
        assertThat(api.get("/api/v1/cassandra/iot-sensors-cassandra").body().path("state").asText()).isEqualTo("RUNNING");
        assertThat(pipeline("iot-sensors").path("state").asText()).isEqualTo("DRAINED");
    }

    @Test
    @Order(4)
    void stoppingGivesEveryResourceBackAndLeavesNoProcess() {
        rememberPids();
        assertThat(pids).isNotEmpty();
        for (String name : new String[] {"iot-sensors", "batch-etl"}) {
            StrataCli r = strata("pipeline", "stop", name);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("STOPPED");
        }
        Eventually.await(Duration.ofSeconds(60), () -> "every resource free: " + api.get("/api/v1/agents").body(),
                () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(30), () -> "no process left: " + pids.stream().filter(ProcessChecks::alive).toList(),
                () -> pids.stream().noneMatch(ProcessChecks::alive));
        assertThat(api.get("/api/v1/kafka").body()).isEmpty();
        assertThat(api.get("/api/v1/cassandra").body()).isEmpty();
        // Volumes hold disk until destroyed: all disk free means the services' volumes are gone too.
        for (JsonNode a : api.get("/api/v1/agents").body()) {
            assertThat(a.path("used").path("diskMb").asLong()).as(a.toString()).isZero();
        }
        JsonNode list = api.get("/api/v1/pipelines").body();
        assertThat(list).hasSize(3).allSatisfy(p -> assertThat(p.path("state").asText()).isEqualTo("STOPPED"));
    }
}
