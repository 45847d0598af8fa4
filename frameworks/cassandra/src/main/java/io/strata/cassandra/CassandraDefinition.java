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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
        String java = "\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"";
        List<String> jvm = new ArrayList<>(List.of("-Xms" + config.heapMb() + "m", "-Xmx" + config.heapMb() + "m",
                "-Xss256k", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(jvm17Flags());
        jvm.addAll(List.of("-Dcassandra.ring_delay_ms=1000", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.config=file://$PWD/cassandra.yaml", "-Dcassandra-foreground=yes",
                "-Dcassandra.storagedir=$STRATA_VOLUME", "-Dlogback.configurationFile=$PWD/logback.xml"));
        if (pod.replacing() != null) {
            jvm.add("-Dcassandra.replace_address_first_boot=" + pod.replacing().host() + ":" + pod.replacing().port(STORAGE));
        }
        String script = String.join("\n",
                "set -e",
                "sed \"s|@VOLUME@|$STRATA_VOLUME|g\" cassandra.yaml.template > cassandra.yaml",
                "exec " + java + " " + String.join(" ", jvm) + " -cp '" + dist + "/*'"
                        + " org.apache.cassandra.service.CassandraDaemon");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cassandra.yaml.template", yaml(pod, view));
        files.put("logback.xml", LOGBACK);
        return new TaskSpec(TaskId.of("template"), pod.id(), "sh", List.of("-c", script), Map.of(), Resources.EMPTY,
                Map.of(), files, null);
    }

    /** Seeds: up to two other placed nodes, lowest first; the very first node seeds itself. */
    String seeds(PodView pod, ServiceView view) {
        List<PodView> others = view.pods().stream().filter(p -> !p.id().equals(pod.id())).toList();
        List<PodView> seeds = others.isEmpty() ? List.of(pod) : others.subList(0, Math.min(2, others.size()));
        return seeds.stream().map(p -> p.placement().host() + ":" + p.placement().port(STORAGE))
                .collect(Collectors.joining(","));
    }

    String yaml(PodView pod, ServiceView view) {
        String host = pod.placement().host();
        return String.join("\n",
                "cluster_name: '" + name + "'",
                "num_tokens: 16",
                "allocate_tokens_for_local_replication_factor: " + Math.min(3, config.nodes()),
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - @VOLUME@/data",
                "commitlog_directory: @VOLUME@/commitlog",
                "saved_caches_directory: @VOLUME@/saved_caches",
                "hints_directory: @VOLUME@/hints",
                "cdc_raw_directory: @VOLUME@/cdc_raw",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + seeds(pod, view) + "\"",
                "listen_address: " + host,
                "rpc_address: " + host,
                "storage_port: " + pod.placement().port(STORAGE),
                "native_transport_port: " + pod.placement().port(CQL),
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                "concurrent_compactors: 1",
                "") ;
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

    private static List<String> jvm17Flags() {
        try (InputStream in = CassandraDefinition.class.getResourceAsStream("jvm17.flags")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String LOGBACK = String.join("\n",
            "<configuration>",
            "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>",
            "</configuration>",
            "");
}
