package io.strata.bench.launch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Strata node in this JVM, in a home of its own under the temp dir: the master (as the
 * cluster singleton), its API and the given agents. Closing it kills every task of its agents and
 * removes the home.
 */
final class BenchCluster implements AutoCloseable {

    private final Path home;
    private final StrataNode node;

    private BenchCluster(Path home, StrataNode node) {
        this.home = home;
        this.node = node;
    }

    /** {@code agents} takes the home and returns the agents to run (none for simulated ones). */
    static BenchCluster start(Function<Path, List<NodeConfig.AgentConfig>> agents, Config overrides)
            throws IOException {
        Path home = Files.createTempDirectory("strata-bench");
        try {
            NodeConfig cfg = new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, agents.apply(home));
            return new BenchCluster(home, StrataNode.start(cfg, overrides));
        } catch (RuntimeException e) {
            deleteTree(home);
            throw e;
        }
    }

    static BenchCluster start(Function<Path, List<NodeConfig.AgentConfig>> agents)
            throws IOException {
        return start(agents, ConfigFactory.empty());
    }

    StrataNode node() {
        return node;
    }

    ClusterState state() throws Exception {
        return AskPattern.<MasterCommand, ClusterState>ask(node.master(), MasterCommand.GetState::new,
                Duration.ofSeconds(30), node.system().scheduler()).toCompletableFuture().get(31, TimeUnit.SECONDS);
    }

    /** Polls the master's state until {@code done} holds; throws after {@code deadline}. */
    void awaitState(String what, Predicate<ClusterState> done, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!done.test(state())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + deadline.toSeconds() + "s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Override
    public void close() throws IOException {
        node.close();
        deleteTree(home);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
