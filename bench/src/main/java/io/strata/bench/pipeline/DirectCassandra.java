package io.strata.bench.pipeline;

import io.strata.cassandra.CassandraNode;
import io.strata.cassandra.CqlScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor's Cassandra: one node started from the jars Strata's Cassandra framework runs
 * (frameworks/cassandra/cassandra-dist) with the framework's own {@link CassandraNode} (command
 * line, heap, JVM flags, cassandra.yaml and logback file of a one-node service), straight from the
 * harness.
 */
public record DirectCassandra(ChildProcess node, String contactPoint) implements AutoCloseable {

    static DirectCassandra start(Path dist, Path dir, String host, int storagePort, int cqlPort, long memMb,
                                 CpuQuotas quotas, double cpus) throws IOException {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        // The only node of a one-node service: it seeds itself.
        CassandraNode node = new CassandraNode("bench-floor", host, storagePort, cqlPort, host + ":" + storagePort, 1,
                memMb);
        Files.writeString(dir.resolve(CassandraNode.YAML), node.yaml(volume.toString()));
        Files.writeString(dir.resolve(CassandraNode.LOGBACK), CassandraNode.logback());
        String script = "exec " + node.command(dist, volume.toString(), List.of());
        return new DirectCassandra(ChildProcess.start("cassandra", dir,
                quotas.wrap("cassandra", cpus, List.of("sh", "-c", script)), DirectKafka.JAVA_ENV), host + ":" + cqlPort);
    }

    /**
     * The only node of a one-node service of {@code memMb} as Strata's Cassandra framework runs it,
     * started directly in cpu and memory groups of {@code cpus} and {@code memMb} (the raw side of
     * {@code io.strata.bench.raw}).
     */
    public static DirectCassandra startLimited(Path dist, Path dir, String name, String host, int storagePort,
                                               int cqlPort, long memMb, CpuQuotas quotas, double cpus)
            throws IOException {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        CassandraNode node = new CassandraNode(name, host, storagePort, cqlPort, host + ":" + storagePort, 1, memMb);
        Files.writeString(dir.resolve(CassandraNode.YAML), node.yaml(volume.toString()));
        Files.writeString(dir.resolve(CassandraNode.LOGBACK), CassandraNode.logback());
        String script = "exec " + node.command(dist, volume.toString(), List.of());
        return new DirectCassandra(ChildProcess.start("cassandra", dir,
                quotas.wrapLimited("cassandra", cpus, memMb, List.of("sh", "-c", script)), DirectKafka.JAVA_ENV),
                host + ":" + cqlPort);
    }

    /** Polls until the node answers CQL and sees itself UP; fails at once if it dies. */
    public void awaitUp(long deadlineNanos) throws InterruptedException {
        awaitSchema("", deadlineNanos);
    }

    /** Throws with the node's last words if it has ended. */
    public void checkAlive() {
        node.checkAlive();
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

    @Override
    public void close() throws InterruptedException {
        node.close();
    }
}
