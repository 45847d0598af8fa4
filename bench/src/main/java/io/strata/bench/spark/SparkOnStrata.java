package io.strata.bench.spark;

import io.strata.bench.launch.BenchCluster;
import io.strata.node.NodeConfig;
import io.strata.protocol.ClusterState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 7's Strata side: one node (master, API, the Spark framework) with agents of one cpu and
 * 2 GB, agent k on 127.0.0.k, at Strata's default timings. Started once, like the standalone peer.
 */
final class SparkOnStrata implements AutoCloseable {

    private final BenchCluster cluster;

    private SparkOnStrata(BenchCluster cluster) {
        this.cluster = cluster;
    }

    static SparkOnStrata start(SparkJars jars, int agents) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        BenchCluster cluster;
        // The node finds its extensions (and their reference.conf) through the context class loader.
        thread.setContextClassLoader(jars.framework());
        try {
            cluster = BenchCluster.start(home -> {
                List<NodeConfig.AgentConfig> list = new ArrayList<>();
                for (int k = 1; k <= agents; k++) {
                    list.add(new NodeConfig.AgentConfig("agent-" + k, "127.0.0." + k, 1.0, 2048L, 4096L,
                            (31000 + 100 * k) + "-" + (31099 + 100 * k), Map.of(), home.resolve("agent-" + k)));
                }
                return list;
            });
        } finally {
            thread.setContextClassLoader(before);
        }
        try {
            cluster.awaitState("the agents registered", s -> s.agents().size() == agents, Duration.ofSeconds(60));
            return new SparkOnStrata(cluster);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "strata://" + cluster.node().apiUrl().substring("http://".length());
    }

    /** The cluster's admin token, which the Spark plug-in sends as spark.strata.token. */
    String token() {
        return cluster.node().bootstrapToken().orElseThrow();
    }

    /** Until no Spark application has a live executor task. */
    void awaitNoExecutors(Duration deadline) throws Exception {
        cluster.awaitState("the Strata executors to end",
                s -> s.tasks().stream().noneMatch(SparkOnStrata::liveExecutor), deadline);
    }

    private static boolean liveExecutor(ClusterState.TaskView t) {
        return t.frameworkName().startsWith("spark:") && !t.status().state().isTerminal();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
