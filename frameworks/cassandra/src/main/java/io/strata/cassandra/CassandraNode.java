package io.strata.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Cassandra node as Strata configures and starts it: its cassandra.yaml, its logback file and
 * its command line. The framework's tasks are built from it, and so is the bench's node started
 * without Strata, so that both run the same configuration. The command runs in the folder that
 * holds {@link #YAML} and {@link #LOGBACK}, with {@code $JAVA_HOME}'s java when it is set.
 *
 * @param seeds            the seed nodes, {@code host:storagePort,...}
 * @param tokenReplication the replication factor tokens are allocated for (the ring's size, up to 3)
 * @param memMb            the node's memory, 40% of which is heap (Cassandra uses about as much again off-heap)
 */
public record CassandraNode(String clusterName, String host, int storagePort, int cqlPort, String seeds,
                            int tokenReplication, long memMb) {

    public static final String YAML = "cassandra.yaml";
    public static final String LOGBACK = "logback.xml";
    private static final String JAVA = "\"${JAVA_HOME:+$JAVA_HOME/bin/}java\"";

    /** The node's settings, with every directory it writes under {@code volume}. */
    public String yaml(String volume) {
        return String.join("\n",
                "cluster_name: '" + clusterName + "'",
                "num_tokens: 16",
                "allocate_tokens_for_local_replication_factor: " + tokenReplication,
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - " + volume + "/data",
                "commitlog_directory: " + volume + "/commitlog",
                "saved_caches_directory: " + volume + "/saved_caches",
                "hints_directory: " + volume + "/hints",
                "cdc_raw_directory: " + volume + "/cdc_raw",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + seeds + "\"",
                "listen_address: " + host,
                "rpc_address: " + host,
                "storage_port: " + storagePort,
                "native_transport_port: " + cqlPort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                "concurrent_compactors: 1",
                "");
    }

    public long heapMb() {
        return Math.max(256, memMb * 2 / 5);
    }

    /**
     * Runs the node in the foreground from the server jars in {@code dist}, its storage under
     * {@code volume}; {@code extraJvmOptions} come last (e.g. a replacement's
     * {@code -Dcassandra.replace_address_first_boot}).
     */
    public String command(Path dist, String volume, List<String> extraJvmOptions) {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + heapMb() + "m", "-Xmx" + heapMb() + "m", "-Xss256k",
                "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(JVM17_FLAGS);
        // Without these two a node waits 30 s for its ring to settle, most of its start-up.
        jvm.addAll(List.of("-Dcassandra.ring_delay_ms=1000", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.config=file://$PWD/" + YAML, "-Dcassandra-foreground=yes",
                "-Dcassandra.storagedir=" + volume, "-Dlogback.configurationFile=$PWD/" + LOGBACK));
        jvm.addAll(extraJvmOptions);
        return JAVA + " " + String.join(" ", jvm) + " -cp '" + dist + "/*' org.apache.cassandra.service.CassandraDaemon";
    }

    /** Java 17 needs Cassandra's own module flags, or the node exits at once (rc=3, DirectBuffer.cleaner). */
    private static final List<String> JVM17_FLAGS = jvm17Flags();

    private static List<String> jvm17Flags() {
        try (InputStream in = CassandraNode.class.getResourceAsStream("jvm17.flags")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String logback() {
        return String.join("\n",
                "<configuration>",
                "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>",
                "</configuration>",
                "");
    }
}
