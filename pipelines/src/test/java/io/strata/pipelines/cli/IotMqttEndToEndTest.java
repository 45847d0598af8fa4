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
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * samples/iot-mqtt end to end with real processes started by Strata's agents: the pipeline's MQTT
 * broker (MqttBridge, an app), simulated devices publishing with QoS 1 (MqttDevices, a task),
 * Kafka, the Spark job and Cassandra. {@code strata run} drains it and its checks pass; Cassandra
 * holds every message the devices got a PUBACK for exactly once; the broker's address is in the
 * summary and in {@code strata pipeline status}; stopping deletes the app and gives everything back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IotMqttEndToEndTest {

    static final Path SAMPLE = IotMqttSample.DIR.resolve("pipeline.yaml");
    static final int DEVICES = IotMqttSample.DEVICES;
    static final int MESSAGES = IotMqttSample.MESSAGES;

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();
    static StrataCli run;

    @BeforeAll
    static void startClusterAndRunTheSample() throws Exception {
        // No agent holds the whole pipeline: the streaming job's executor must run on its driver's agent, where the
        // gateway app could take its room if it were placed first (the dispatcher checks that room when it places the
        // driver but does not hold it); the gateway is created only once the job runs with its executor.
        node = LoopbackCluster.start(home, 3, 3.0, 6144L, 8192L, "30100-30199", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
        run = StrataCli.run(home, "run", "--json", "--keep-running", SAMPLE.toString());
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    @Order(1)
    void theSampleDrainsAndEveryAcknowledgedMessageIsStoredExactlyOnce() throws Exception {
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode summary = StrataApi.JSON.readTree(run.out());
        assertThat(summary.path("state").asText()).isEqualTo("DRAINED");
        assertThat(summary.path("passed").asBoolean()).as(summary.toString()).isTrue();
        assertThat(summary.path("checks")).hasSize(2);
        assertThat(summary.path("events_produced").asLong()).as("Kafka holds every message at least once")
                .isGreaterThanOrEqualTo(DEVICES * MESSAGES);

        assertThat(IotMqttSample.rows(api, "SELECT count(*) AS n FROM iot_mqtt.messages").get(0).path("n").asLong())
                .isEqualTo(DEVICES * MESSAGES);
        JsonNode perDevice = IotMqttSample.rows(api, "SELECT device_id, count(*) AS n, min(seq) AS first, max(seq) AS last"
                + " FROM iot_mqtt.messages GROUP BY device_id");
        assertThat(perDevice).hasSize(DEVICES).allSatisfy(d -> {
            assertThat(d.path("n").asLong()).as(d.toString()).isEqualTo(MESSAGES);
            assertThat(d.path("first").asLong()).isZero();
            assertThat(d.path("last").asLong()).isEqualTo(MESSAGES - 1);
        });
    }

    @Test
    @Order(2)
    void theBrokersAddressIsInTheSummaryAndTheStatus() throws Exception {
        JsonNode summary = StrataApi.JSON.readTree(run.out());
        JsonNode gateway = summary.path("apps").get(0);
        assertThat(gateway.path("name").asText()).isEqualTo("iot-mqtt-gateway");
        assertThat(gateway.path("source").asText()).isEqualTo("mqtt");
        String endpoint = gateway.path("endpoints").get(0).asText();
        assertThat(endpoint).matches("127\\.0\\.0\\.\\d+:\\d+");

        StrataCli status = StrataCli.run(home, "pipeline", "status", "iot-mqtt");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("mqtt at " + endpoint);
        JsonNode app = api.get("/api/v1/apps/iot-mqtt-gateway").body();
        assertThat(app.path("instances").get(0).path("state").asText()).isEqualTo("HEALTHY");
        assertThat(app.path("endpoints").get(0).asText()).isEqualTo(endpoint);
    }

    @Test
    @Order(3)
    void stoppingDeletesTheBrokerAppAndGivesEveryResourceBack() {
        ProcessChecks.rememberPids(api, null, pids);
        assertThat(pids).isNotEmpty();
        StrataCli stop = StrataCli.run(home, "pipeline", "stop", "iot-mqtt");
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
        assertThat(stop.out()).contains("STOPPED");
        assertThat(api.get("/api/v1/apps/iot-mqtt-gateway").status()).isEqualTo(404);
        Eventually.await(Duration.ofSeconds(60), () -> "every resource free: " + api.get("/api/v1/agents").body(),
                () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(30), () -> "no process left: " + pids.stream().filter(ProcessChecks::alive)
                .toList(), () -> pids.stream().noneMatch(ProcessChecks::alive));
    }
}
