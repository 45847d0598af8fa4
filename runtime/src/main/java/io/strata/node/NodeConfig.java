package io.strata.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one Strata process runs: a cluster node that may host the master (and the HTTP API and the
 * built-in task framework), and zero or more agents.
 *
 * @param clusterPort Pekko's port; 0 picks a free one (the embedded cluster does that)
 * @param seeds       "HOST:PORT" of nodes to join; empty means this node starts a new cluster
 * @param apiPort     HTTP API port on {@code host}; 0 picks a free one; ignored without master
 * @param tls         remoting over TLS with mutual authentication and the API over HTTPS, with the
 *                    node certificate in {@code <home>/tls/} (what {@code strata master}/{@code agent}
 *                    run); false keeps plain TCP and HTTP, for clusters inside one JVM
 * @param joinToken   the join token that gets a node without a certificate one; null when it has one
 *                    or starts a new cluster
 */
public record NodeConfig(Path home, String host, int clusterPort, List<String> seeds, boolean master, int apiPort,
                         List<AgentConfig> agents, boolean tls, String joinToken) {

    public NodeConfig {
        seeds = List.copyOf(seeds);
        agents = List.copyOf(agents);
    }

    /** A node with plain transport (the cluster lives in one JVM). */
    public NodeConfig(Path home, String host, int clusterPort, List<String> seeds, boolean master, int apiPort,
                      List<AgentConfig> agents) {
        this(home, host, clusterPort, seeds, master, apiPort, agents, false, null);
    }

    /** This node over TLS; {@code joinToken} (may be null) enrolls it when it has no certificate yet. */
    public NodeConfig withTls(String joinToken) {
        return new NodeConfig(home, host, clusterPort, seeds, master, apiPort, agents, true, joinToken);
    }

    /**
     * True when this node starts a new cluster rather than joining one: no seeds, or itself as the
     * first seed (Pekko then forms a cluster of its own when no other seed answers).
     */
    public boolean startsNewCluster() {
        return seeds.isEmpty() || seeds.get(0).equals(host + ":" + clusterPort);
    }

    /** The same node with every agent running its tasks as {@code taskUser} (null: the default). */
    public NodeConfig withTaskUser(String taskUser) {
        return new NodeConfig(home, host, clusterPort, seeds, master, apiPort, agents.stream()
                .map(a -> new AgentConfig(a.id(), a.host(), a.cpus(), a.memMb(), a.diskMb(), a.ports(), a.attributes(),
                        a.workDir(), taskUser)).toList(), tls, joinToken);
    }

    /**
     * One agent. Null resources are detected from the machine; {@code id} null means a stable id
     * kept in the agent's work dir; {@code taskUser} null means the default (see TaskUsers).
     */
    public record AgentConfig(String id, String host, Double cpus, Long memMb, Long diskMb, String ports,
                              Map<String, String> attributes, Path workDir, String taskUser) {
        public AgentConfig {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        public AgentConfig(String id, String host, Double cpus, Long memMb, Long diskMb, String ports,
                           Map<String, String> attributes, Path workDir) {
            this(id, host, cpus, memMb, diskMb, ports, attributes, workDir, null);
        }
    }

    /**
     * A master and {@code agents} agents in one process on this machine. Agent k advertises its own
     * loopback address 127.0.0.k with ports 31000-31999 on it, so that agents behave like separate
     * hosts (a ring of servers can use the same port on every node, as on real hosts). Resources
     * not given are the machine's, shared out evenly.
     */
    public static NodeConfig embedded(Path home, int agents, Double cpus, Long memMb, Long diskMb) {
        List<AgentConfig> list = new ArrayList<>();
        for (int k = 1; k <= agents; k++) {
            list.add(new AgentConfig("agent-" + k, "127.0.0." + k,
                    cpus != null ? cpus : MachineResources.cpus() / agents,
                    memMb != null ? memMb : MachineResources.memMb() / agents,
                    diskMb != null ? diskMb : MachineResources.diskMb(home) / agents,
                    "31000-31999", Map.of(), home.resolve("agents").resolve("agent-" + k)));
        }
        return new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, list);
    }

    public static NodeConfig master(Path home, String host, int port, int apiPort, List<String> seeds) {
        return new NodeConfig(home, host, port, seeds, true, apiPort, List.of());
    }

    public static NodeConfig agent(Path home, String host, int port, List<String> seeds, Double cpus, Long memMb,
                                   Long diskMb, String ports, Map<String, String> attributes) {
        AgentConfig agent = new AgentConfig(null, host, cpus, memMb, diskMb,
                ports == null ? "31000-32000" : ports, attributes, home.resolve("agent"));
        return new NodeConfig(home, host, port, seeds, false, 0, List.of(agent));
    }
}
