package io.strata.spark;

import io.strata.testing.Eventually;
import com.typesafe.config.ConfigFactory;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Strata node (master, API, Spark extension) with two agents of 1 cpu and 2 GB each, so that
 * four small executors (0.5 cpus, 512 MB) fill the pool. Timings are shortened for tests.
 */
public final class SparkCluster implements AutoCloseable {

    static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(6);

    public final StrataNode node;
    final SparkSettings settings;

    private SparkCluster(StrataNode node) {
        this.node = node;
        this.settings = SparkSettings.from(node.system().settings().config());
    }

    public static SparkCluster start(Path home) {
        List<NodeConfig.AgentConfig> agents = List.of(
                new NodeConfig.AgentConfig("agent-1", "127.0.0.1", 1.0, 2048L, 4096L, "31000-31099", Map.of(),
                        home.resolve("agent-1")),
                new NodeConfig.AgentConfig("agent-2", "127.0.0.2", 1.0, 2048L, 4096L, "31100-31199", Map.of(),
                        home.resolve("agent-2")));
        StrataNode node = StrataNode.start(new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, agents),
                ConfigFactory.parseString("""
                        strata.heartbeat-interval = 300ms
                        strata.allocation-interval = 200ms
                        strata.kill-grace = 2s
                        strata.default-refuse = 1s
                        strata.spark.driver-timeout = %ds
                        """.formatted(DRIVER_TIMEOUT.toSeconds())));
        SparkCluster cluster = new SparkCluster(node);
        Eventually.await(Duration.ofSeconds(30), "two agents registered", () -> cluster.state().agents().size() == 2);
        return cluster;
    }

    /** The cluster's bootstrap admin token: what test clients and client-mode drivers (spark.strata.token) send. */
    public String token() {
        return node.bootstrapToken().orElseThrow();
    }

    public String masterUrl() {
        return "strata://" + node.apiUrl().substring("http://".length());
    }

    public ClusterState state() {
        try {
            return AskPattern.ask(node.master(), MasterCommand.GetState::new, Duration.ofSeconds(5),
                    node.system().scheduler()).toCompletableFuture().get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("master did not answer GetState", e);
        }
    }

    /** Tasks of Spark applications (framework names spark:...), live ones only. */
    public List<ClusterState.TaskView> liveExecutors() {
        return state().tasks().stream()
                .filter(t -> t.frameworkName().startsWith("spark:") && !t.status().state().isTerminal()).toList();
    }

    long runningExecutors() {
        return liveExecutors().stream().filter(t -> t.status().state() == io.strata.resources.TaskState.RUNNING).count();
    }

    @Override
    public void close() {
        node.close();
    }
}
