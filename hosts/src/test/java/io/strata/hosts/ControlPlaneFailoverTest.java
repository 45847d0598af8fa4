package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the control plane owns survives the death of the master host: three master hosts, three agent
 * hosts and a laptop host that runs only the CLI (configured with {@code strata cluster add}). A Kafka
 * service, a Cassandra service, running and PENDING ad-hoc tasks and a queued Spark submission are
 * made; the host of the master singleton (which also runs the frameworks' singletons) is killed.
 * Through the remaining masters — the CLI falling over to the next URL by itself — everything is
 * still listed and manageable, the queued work starts once resources free, and deleting it all
 * gives every cpu back and leaves no task process on any agent host.
 */
class ControlPlaneFailoverTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DEPLOY = Duration.ofMinutes(5);

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(7);

    @Test
    void servicesQueuedWorkAndTasksSurviveTheMasterHost() throws Exception {
        Strata strata = hosts.strata();
        List<Host> masters = hosts.range(0, 3);
        List<Host> agents = hosts.range(3, 6);
        Host laptop = hosts.get(6);

        // Two cpus per agent: one cpu loads fill the cluster exactly, whatever the placement.
        strata.startMasters(masters, START).startAgents(agents, masters.get(0), "--cpus", "2", "--mem", "6144");

        String urls = String.join(",", masters.stream().map(Strata::apiUrl).toList());
        strata.cli(laptop, "cluster", "add", "prod", urls).assertOk();
        strata.cli(laptop, "cluster", "use", "prod").assertOk();
        strata.awaitAgents(laptop, 3, START);

        strata.cli(laptop, "kafka", "create", "events", "--brokers", "1", "--wait").assertOk();
        strata.cli(laptop, "cassandra", "create", "ring", "--nodes", "1", "--node-mem", "1536", "--wait").assertOk();
        List<String> sleepers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            sleepers.add(strata.cli(laptop, "task", "run", "--name", "sleeper-" + i, "--cpus", "1", "--mem", "32",
                    "--", "sleep", "3600").assertOk().stdout().strip());
        }
        Await.until(START, "four sleepers running", () -> Optional.of(tasks(strata, laptop))
                .filter(t -> sleepers.stream().allMatch(id -> "RUNNING".equals(state(t, id)))));
        // The cluster is full: both of these wait.
        String big = strata.cli(laptop, "task", "run", "--name", "big", "--cpus", "2", "--mem", "64", "--",
                "sleep", "3600").assertOk().stdout().strip();
        Path jar = strata.release().root().resolve("samples/iot-sensors/target/iot-sensors.jar");
        String submission = strata.cli(laptop, "spark", "submit", "--class", "io.strata.samples.iot.SensorSummary",
                "--jar", jar.toString(), "--driver-memory", "512m").assertOk().stdout().strip();
        assertThat(state(tasks(strata, laptop), big)).isEqualTo("PENDING");
        assertThat(submissionState(strata, laptop, submission)).isEqualTo("QUEUED");

        JsonNode before = strata.cli(laptop, "status", "--json").assertOk().json();
        Host singleton = Strata.hostOf(before.path("master").path("address").asText(), masters);
        singleton.kill();

        // The CLI still lists masters.get(0) first: it has to fall over on its own.
        JsonNode after = Await.until(START, "a new master with three agents", () ->
                Optional.of(strata.cli(laptop, "status", "--json").assertOk().json())
                        .filter(s -> !s.path("master").path("address").asText().contains("@" + singleton.address() + ":"))
                        .filter(s -> Strata.activeAgentHosts(s).size() == 3));
        assertThat(after.path("master").path("address").asText()).isNotEmpty();
        JsonNode kafka = strata.cli(laptop, "kafka", "list", "--json").assertOk().json();
        assertThat(kafka.toString()).contains("\"events\"");
        JsonNode cassandra = strata.cli(laptop, "cassandra", "list", "--json").assertOk().json();
        assertThat(cassandra.toString()).contains("\"ring\"");
        JsonNode tasks = tasks(strata, laptop);
        assertThat(state(tasks, big)).as("the PENDING task is still queued").isEqualTo("PENDING");
        sleepers.forEach(id -> assertThat(state(tasks, id)).isEqualTo("RUNNING"));
        assertThat(submissionState(strata, laptop, submission)).as("the queued submission").isEqualTo("QUEUED");
        assertThat(strata.cli(laptop, "kafka", "status", "events", "--json").assertOk().json().path("state").asText())
                .isEqualTo("RUNNING");
        assertThat(strata.cli(laptop, "pipeline", "list", "--json").assertOk().json().isArray()).isTrue();

        // Manageable: a rolling restart of the ring through the new master.
        String ringTask = strata.cli(laptop, "cassandra", "status", "ring", "--json").assertOk().json()
                .path("nodes").get(0).path("taskId").asText();
        strata.cli(laptop, "cassandra", "restart", "ring").assertOk();
        Await.until(DEPLOY, "the ring restarted (a new task) and running", () -> Optional.of(
                        strata.cli(laptop, "cassandra", "status", "ring", "--json").assertOk().json())
                .filter(s -> s.path("state").asText().equals("RUNNING") && s.path("nodes").get(0).path("ready").asBoolean()
                        && !s.path("nodes").get(0).path("taskId").asText().equals(ringTask)));

        // Resources free: the queued work starts.
        sleepers.forEach(id -> strata.cli(laptop, "task", "kill", id).assertOk());
        Await.until(START, "the big task running", () -> Optional.of(tasks(strata, laptop))
                .filter(t -> "RUNNING".equals(state(t, big))));
        Await.until(START, "the Spark driver launched", () -> Optional.of(submissionState(strata, laptop, submission))
                .filter(s -> !s.equals("QUEUED")));
        strata.cli(laptop, "task", "kill", big).assertOk();
        strata.cli(laptop, "spark", "kill", submission);

        // Scale and delete.
        strata.cli(laptop, "kafka", "scale", "events", "--brokers", "2").assertOk();
        Await.until(DEPLOY, "two brokers running", () -> Optional.of(
                        strata.cli(laptop, "kafka", "status", "events", "--json").assertOk().json())
                .filter(s -> s.path("state").asText().equals("RUNNING") && s.path("brokers").size() == 2));
        strata.cli(laptop, "kafka", "delete", "events").assertOk();
        strata.cli(laptop, "cassandra", "delete", "ring").assertOk();
        Await.until(DEPLOY, "every cpu back", () -> Optional.of(strata.cli(laptop, "status", "--json").assertOk().json())
                .filter(s -> usedCpus(s) == 0.0));
        for (Host agent : agents) {
            long nodePid = strata.node(agent).pid();
            Await.until(Duration.ofSeconds(60), "no task process left on " + agent, () -> Optional.of(agent.pids())
                    .filter(pids -> pids.stream().allMatch(pid -> isStrataNode(pid, nodePid))));
        }
    }

    private static JsonNode tasks(Strata strata, Host laptop) {
        return strata.cli(laptop, "task", "list", "--json").assertOk().json();
    }

    private static String state(JsonNode tasks, String id) {
        for (JsonNode t : tasks) {
            if (t.path("id").asText().equals(id)) {
                return t.path("state").asText();
            }
        }
        return "MISSING";
    }

    private static String submissionState(Strata strata, Host laptop, String id) {
        JsonNode list = strata.cli(laptop, "spark", "list", "--json").assertOk().json();
        for (JsonNode s : list.path("submissions")) {
            if (s.path("id").asText().equals(id)) {
                return s.path("state").asText();
            }
        }
        return "MISSING";
    }

    private static double usedCpus(JsonNode state) {
        double used = 0;
        for (JsonNode a : state.path("agents")) {
            used += a.path("used").path("cpus").asDouble();
        }
        return used;
    }

    /** The node's JVM, or the launcher that execs it (same pid), or a shell between them. */
    private static boolean isStrataNode(long pid, long nodePid) {
        if (pid == nodePid) {
            return true;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.parent()).map(p -> p.pid() == nodePid).orElse(false);
    }
}
