package io.strata.bench.pipeline;

import io.strata.cassandra.CqlScript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor's Cassandra: one node started from the jars Strata's Cassandra framework runs
 * (frameworks/cassandra/cassandra-dist) with the same script, heap, JVM flags and cassandra.yaml
 * as {@code CassandraDefinition} writes for a one-node service, straight from the harness.
 */
final class DirectCassandra implements AutoCloseable {

    private final ChildProcess node;
    private final String contactPoint;

    private DirectCassandra(ChildProcess node, String contactPoint) {
        this.node = node;
        this.contactPoint = contactPoint;
    }

    static DirectCassandra start(Path dist, Path dir, String host, int storagePort, int cqlPort, long memMb,
                                 CpuQuotas quotas, double cpus) throws IOException {
        Path volume = dir.resolve("volume");
        Files.createDirectories(volume);
        Files.writeString(dir.resolve("cassandra.yaml"), yaml(host, storagePort, cqlPort, volume));
        Files.writeString(dir.resolve("logback.xml"), LOGBACK);
        long heap = Math.max(256, memMb * 2 / 5);
        List<String> jvm = new ArrayList<>(List.of("-Xms" + heap + "m", "-Xmx" + heap + "m", "-Xss256k",
                "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(jvm17Flags());
        jvm.addAll(List.of("-Dcassandra.ring_delay_ms=1000", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.config=file://" + dir.resolve("cassandra.yaml"), "-Dcassandra-foreground=yes",
                "-Dcassandra.storagedir=" + volume, "-Dlogback.configurationFile=" + dir.resolve("logback.xml")));
        String script = "exec java " + String.join(" ", jvm) + " -cp '" + dist + "/*'"
                + " org.apache.cassandra.service.CassandraDaemon";
        return new DirectCassandra(ChildProcess.start("cassandra", dir,
                quotas.wrap("cassandra", cpus, List.of("sh", "-c", script)), DirectKafka.PATH), host + ":" + cqlPort);
    }

    String contactPoint() {
        return contactPoint;
    }

    long pid() {
        return node.pid();
    }

    /**
     * Polls until the node answers CQL and sees itself UP (Strata's readiness check for a one-node
     * ring), then applies {@code schema}; returns once it is applied.
     */
    void awaitSchema(String schema, long deadlineNanos) throws InterruptedException {
        while (true) {
            node.checkAlive();
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("the floor's Cassandra was not ready in time: " + node.tail());
            }
            try (Cql cql = Cql.connect(contactPoint)) {
                if (cql.up()) {
                    for (CqlScript.Statement st : CqlScript.split(schema)) {
                        cql.execute(st.text());
                    }
                    return;
                }
            } catch (RuntimeException e) {
                // does not answer CQL yet
            }
            Thread.sleep(200);
        }
    }

    /** What CassandraDefinition writes for the only node of a one-node service. */
    static String yaml(String host, int storagePort, int cqlPort, Path volume) {
        return String.join("\n",
                "cluster_name: 'bench-floor'",
                "num_tokens: 16",
                "allocate_tokens_for_local_replication_factor: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories:",
                "  - " + volume.resolve("data"),
                "commitlog_directory: " + volume.resolve("commitlog"),
                "saved_caches_directory: " + volume.resolve("saved_caches"),
                "hints_directory: " + volume.resolve("hints"),
                "cdc_raw_directory: " + volume.resolve("cdc_raw"),
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + host + ":" + storagePort + "\"",
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

    /** The framework's own Java 17 flags file, so the floor's node starts exactly as Strata's does. */
    private static List<String> jvm17Flags() throws IOException {
        try (InputStream in = DirectCassandra.class.getResourceAsStream("/io/strata/cassandra/jvm17.flags")) {
            if (in == null) {
                throw new IllegalStateException("io/strata/cassandra/jvm17.flags is not on the class path"
                        + " (strata-cassandra)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
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
