package io.strata.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.TaskUserChecks;
import io.strata.testing.StrataApi;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real KRaft brokers started through Strata's agents: three agents on their own loopback
 * addresses, one Kafka service of three combined broker-controllers, one topic with replication 3.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaServiceTest {

    static final Duration READY = Duration.ofSeconds(240);
    static final String TOPIC = "orders";

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> brokerPids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startClusterAndKafka() {
        startNode();
        Eventually.await(Duration.ofSeconds(30), () -> "3 agents", () -> api.get("/api/v1/agents").body().size() == 3);
        var created = api.post("/api/v1/kafka", "{\"name\":\"events\",\"brokers\":3,\"brokerCpus\":0.5,"
                + "\"brokerMem\":768,\"brokerDisk\":512}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Eventually.await(READY, () -> "kafka events RUNNING: " + status(), () -> "RUNNING".equals(status().path("state").asText()));
        ProcessChecks.rememberPids(api, "kafka:events", brokerPids);
    }

    /** A master and three agents in this JVM, each agent on its own address with the same ports. */
    static void startNode() {
        node = LoopbackCluster.start(home, 3, 1.0, 2048L, 2048L, "30020-30029", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            node.close();
        }
        brokerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static JsonNode status() {
        return api.get("/api/v1/kafka/events").body();
    }

    @Test
    @Order(1)
    void threeBrokersRunOnThreeAgentsAndATopicGetsReplicationThree() {
        JsonNode s = status();
        Set<String> agents = new HashSet<>();
        for (JsonNode b : s.path("brokers")) {
            agents.add(b.path("agentId").asText());
            assertThat(b.path("state").asText()).isEqualTo("READY");
            assertThat(b.path("port").asInt()).isPositive();
            assertThat(b.path("taskId").asText()).startsWith("kafka-events-broker-");
        }
        assertThat(agents).containsExactlyInAnyOrder("agent-1", "agent-2", "agent-3");
        assertThat(s.path("bootstrap").asText().split(",")).hasSize(3);

        var topic = api.post("/api/v1/kafka/events/topics", "{\"topic\":\"" + TOPIC + "\",\"partitions\":3,\"replication\":3}");
        assertThat(topic.status()).as(topic.body().toString()).isEqualTo(201);
        // Brokers learn of a new topic from the controller one after another: the list may lag the create.
        Eventually.await(Duration.ofSeconds(30), "the topic listed", () -> api.get("/api/v1/kafka/events/topics").body()
                .findValuesAsText("name").contains(TOPIC));
        var listed = api.get("/api/v1/kafka/events/topics").body();
        for (JsonNode t : listed) {
            if (t.path("name").asText().equals(TOPIC)) {
                assertThat(t.path("replication").asInt()).isEqualTo(3);
                assertThat(t.path("partitions").asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    @Order(2)
    void aBrokerKilledWithSigkillComesBackOnItsAgentWithItsDataAndNoAckedRecordIsLost() throws Exception {
        JsonNode victim = status().path("brokers").get(1);
        String agent = victim.path("agentId").asText();
        String taskBefore = victim.path("taskId").asText();
        String volume = victim.path("volumeId").asText();
        Path dataDir = home.resolve(agent).resolve("volumes").resolve(volume).resolve("data");
        String metaBefore = Files.readString(dataDir.resolve("meta.properties"));
        long javaPid = ProcessChecks.javaPid(api, taskBefore);

        Producer producer = new Producer(status().path("bootstrap").asText(), "kill-");
        producer.start();
        Eventually.await(Duration.ofSeconds(60), () -> "some records acked", () -> producer.acked.size() > 500);
        ProcessHandle.of(javaPid).orElseThrow().destroyForcibly();
        Eventually.await(Duration.ofSeconds(60), () -> "the producer goes on after the kill",
                () -> producer.acked.size() > 3000);
        producer.stopAndJoin();

        Eventually.await(READY, () -> "broker back: " + status(), () -> {
            JsonNode b = status().path("brokers").get(1);
            return b.path("state").asText().equals("READY") && !b.path("taskId").asText().equals(taskBefore);
        });
        JsonNode back = status().path("brokers").get(1);
        assertThat(back.path("agentId").asText()).isEqualTo(agent);
        assertThat(back.path("volumeId").asText()).isEqualTo(volume);
        assertThat(back.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(back.path("restartHistory")).as("the dashboard's restart history").anySatisfy(r -> {
            assertThat(r.path("task").asText()).isEqualTo(taskBefore);
            assertThat(r.path("reason").asText()).isNotBlank();
            assertThat(java.time.Instant.parse(r.path("at").asText())).isBefore(java.time.Instant.now());
        });
        assertThat(back.path("demand").isNull()).as("a ready broker waits for nothing").isTrue();
        assertThat(Files.readString(dataDir.resolve("meta.properties"))).isEqualTo(metaBefore);
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(TOPIC + "-"));
        ProcessChecks.rememberPids(api, "kafka:events", brokerPids);
        TaskUserChecks.assertServerRunsAsTaskUser(ProcessChecks.javaPid(api, back.path("taskId").asText()),
                dataDir.getParent());

        assertThat(producer.failed.get()).as("sends that failed outright").isLessThan(producer.acked.size());
        assertEveryAckedRecordIsConsumed(producer.acked, "kill-");
    }

    @Test
    @Order(3)
    void aRollingRestartKeepsTheTopicWritableThroughout() throws Exception {
        Map<String, String> tasksBefore = new HashMap<>();
        status().path("brokers").forEach(b -> tasksBefore.put(b.path("pod").asText(), b.path("taskId").asText()));
        Producer producer = new Producer(status().path("bootstrap").asText(), "roll-");
        producer.start();
        Eventually.await(Duration.ofSeconds(60), () -> "some records acked", () -> producer.acked.size() > 200);
        var restart = api.post("/api/v1/kafka/events/restart", "{}");
        assertThat(restart.status()).as(restart.body().toString()).isEqualTo(202);
        Eventually.await(READY, () -> "every broker restarted: " + status(), () -> {
            JsonNode s = status();
            if (!s.path("state").asText().equals("RUNNING") || !s.path("operation").asText().isEmpty()) {
                return false;
            }
            for (JsonNode b : s.path("brokers")) {
                if (b.path("taskId").asText().equals(tasksBefore.get(b.path("pod").asText()))) {
                    return false;
                }
            }
            return true;
        });
        int ackedAtEnd = producer.acked.size();
        Eventually.await(Duration.ofSeconds(60), () -> "writes after the restart", () -> producer.acked.size() > ackedAtEnd + 200);
        producer.stopAndJoin();
        ProcessChecks.rememberPids(api, "kafka:events", brokerPids);
        assertThat(producer.failed.get()).as("sends that failed during the rolling restart").isZero();
        assertEveryAckedRecordIsConsumed(producer.acked, "roll-");
    }

    @Test
    @Order(4)
    void theServiceAndItsBrokersSurviveARestartOfStrataItself() {
        Map<String, String> tasksBefore = new HashMap<>();
        status().path("brokers").forEach(b -> tasksBefore.put(b.path("pod").asText(), b.path("taskId").asText()));
        ProcessChecks.rememberPids(api, "kafka:events", brokerPids);
        node.abandon();
        startNode();
        Eventually.await(READY, () -> "kafka events back after the restart: " + status(), () -> {
            var r = api.get("/api/v1/kafka/events");
            return r.status() == 200 && "RUNNING".equals(r.body().path("state").asText());
        });
        for (JsonNode b : status().path("brokers")) {
            assertThat(b.path("taskId").asText()).as("broker %s kept its task", b.path("pod").asText())
                    .isEqualTo(tasksBefore.get(b.path("pod").asText()));
        }
        JsonNode tasks = api.get("/api/v1/tasks").body();
        assertThat(tasks.findValuesAsText("framework").stream().filter("kafka:events"::equals)).hasSize(3);
        var topics = api.get("/api/v1/kafka/events/topics");
        assertThat(topics.body().findValuesAsText("name")).contains(TOPIC);
    }

    @Test
    @Order(5)
    void badRequestsGetClearErrors() {
        var taken = api.post("/api/v1/kafka", "{\"name\":\"events\",\"brokers\":1,\"brokerMem\":512}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().path("error").asText()).contains("already exists");
        var tooBig = api.post("/api/v1/kafka", "{\"name\":\"big\",\"brokers\":3,\"brokerCpus\":4}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.body().path("error").asText()).contains("only 0 of the cluster's 3 agents");
        var rf = api.post("/api/v1/kafka/events/topics", "{\"topic\":\"wide\",\"replication\":4}");
        assertThat(rf.status()).isEqualTo(400);
        assertThat(rf.body().path("error").asText()).contains("replication 4").contains("3 broker");
        var unknown = api.post("/api/v1/kafka/events/replace/7", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).contains("no broker 7");
        assertThat(api.get("/api/v1/kafka/nope").status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void deleteFreesEveryResourceAndLeavesNoProcessAndNoVolume() {
        ProcessChecks.rememberPids(api, "kafka:events", brokerPids);
        List<String> volumes = new ArrayList<>();
        status().path("brokers").forEach(b -> volumes.add(b.path("agentId").asText() + "/volumes/" + b.path("volumeId").asText()));
        List<String> tasks = new ArrayList<>();
        status().path("brokers").forEach(b -> tasks.add(b.path("taskId").asText()));
        var badGrace = api.delete("/api/v1/kafka/events?grace=soon");
        assertThat(badGrace.status()).isEqualTo(400);
        assertThat(badGrace.body().path("error").asText()).contains("'grace'").contains("got 'soon'");
        assertThat(status().path("state").asText()).as("a refused delete deletes nothing").isEqualTo("RUNNING");

        // The data goes with the brokers, so nothing is gained by a graceful shutdown: SIGKILL at once.
        assertThat(api.delete("/api/v1/kafka/events?grace=0s").status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(60), "every broker killed with SIGKILL at once", () -> tasks.stream()
                .allMatch(t -> api.get("/api/v1/tasks/" + t).body().path("reason").asText().equals("killed on request (SIGKILL)")));
        Eventually.await(Duration.ofSeconds(120), () -> "kafka events gone: " + status(),
                () -> api.get("/api/v1/kafka/events").status() == 404);
        Eventually.await(Duration.ofSeconds(30), "every resource free", () -> ProcessChecks.allResourcesFree(api));
        assertThat(brokerPids).allMatch(pid -> !ProcessChecks.alive(pid));
        for (String v : volumes) {
            assertThat(home.resolve(v)).doesNotExist();
        }
        assertThat(api.get("/api/v1/frameworks").body().findValuesAsText("name")).doesNotContain("kafka:events");
    }

    // ------------------------------------------------------------------ helpers

    static void assertEveryAckedRecordIsConsumed(Set<String> acked, String prefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, status().path("bootstrap").asText());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + prefix + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(TOPIC));
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!seen.containsAll(acked) && System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value().startsWith(prefix)) {
                        seen.add(r.value());
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(acked);
        missing.removeAll(seen);
        assertThat(missing).as("acknowledged records never consumed (of %d acked)", acked.size()).isEmpty();
    }

    /** Sends numbered records with acks=all until stopped; remembers which were acknowledged. */
    static final class Producer extends Thread {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final KafkaProducer<String, String> producer;
        private final String prefix;

        Producer(String bootstrap, String prefix) {
            super("test-producer-" + prefix);
            this.prefix = prefix;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            this.producer = new KafkaProducer<>(p);
        }

        @Override
        public void run() {
            int i = 0;
            while (running.get()) {
                String value = prefix + (i++);
                producer.send(new ProducerRecord<>(TOPIC, value, value), (md, err) -> {
                    if (err == null) {
                        acked.add(value);
                    } else {
                        failed.incrementAndGet();
                    }
                });
                if (i % 100 == 0) {
                    producer.flush();
                }
            }
            producer.flush();
        }

        void stopAndJoin() throws InterruptedException {
            running.set(false);
            join(180_000);
            producer.close(Duration.ofSeconds(30));
        }
    }
}
