package io.strata.bench.launch;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.bench.ScratchDir;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real Strata node in this JVM, in a home of its own under the temp dir: the master (as the
 * cluster singleton), its API and the given agents. Closing it kills every task of its agents and
 * removes the home.
 */
public final class BenchCluster implements AutoCloseable {

    private final ScratchDir home;
    private final StrataNode node;

    private BenchCluster(ScratchDir home, StrataNode node) {
        this.home = home;
        this.node = node;
    }

    /** {@code agents} takes the home and returns the agents to run (none for simulated ones). */
    public static BenchCluster start(Function<Path, List<NodeConfig.AgentConfig>> agents, Config overrides)
            throws IOException {
        ScratchDir home = ScratchDir.create("strata-bench");
        try {
            NodeConfig cfg = new NodeConfig(home.path(), "127.0.0.1", 0, List.of(), true, 0,
                    agents.apply(home.path()));
            return new BenchCluster(home, StrataNode.start(cfg, overrides));
        } catch (RuntimeException e) {
            home.close();
            throw e;
        }
    }

    public static BenchCluster start(Function<Path, List<NodeConfig.AgentConfig>> agents)
            throws IOException {
        return start(agents, ConfigFactory.empty());
    }

    public StrataNode node() {
        return node;
    }

    public ClusterState state() throws Exception {
        return AskPattern.<MasterCommand, ClusterState>ask(node.master(), MasterCommand.GetState::new,
                Duration.ofSeconds(30), node.system().scheduler()).toCompletableFuture().get(31, TimeUnit.SECONDS);
    }

    /** Polls the master's state until {@code done} holds; throws after {@code deadline}. */
    public void awaitState(String what, Predicate<ClusterState> done, Duration deadline) throws Exception {
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
        home.close();
    }
}
