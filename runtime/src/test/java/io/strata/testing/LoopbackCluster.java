package io.strata.testing;

import com.typesafe.config.ConfigFactory;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A master and N agents in this JVM, agent k on its own address 127.0.0.k with the same ports, as
 * separate hosts would be, with short heartbeats for tests. Ports should lie below the kernel's
 * ephemeral range (32768 here), where no client socket can take them.
 */
public final class LoopbackCluster {

    private LoopbackCluster() {
    }

    public static StrataNode start(Path home, int agents, double cpus, long memMb, long diskMb, String ports,
                                   Duration killGrace) {
        List<NodeConfig.AgentConfig> configs = new ArrayList<>();
        for (int k = 1; k <= agents; k++) {
            configs.add(new NodeConfig.AgentConfig("agent-" + k, "127.0.0." + k, cpus, memMb, diskMb, ports, Map.of(),
                    home.resolve("agent-" + k)));
        }
        StrataNode node = StrataNode.start(new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, configs),
                ConfigFactory.parseString("strata.heartbeat-interval = 300ms\nstrata.allocation-interval = 200ms\n"
                        + "strata.kill-grace = " + killGrace.toSeconds() + "s"));
        StrataApi api = StrataApi.of(node, home);
        Eventually.await(Duration.ofSeconds(30), agents + " agents", () -> api.get("/api/v1/agents").body().size() == agents);
        return node;
    }
}
