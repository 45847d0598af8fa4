package io.strata.bench.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The floor's Kafka: one broker that is its own KRaft controller, started from the broker jars
 * Strata's Kafka framework runs (frameworks/kafka/kafka-dist) with the same script, heap and
 * server.properties as {@code KafkaDefinition} writes for a one-broker service, but straight from
 * the harness, without an agent, sandbox or cgroup.
 */
final class DirectKafka implements AutoCloseable {

    private final ChildProcess broker;
    private final String bootstrap;

    private DirectKafka(ChildProcess broker, String bootstrap) {
        this.broker = broker;
        this.bootstrap = bootstrap;
    }

    /** Formats the log dir and starts the broker, in one script as Strata's task does; returns at once. */
    static DirectKafka start(Path dist, Path dir, String host, int port, int controllerPort, long memMb,
                             CpuQuotas quotas, double cpus) throws IOException {
        List<String> steps = prepare(dist, dir, host, port, controllerPort, memMb);
        String script = String.join("\n", "set -e", steps.get(0), "exec " + steps.get(1));
        return new DirectKafka(ChildProcess.start("kafka", dir, quotas.wrap("kafka", cpus, List.of("sh", "-c", script)),
                PATH), host + ":" + port);
    }

    /**
     * Only the first step, formatting the log dir, which reads the whole server.properties: what a
     * tiny run checks of the floor's broker in a few seconds. Returns the seconds it took.
     */
    static double formatOnly(Path dist, Path dir, String host, int port, int controllerPort, long memMb)
            throws IOException, InterruptedException {
        List<String> steps = prepare(dist, dir, host, port, controllerPort, memMb);
        long start = System.nanoTime();
        try (ChildProcess format = ChildProcess.start("kafka-format", dir, List.of("sh", "-c", steps.get(0)), PATH)) {
            if (!format.awaitExit(120) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the floor's broker failed: " + format.tail());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Writes the broker's files; returns its two commands, format and start (as KafkaDefinition's script). */
    private static List<String> prepare(Path dist, Path dir, String host, int port, int controllerPort, long memMb)
            throws IOException {
        Files.createDirectories(dir.resolve("volume"));
        Files.writeString(dir.resolve("server.properties"), serverProperties(host, port, controllerPort,
                dir.resolve("volume")));
        Files.writeString(dir.resolve("log4j2.properties"), LOG4J2);
        long heap = Math.max(192, memMb / 2);
        String cp = "'" + dist + "/*'";
        String clusterId = clusterId();
        return List.of(
                "java -Xmx256m -cp " + cp + " -Dlog4j2.configurationFile=log4j2.properties"
                        + " kafka.tools.StorageTool format -t " + clusterId + " -c server.properties",
                "java -Xms" + heap + "m -Xmx" + heap + "m -XX:+UseG1GC -XX:MaxGCPauseMillis=20"
                        + " -Djava.awt.headless=true -Dlog4j2.configurationFile=log4j2.properties"
                        + " -cp " + cp + " kafka.Kafka server.properties");
    }

    String bootstrap() {
        return bootstrap;
    }

    long pid() {
        return broker.pid();
    }

    /**
     * Polls until the broker lists itself (Strata's readiness check for a broker) and then creates
     * the topic; returns once the topic exists. Fails at once if the broker dies.
     */
    void awaitTopic(String topic, int partitions, long deadlineNanos) throws InterruptedException {
        try (Admin admin = Admin.create(adminProps(bootstrap))) {
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
     * 16 random bytes in URL-safe base64, as {@code kafka-storage random-uuid} makes them: never starting
     * with '-', which the format command would take for an option (Kafka's Uuid.randomUuid() retries too).
     */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(16)
                    .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    static Properties adminProps(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.RETRIES_CONFIG, 1);
        return p;
    }

    /** What KafkaDefinition writes for broker 1 of a one-broker service (combined broker and controller). */
    static String serverProperties(String host, int port, int controllerPort, Path volume) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "inter.broker.listener.name=PLAINTEXT",
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + volume.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "unclean.leader.election.enable=false",
                "");
    }

    /** The harness's own java first on the PATH: the floor runs what the agents' tasks would. */
    static final Map<String, String> PATH = Map.of("PATH", javaBin() + ":" + System.getenv().getOrDefault("PATH", ""));

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin").toString();
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }

    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = out",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = warn",
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = warn",
            "");
}
