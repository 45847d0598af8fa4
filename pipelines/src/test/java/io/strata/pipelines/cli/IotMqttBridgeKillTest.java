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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * samples/iot-mqtt with its MQTT broker's process killed (SIGKILL) while the devices publish: the
 * apps framework starts it again (one agent and a fixed port, so at the same address), the devices
 * re-send what got no PUBACK, and Cassandra still holds every acknowledged message exactly once.
 * The sample runs slower here (200 messages a second) so that the kill lands mid-stream.
 */
class IotMqttBridgeKillTest {

    static final Path SAMPLE = IotMqttSample.DIR;
    static final int DEVICES = IotMqttSample.DEVICES;
    static final int MESSAGES = IotMqttSample.MESSAGES;

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();
    static CompletableFuture<StrataCli> run;

    @BeforeAll
    static void startCluster() {
        node = LoopbackCluster.start(home, 1, 4.0, 10240L, 16384L, "30100-30199", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
    }

    @AfterAll
    static void stopCluster() {
        if (run != null) {
            run.cancel(true);
        }
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** The sample at 200 messages a second, its broker on port 30199, its files by absolute path. */
    static Path slowSample() throws Exception {
        String yaml = Files.readString(SAMPLE.resolve("pipeline.yaml"))
                .replace("    rate: 1000\n", "    rate: 200\n")
                .replace("    type: mqtt\n", "    type: mqtt\n    port: 30199\n")
                .replace("schema: schema.cql", "schema: " + SAMPLE.resolve("schema.cql"))
                .replace("jar: ../iot-sensors/", "jar: " + SAMPLE.resolveSibling("iot-sensors") + "/");
        assertThat(yaml).contains("rate: 200", "port: 30199", SAMPLE.resolve("schema.cql").toString());
        Path file = home.resolve("iot-mqtt-slow.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static JsonNode gateway() {
        return api.get("/api/v1/apps/iot-mqtt-gateway").body();
    }

    @Test
    void killingTheBrokerMidStreamLosesNoAcknowledgedMessageAndCountsNoneTwice() throws Exception {
        Path file = slowSample();
        run = CompletableFuture.supplyAsync(() -> StrataCli.run(home, "run", "--json", "--keep-running",
                file.toString()));
        Eventually.await(Duration.ofMinutes(12), () -> "devices publishing: " + api.get("/api/v1/pipelines/iot-mqtt")
                .body(), () -> api.get("/api/v1/pipelines/iot-mqtt").body().path("events_produced").asLong() >= 1000);
        JsonNode before = gateway();
        String endpoint = before.path("endpoints").get(0).asText();
        long bridge = ProcessChecks.javaPid(api, before.path("instances").get(0).path("taskId").asText());
        long producedAtKill = api.get("/api/v1/pipelines/iot-mqtt").body().path("events_produced").asLong();
        ProcessHandle.of(bridge).orElseThrow().destroyForcibly();
        assertThat(producedAtKill).as("killed mid-stream").isLessThan(DEVICES * MESSAGES);

        Eventually.await(Duration.ofMinutes(2), () -> "the broker healthy again: " + gateway(), () -> {
            JsonNode g = gateway();
            return g.path("instances").get(0).path("restarts").asInt() == 1
                    && g.path("instances").get(0).path("state").asText().equals("HEALTHY");
        });
        assertThat(gateway().path("endpoints").get(0).asText()).as("the same address").isEqualTo(endpoint);

        StrataCli done = run.get(15, TimeUnit.MINUTES);
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        JsonNode summary = StrataApi.JSON.readTree(done.out());
        assertThat(summary.path("passed").asBoolean()).as(summary.toString()).isTrue();
        long produced = summary.path("events_produced").asLong();
        System.out.printf("MEASURED iot-mqtt with the broker killed at %d messages: %d in Kafka for %d acknowledged%n",
                producedAtKill, produced, DEVICES * MESSAGES);
        assertThat(produced).isGreaterThanOrEqualTo(DEVICES * MESSAGES);
        assertThat(IotMqttSample.rows(api, "SELECT count(*) AS n FROM iot_mqtt.messages").get(0).path("n").asLong())
                .isEqualTo(DEVICES * MESSAGES);
        assertThat(IotMqttSample.rows(api, "SELECT device_id, count(*) AS n FROM iot_mqtt.messages"
                + " GROUP BY device_id"))
                .hasSize(DEVICES).allSatisfy(d -> assertThat(d.path("n").asLong()).isEqualTo(MESSAGES));

        ProcessChecks.rememberPids(api, null, pids);
        StrataCli stop = StrataCli.run(home, "pipeline", "stop", "iot-mqtt");
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
        Eventually.await(Duration.ofSeconds(60), () -> "every resource free: " + api.get("/api/v1/agents").body(),
                () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(30), () -> "no process left: " + pids.stream().filter(ProcessChecks::alive)
                .toList(), () -> pids.stream().noneMatch(ProcessChecks::alive));
    }
}
