package io.strata.bench.pipeline;

import io.strata.kafka.KafkaNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The floor's Kafka: one broker that is its own KRaft controller, started from the broker jars
 * Strata's Kafka framework runs (frameworks/kafka/kafka-dist) with the framework's own
 * {@link KafkaNode} (commands, heap, server.properties and log4j2 file of a one-broker service),
 * but straight from the harness, without an agent, sandbox or cgroup.
 */
public record DirectKafka(ChildProcess broker, String bootstrap) implements AutoCloseable {

    /** Formats the log dir and starts the broker, in one script as Strata's task does; returns at once. */
    static DirectKafka start(Path dist, Path dir, String host, int port, int controllerPort, long memMb,
                             CpuQuotas quotas, double cpus) throws IOException {
        KafkaNode node = prepare(dir, host, port, controllerPort, memMb);
        String script = String.join("\n", "set -e", KafkaNode.formatCommand(dist, Uuid.randomUuid().toString()),
                "exec " + node.startCommand(dist));
        return new DirectKafka(ChildProcess.start("kafka", dir, quotas.wrap("kafka", cpus, List.of("sh", "-c", script)),
                JAVA_ENV), host + ":" + port);
    }

    /**
     * Node {@code nodeId} of a cluster of combined brokers and controllers as Strata's Kafka service
     * of that many brokers runs it ({@link KafkaNode} with the service's voters, replication and
     * memory, every node formatted with the same cluster id), started directly in cpu and memory
     * groups of {@code cpus} and {@code memMb} (the raw side of {@code io.strata.bench.raw}).
     */
    public static DirectKafka startMember(Path dist, Path dir, int nodeId, String host, int port, int controllerPort,
                                          String voters, int replication, long memMb, String clusterId,
                                          CpuQuotas quotas, double cpus) throws IOException {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        KafkaNode node = new KafkaNode(nodeId, true, true, host, port, controllerPort, voters,
                volume.resolve("data").toString(), replication, memMb);
        Files.writeString(dir.resolve(KafkaNode.PROPERTIES), node.serverProperties());
        Files.writeString(dir.resolve(KafkaNode.LOG4J2), KafkaNode.log4j2Properties());
        String script = String.join("\n", "set -e", KafkaNode.formatCommand(dist, clusterId),
                "exec " + node.startCommand(dist));
        return new DirectKafka(ChildProcess.start("kafka-" + nodeId, dir,
                quotas.wrapLimited("kafka-" + nodeId, cpus, memMb, List.of("sh", "-c", script)), JAVA_ENV),
                host + ":" + port);
    }

    /** Throws with the broker's last words if it has ended. */
    public void checkAlive() {
        broker.checkAlive();
    }

    /** The broker's pid (its wrapper shell's, which execs the JVM). */
    public long pid() {
        return broker.pid();
    }

    /**
     * Only the first step, formatting the log dir, which reads the whole server.properties: what a
     * tiny run checks of the floor's broker in a few seconds. Returns the seconds it took.
     */
    static double formatOnly(Path dist, Path dir, String host, int port, int controllerPort, long memMb)
            throws IOException, InterruptedException {
        prepare(dir, host, port, controllerPort, memMb);
        String format = KafkaNode.formatCommand(dist, Uuid.randomUuid().toString());
        long start = System.nanoTime();
        try (ChildProcess p = ChildProcess.start("kafka-format", dir, List.of("sh", "-c", format), JAVA_ENV)) {
            if (!p.awaitExit(120) || p.exitValue() != 0) {
                throw new IllegalStateException("formatting the floor's broker failed: " + p.tail());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Writes the files of broker 1 of a one-broker service (combined broker and controller) as
     * KafkaDefinition's task has them, with its log under {@code dir/volume}.
     */
    private static KafkaNode prepare(Path dir, String host, int port, int controllerPort, long memMb)
            throws IOException {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        KafkaNode node = new KafkaNode(1, true, true, host, port, controllerPort,
                KafkaNode.voter(1, host, controllerPort), volume.resolve("data").toString(), 1, memMb);
        Files.writeString(dir.resolve(KafkaNode.PROPERTIES), node.serverProperties());
        Files.writeString(dir.resolve(KafkaNode.LOG4J2), KafkaNode.log4j2Properties());
        return node;
    }

    /**
     * Polls until the broker lists itself (Strata's readiness check for a broker) and then creates
     * the topic; returns once the topic exists. Fails at once if the broker dies.
     */
    void awaitTopic(String topic, int partitions, long deadlineNanos) throws InterruptedException {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            while (true) {
                broker.checkAlive();
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("the floor's broker was not ready in time: " + broker.tail());
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == 1)) {
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                                .get(10, TimeUnit.SECONDS);
                        return;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The harness's own java for the floor's processes, as the agents' tasks would run it: first on
     * the PATH, and as JAVA_HOME, whose java the frameworks' commands take when it is set.
     */
    static final Map<String, String> JAVA_ENV = Map.of("PATH", javaBin() + ":" + System.getenv().getOrDefault("PATH", ""),
            "JAVA_HOME", System.getProperty("java.home"));

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin").toString();
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }
}
