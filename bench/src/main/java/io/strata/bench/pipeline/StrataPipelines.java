package io.strata.bench.pipeline;

import io.strata.bench.TaskPids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.bench.launch.BenchCluster;
import io.strata.bench.spark.SparkJars;
import io.strata.node.NodeConfig;
import io.strata.pipelines.spec.PipelineSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Strata side of figures 5, 6 and 9: one node in this JVM (master, API, the Kafka, Cassandra,
 * Spark and pipelines extensions) with three agents of 3 cpus/6 GB on 127.0.0.1-3, at the timings
 * of the pipelines end-to-end test, driven through the HTTP API as the CLI drives it. It remembers
 * the pid of every task it has seen, and of their descendants, to check that none is left.
 */
final class StrataPipelines implements AutoCloseable {

    static final int AGENTS = 3;
    static final String AGENT_PORTS = "30400-30479";
    /** Like the pipelines end-to-end test (heartbeats, allocation); the written query every 500 ms. */
    static final String SETTINGS = "strata.heartbeat-interval = 300ms\nstrata.allocation-interval = 200ms\n"
            + "strata.pipelines.written-interval = 500ms";

    private final BenchCluster cluster;
    private final StrataHttp api;
    private final TaskPids pids = new TaskPids();

    private StrataPipelines(BenchCluster cluster) {
        this.cluster = cluster;
        this.api = new StrataHttp(cluster.node().apiUrl(), cluster.node().bootstrapToken().orElseThrow());
    }

    static StrataPipelines start(SparkJars spark) throws Exception {
        Config overrides = ConfigFactory.parseString(SETTINGS);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        BenchCluster cluster;
        // The node finds its extensions through the context class loader: Spark's from its own loader,
        // Kafka's, Cassandra's and the pipelines' from this module's class path (its parent).
        thread.setContextClassLoader(spark.framework());
        try {
            cluster = BenchCluster.start(home -> {
                List<NodeConfig.AgentConfig> list = new ArrayList<>();
                for (int k = 1; k <= AGENTS; k++) {
                    list.add(new NodeConfig.AgentConfig("agent-" + k, "127.0.0." + k, 3.0, 6144L, 8192L,
                            AGENT_PORTS, Map.of(), home.resolve("agent-" + k)));
                }
                return list;
            }, overrides);
        } finally {
            thread.setContextClassLoader(before);
        }
        StrataPipelines s = new StrataPipelines(cluster);
        try {
            cluster.awaitState("the agents registered", st -> st.agents().size() == AGENTS,
                    java.time.Duration.ofSeconds(60));
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    /** What {@code strata pipeline start FILE} does: uploads the jobs' jars, then POSTs the spec. */
    void startPipeline(PipelineSpec spec) throws Exception {
        ObjectNode body = StrataHttp.JSON.createObjectNode();
        body.set("spec", StrataHttp.JSON.valueToTree(spec));
        ObjectNode jars = body.putObject("jars");
        for (PipelineSpec.JobSpec j : spec.jobs().values()) {
            Path jar = Path.of(j.jar());
            if (!Files.exists(jar)) {
                throw new IllegalStateException("job " + j.key() + ": " + jar + " does not exist");
            }
            jars.put(j.key(), api.upload(jar));
        }
        body.put("dryRun", false);
        StrataHttp.Answer a = api.post("/api/v1/pipelines", body);
        if (!a.ok()) {
            throw new IllegalStateException("the node refused pipeline " + spec.name() + ": HTTP " + a.status() + " "
                    + a.body());
        }
    }

    JsonNode status(String name) throws Exception {
        return api.getOk("/api/v1/pipelines/" + name);
    }

    void stopPipeline(String name) throws Exception {
        StrataHttp.Answer a = api.post("/api/v1/pipelines/" + name + "/stop",
                StrataHttp.JSON.createObjectNode().put("keepData", false));
        if (!a.ok()) {
            throw new IllegalStateException("stop " + name + ": HTTP " + a.status() + " " + a.body());
        }
    }

    /** Adds the pid of every task with one, and its descendants, to those remembered. */
    void rememberPids() throws Exception {
        pids.rememberTasks(api.getOk("/api/v1/tasks"));
    }

    int rememberedPids() {
        return pids.count();
    }

    /** How many remembered processes still run (zombies, which this machine's init leaves, do not count). */
    long alivePids() {
        return pids.alive();
    }

    /** True when no agent has cpus, memory or disk in use ({@code GET /api/v1/agents}). */
    boolean allResourcesFree() throws Exception {
        for (JsonNode a : api.getOk("/api/v1/agents")) {
            JsonNode used = a.path("used");
            if (used.path("cpus").asDouble() != 0 || used.path("memMb").asLong() != 0
                    || used.path("diskMb").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint of the pipeline's service of {@code type} (bootstrap, contactPoints), or null. */
    static String endpoint(JsonNode status, String type, String endpoint) {
        for (JsonNode s : status.path("services")) {
            if (s.path("type").asText().equals(type) && s.path("endpoints").hasNonNull(endpoint)) {
                String v = s.path("endpoints").path(endpoint).asText();
                return v.isBlank() ? null : v.split(",")[0];
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            pids.killRemaining();
        }
    }
}
