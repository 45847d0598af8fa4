package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IoT sample on three master hosts and three agent hosts, its source slowed to stream for two
 * minutes; the host running the master singleton and the pipeline orchestrator is killed mid-stream.
 * Through the other masters the pipeline, its services, its job and its source are still known; it
 * goes on and drains with every produced event counted exactly once in Cassandra; stopping it gives
 * every resource back and leaves no task process on any host.
 */
class PipelineMasterLossTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration STREAM = Duration.ofMinutes(10);

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(7);

    @Test
    void thePipelineDrainsExactlyOnceAcrossTheLossOfTheMasterHost() throws IOException {
        Strata strata = hosts.strata();
        List<Host> masters = hosts.range(0, 3);
        List<Host> agents = hosts.range(3, 6);
        Host laptop = hosts.get(6);

        strata.startMasters(masters, START).startAgents(agents, masters.get(0), "--cpus", "3", "--mem", "6144");
        strata.useApi(laptop, masters.toArray(Host[]::new));
        strata.awaitAgents(laptop, 3, START);

        Path file = slowedSample(strata.release());
        strata.cli(laptop, "pipeline", "start", file.toString()).assertOk();
        // Mid-stream is what counts: the source produces from as soon as its topic exists, and the job may still
        // be waiting for its executor's room then (a source task on the driver's agent can hold it until it ends).
        JsonNode streaming = Await.until(STREAM, "events flowing into the pipeline", () -> Optional.of(status(strata, laptop))
                .filter(s -> !s.path("state").asText().equals("FAILED"))
                .filter(s -> s.path("events_produced").asLong() >= 2_000));
        assertThat(streaming.path("events_produced").asLong()).as("still streaming").isLessThan(60_000);

        JsonNode state = strata.cli(laptop, "status", "--json").assertOk().json();
        Host singleton = Strata.hostOf(state.path("master").path("address").asText(), masters);
        singleton.kill();
        strata.useApi(laptop, masters.stream().filter(m -> m != singleton).toArray(Host[]::new));

        JsonNode known = Await.until(START, "the pipeline through another master", () -> Optional.of(status(strata, laptop)));
        assertThat(known.path("services").findValuesAsText("key")).containsExactlyInAnyOrder("kafka", "cassandra");
        assertThat(known.path("jobs").findValuesAsText("name")).contains("aggregates");
        assertThat(known.path("sources").findValuesAsText("name")).contains("sensors");

        JsonNode drained = Await.until(STREAM, "the pipeline DRAINED", () -> Optional.of(status(strata, laptop))
                .filter(s -> s.path("state").asText().equals("DRAINED") || s.path("state").asText().equals("FAILED")));
        assertThat(drained.path("state").asText()).as(drained.toString()).isEqualTo("DRAINED");
        assertThat(drained.path("events_produced").asLong()).isEqualTo(60_000);

        JsonNode checks = strata.post(masters.stream().filter(m -> m != singleton).findFirst().orElseThrow(),
                "/api/v1/pipelines/iot-sensors/verify", "{}");
        assertThat(checks.path("passed").asBoolean()).as(checks.toString()).isTrue();

        strata.cli(laptop, "pipeline", "stop", "iot-sensors").assertOk();
        Await.until(START, "every cpu back", () -> Optional.of(strata.cli(laptop, "status", "--json").assertOk().json())
                .filter(s -> s.path("agents").findValues("used").stream().allMatch(u -> u.path("cpus").asDouble() == 0.0)));
        for (Host agent : agents) {
            long nodePid = strata.node(agent).pid();
            Await.until(Duration.ofSeconds(60), "no task process left on " + agent, () -> Optional.of(agent.pids())
                    .filter(pids -> pids.stream().allMatch(pid -> pid == nodePid)));
        }
    }

    private static JsonNode status(Strata strata, Host laptop) {
        return strata.cli(laptop, "pipeline", "status", "iot-sensors", "--json").assertOk().json();
    }

    /** The IoT sample with its source at 500 events/s: two minutes of streaming to kill a host in. */
    private static Path slowedSample(Release release) throws IOException {
        Path dir = release.root().resolve("samples").resolve("iot-sensors");
        String yaml = Files.readString(dir.resolve("pipeline.yaml"), StandardCharsets.UTF_8)
                .replace("    events: 60000\n", "    events: 60000\n    rate: 500\n");
        assertThat(yaml).contains("rate: 500");
        Path file = dir.resolve("pipeline-hosts.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }
}
