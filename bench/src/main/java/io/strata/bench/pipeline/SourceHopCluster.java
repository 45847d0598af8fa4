package io.strata.bench.pipeline;

import io.strata.bench.TaskPids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.strata.bench.launch.BenchCluster;
import io.strata.node.NodeConfig;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Strata side of figure 9's first hop: one node in this JVM (master, API, the Kafka framework)
 * with one agent of 2 cpus/4 GB on 127.0.0.1, driven through the HTTP API as the CLI and the
 * pipelines orchestrator drive it: a Kafka service ({@code POST /api/v1/kafka}) and ad-hoc tasks
 * ({@code POST /api/v1/tasks}, {@code DELETE /api/v1/tasks/{id}}). It remembers every task's pid
 * and its descendants', checks that a killed task's are gone, and kills any left once closed.
 */
final class SourceHopCluster implements AutoCloseable {

    static final String AGENT_PORTS = "30600-30679";
    private static final String SETTINGS = "strata.heartbeat-interval = 300ms\nstrata.allocation-interval = 200ms";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "KILLED", "LOST");
    private static final long POLL_MS = 200;

    private final BenchCluster cluster;
    private final StrataHttp api;
    private final TaskPids pids = new TaskPids();

    private SourceHopCluster(BenchCluster cluster) {
        this.cluster = cluster;
        this.api = new StrataHttp(cluster.node().apiUrl(), cluster.node().bootstrapToken().orElseThrow());
    }

    static SourceHopCluster start() throws Exception {
        BenchCluster cluster = BenchCluster.start(home -> List.of(new NodeConfig.AgentConfig("agent-1", "127.0.0.1",
                2.0, 4096L, 16384L, AGENT_PORTS, Map.of(), home.resolve("agent-1"))),
                ConfigFactory.parseString(SETTINGS));
        SourceHopCluster c = new SourceHopCluster(cluster);
        try {
            cluster.awaitState("the agent registered", st -> st.agents().size() == 1, Duration.ofSeconds(60));
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    /** A Kafka service of one broker as the sample's pipeline file asks for it; its bootstrap once ready. */
    String deployKafka(String name, double cpus, long memMb, long diskMb, Duration deadline) throws Exception {
        ObjectNode body = StrataHttp.JSON.createObjectNode().put("name", name).put("brokers", 1)
                .put("brokerCpus", cpus).put("brokerMem", memMb).put("brokerDisk", diskMb);
        StrataHttp.Answer a = api.post("/api/v1/kafka", body);
        if (!a.ok()) {
            throw new IllegalStateException("the node refused kafka " + body + ": HTTP " + a.status() + " " + a.body());
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            JsonNode s = api.getOk("/api/v1/kafka/" + name);
            rememberPids();
            JsonNode brokers = s.path("brokers");
            if (brokers.size() == 1 && brokers.get(0).path("ready").asBoolean(false)
                    && !s.path("bootstrap").asText().isBlank()) {
                return s.path("bootstrap").asText().split(",")[0];
            }
            if (s.path("state").asText().equals("FAILED") || System.nanoTime() > end) {
                throw new IllegalStateException("kafka " + name + " not ready within " + deadline.toSeconds() + " s: "
                        + s);
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** {@code POST /api/v1/tasks} as the orchestrator starts a source; the task's id. */
    String launch(String name, double cpus, long memMb, List<String> command) throws Exception {
        ObjectNode body = StrataHttp.JSON.createObjectNode().put("name", name).put("cpus", cpus).put("memMb", memMb);
        ArrayNode c = body.putArray("command");
        command.forEach(c::add);
        StrataHttp.Answer a = api.post("/api/v1/tasks", body);
        if (!a.ok() || !a.body().path("id").isTextual()) {
            throw new IllegalStateException("the node refused task " + name + ": HTTP " + a.status() + " " + a.body());
        }
        return a.body().path("id").asText();
    }

    /** Polls the task until it is RUNNING with a pid; remembers its pids. Throws if it ends first. */
    void awaitRunning(String id, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!running(id)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("task " + id + " not RUNNING within " + deadline.toSeconds() + " s: "
                        + task(id));
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * True once the task runs with a pid (remembered with its descendants); false while it is not
     * listed yet (a task just accepted may not be for a moment) or not yet running; throws if it has ended.
     */
    boolean running(String id) throws Exception {
        JsonNode t = task(id);
        if (t == null) {
            return false;
        }
        String state = t.path("state").asText();
        if (TERMINAL.contains(state)) {
            throw new IllegalStateException("task " + id + " ended " + state + " while measured: " + t);
        }
        if (!state.equals("RUNNING") || !t.path("pid").isNumber()) {
            return false;
        }
        pids.remember(t.path("pid").asLong());
        return true;
    }

    /**
     * {@code DELETE /api/v1/tasks/{id}} (the master's kill grace), then polls until the task is in a
     * terminal state and none of the processes remembered for it is alive; seconds that took.
     */
    double kill(String id, Duration deadline) throws Exception {
        Set<Long> its = new HashSet<>();
        JsonNode before = task(id);
        if (before != null && before.path("pid").isNumber()) {
            its.addAll(pids.remember(before.path("pid").asLong()));
        }
        long start = System.nanoTime();
        StrataHttp.Answer a = api.delete("/api/v1/tasks/" + id);
        if (!a.ok()) {
            throw new IllegalStateException("kill " + id + ": HTTP " + a.status() + " " + a.body());
        }
        long end = start + deadline.toNanos();
        while (true) {
            JsonNode t = task(id);
            boolean ended = t == null || TERMINAL.contains(t.path("state").asText());
            if (ended && its.stream().noneMatch(TaskPids::isAlive)) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("task " + id + " not gone within " + deadline.toSeconds() + " s of its"
                        + " kill: " + t + "; processes alive: " + its.stream().filter(TaskPids::isAlive).toList());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** {@code GET /api/v1/tasks/{id}}, or null if the task is not listed (404). */
    private JsonNode task(String id) throws Exception {
        StrataHttp.Answer a = api.get("/api/v1/tasks/" + id);
        if (a.status() == 404) {
            return null;
        }
        if (!a.ok()) {
            throw new IllegalStateException("GET /api/v1/tasks/" + id + ": HTTP " + a.status() + " " + a.body());
        }
        return a.body();
    }

    /** Adds the pid of every task with one, and its descendants, to those remembered. */
    void rememberPids() throws Exception {
        pids.rememberTasks(api.getOk("/api/v1/tasks"));
    }

    /** How many remembered processes still run (zombies do not count). */
    long alivePids() {
        return pids.alive();
    }

    int rememberedPids() {
        return pids.count();
    }

    /** Stops the node (its agent kills every task), then any remembered process still alive. */
    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            pids.killRemaining();
        }
    }
}
