package io.strata.bench.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.strata.bench.launch.BenchCluster;
import io.strata.node.NodeConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Strata side: one node in this JVM (master, API, the Kafka and Cassandra frameworks) with
 * agents on 127.0.0.1.., driven through the HTTP API as the CLI drives it: create a service, wait
 * until every pod is ready, read its endpoints. It remembers every task's pid, and their
 * descendants', and kills any still alive once the node is closed.
 */
final class StrataServices implements AutoCloseable {

    static final String AGENT_PORTS = "30500-30579";
    private static final String SETTINGS = "strata.heartbeat-interval = 300ms\nstrata.allocation-interval = 200ms";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchCluster cluster;
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Set<Long> pids = new HashSet<>();

    private StrataServices(BenchCluster cluster) {
        this.cluster = cluster;
        this.base = URI.create(cluster.node().apiUrl());
        this.token = cluster.node().bootstrapToken().orElseThrow();
    }

    /** A node with {@code agents} agents of {@code cpus} and {@code memMb} each, on 127.0.0.1 up. */
    static StrataServices start(int agents, double cpus, long memMb) throws Exception {
        BenchCluster cluster = BenchCluster.start(home -> {
            List<NodeConfig.AgentConfig> list = new ArrayList<>();
            for (int k = 1; k <= agents; k++) {
                list.add(new NodeConfig.AgentConfig("agent-" + k, "127.0.0." + k, cpus, memMb, 16384L, AGENT_PORTS,
                        Map.of(), home.resolve("agent-" + k)));
            }
            return list;
        }, ConfigFactory.parseString(SETTINGS));
        StrataServices s = new StrataServices(cluster);
        try {
            cluster.awaitState("the agents registered", st -> st.agents().size() == agents, Duration.ofSeconds(60));
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    /** {@code POST /api/v1/<type>} with {@code body}; fails unless the node accepts it. */
    void create(String type, ObjectNode body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/api/v1/" + type))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("the node refused " + type + " " + body + ": HTTP " + r.statusCode() + " "
                    + r.body());
        }
    }

    /**
     * Polls {@code GET /api/v1/<type>/<name>} every 200 ms until {@code ready} holds of it; returns
     * that status. Remembers its tasks' pids on the way.
     */
    JsonNode awaitReady(String type, String name, Predicate<JsonNode> ready, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            JsonNode s = get("/api/v1/" + type + "/" + name);
            rememberPids();
            if (ready.test(s)) {
                return s;
            }
            if (s.path("state").asText().equals("FAILED") || System.nanoTime() > end) {
                throw new IllegalStateException(type + " " + name + " not ready within " + deadline.toSeconds() + " s: "
                        + s);
            }
            Thread.sleep(200);
        }
    }

    /** True when {@code count} pods are listed under {@code array} and every one is ready. */
    static boolean podsReady(JsonNode status, String array, int count) {
        JsonNode pods = status.path(array);
        if (pods.size() != count) {
            return false;
        }
        for (JsonNode p : pods) {
            if (!p.path("ready").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Adds the pid of every task with one, and its descendants, to those remembered. */
    void rememberPids() throws Exception {
        for (JsonNode t : get("/api/v1/tasks")) {
            if (t.path("pid").isNumber()) {
                ProcessHandle.of(t.path("pid").asLong()).ifPresent(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
