package io.strata.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.service.PodTemplate;
import io.strata.service.PodView;
import io.strata.service.ServiceDefinition;
import io.strata.service.ServiceView;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cassandra 5 as a service: N nodes, one per agent, each on its agent's own address with ports
 * from the offer and its data on the pod's volume. Nodes join one after another; a node is ready
 * when it answers CQL and sees every node placed so far UP.
 */
final class CassandraDefinition implements ServiceDefinition {

    static final String NODE = "node";
    static final String STORAGE = "storage";
    static final String CQL = "cql";

    private final String name;
    private final CassandraConfig config;
    private final Path dist;

    CassandraDefinition(String name, CassandraConfig config, Path dist) {
        this.name = name;
        this.config = config;
        this.dist = dist;
    }

    @Override
    public List<PodTemplate> pods() {
        return List.of(new PodTemplate(NODE, config.nodes(), Resources.of(config.nodeCpus(), config.nodeMemMb()),
                List.of(STORAGE, CQL), config.nodeDiskMb(), 1, Map.of()));
    }

    @Override
    public DeployStrategy strategy() {
        return DeployStrategy.SERIAL;
    }

    @Override
    public TaskSpec task(PodView pod, ServiceView view) {
        CassandraNode node = node(pod, view);
        List<String> replace = pod.replacing() == null ? List.of()
                : List.of("-Dcassandra.replace_address_first_boot=" + pod.replacing().host() + ":"
                        + pod.replacing().port(STORAGE));
        String script = String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" " + CassandraNode.YAML + ".template > " + CassandraNode.YAML,
                "exec " + node.command(dist, "$STRATA_VOLUME", replace));
        Map<String, String> files = new LinkedHashMap<>();
        // The yaml names the volume's path, which only the task's script knows.
        files.put(CassandraNode.YAML + ".template", node.yaml("@VOLUME@"));
        files.put(CassandraNode.LOGBACK, CassandraNode.logback());
        return new TaskSpec(TaskId.of("template"), pod.id(), "sh", List.of("-c", script), Map.of(), Resources.EMPTY,
                Map.of(), files, null);
    }

    CassandraNode node(PodView pod, ServiceView view) {
        return new CassandraNode(name, pod.placement().host(), pod.placement().port(STORAGE), pod.placement().port(CQL),
                seeds(pod, view), Math.min(3, config.nodes()), config.nodeMemMb());
    }

    /** Seeds: up to two other placed nodes, lowest first; the very first node seeds itself. */
    String seeds(PodView pod, ServiceView view) {
        List<PodView> others = view.pods().stream().filter(p -> !p.id().equals(pod.id())).toList();
        List<PodView> seeds = others.isEmpty() ? List.of(pod) : others.subList(0, Math.min(2, others.size()));
        return seeds.stream().map(p -> p.placement().host() + ":" + p.placement().port(STORAGE))
                .collect(Collectors.joining(","));
    }

    @Override
    public boolean isReady(PodView pod, ServiceView view) throws Exception {
        long placed = view.pods().size();
        String address = pod.placement().host() + ":" + pod.placement().port(CQL);
        CqlSession session;
        try {
            session = CassandraSessions.open(List.of(address), 5);
        } catch (RuntimeException e) {
            throw new IllegalStateException("node " + (pod.index() + 1) + " does not answer CQL on " + address + " yet");
        }
        try (CqlSession s = session) {
            long peers = s.execute("SELECT peer FROM system.peers_v2").all().size();
            long up = s.getMetadata().getNodes().values().stream().filter(n -> n.getState() == NodeState.UP).count();
            if (peers + 1 < placed || up < placed) {
                throw new IllegalStateException("node sees " + (peers + 1) + " node(s) in the ring, " + up
                        + " UP; waiting for " + placed);
            }
            return true;
        }
    }

    @Override
    public Map<String, String> endpoints(ServiceView view) {
        return Map.of("contactPoints", contactPoints(view));
    }

    static String contactPoints(ServiceView view) {
        return view.podsOfType(NODE).stream().map(p -> p.placement().host() + ":" + p.placement().port(CQL))
                .collect(Collectors.joining(","));
    }
}
