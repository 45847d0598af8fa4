package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent host dies under a Kafka broker of a three-broker service: its tasks end LOST naming the
 * agent and how long it has been silent, the broker's pod says so with the command that moves it,
 * {@code strata kafka replace} moves it to the spare host (or Strata does, after the service's
 * {@code --auto-replace-after}), and every record the brokers acknowledged
 * (acks=all to a topic with replication factor 3), before and after the loss, is consumed.
 */
class AgentHostLossTest {

    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DEPLOY = Duration.ofMinutes(5);
    private static final String TOPIC = "readings";

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(6);

    @Test
    void aLostBrokerIsReplacedByCommandAndNoAcknowledgedRecordIsLost() throws Exception {
        lostBrokerReplaced(false);
    }

    @Test
    void aLostBrokerIsReplacedAutomaticallyWhenTheServiceSaysSo() throws Exception {
        lostBrokerReplaced(true);
    }

    private void lostBrokerReplaced(boolean automatically) throws Exception {
        Strata strata = hosts.strata();
        Host master = hosts.get(0);
        List<Host> agents = hosts.range(1, 5);
        Host laptop = hosts.get(5);

        strata.master(master, List.of(master));
        strata.awaitApi(master, START);
        agents.forEach(agent -> strata.agent(agent, master, "--cpus", "1", "--mem", "2048"));
        strata.useApi(laptop, master);
        Await.until(START, "four agents", () -> Optional.of(strata.cli(laptop, "status", "--json").assertOk().json())
                .filter(s -> Strata.activeAgentHosts(s).size() == 4));

        List<String> create = new ArrayList<>(List.of("kafka", "create", "events", "--brokers", "3", "--broker-mem", "768",
                "--wait"));
        if (automatically) {
            create.addAll(List.of("--auto-replace-after", "15s"));
        }
        strata.cli(laptop, create.toArray(String[]::new)).assertOk();
        JsonNode service = strata.cli(laptop, "kafka", "status", "events", "--json").assertOk().json();
        String bootstrap = service.path("bootstrap").asText();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        produce(bootstrap, "before-", 2000, acknowledged);
        assertThat(acknowledged).hasSize(2000);

        JsonNode pod = service.path("brokers").get(0);
        String lostAgentId = pod.path("agentId").asText();
        String brokerTask = pod.path("taskId").asText();
        Host lost = agents.stream().filter(a -> a.address().equals(pod.path("host").asText())).findFirst().orElseThrow();
        lost.kill();

        JsonNode lostTask = Await.until(START, "the broker's task LOST", () -> Optional.of(
                        strata.cli(laptop, "task", "list", "--json").assertOk().json())
                .flatMap(tasks -> find(tasks, brokerTask)).filter(t -> t.path("state").asText().equals("LOST")));
        assertThat(lostTask.path("reason").asText()).as("names the agent and how long it was silent")
                .contains(lostAgentId).contains("silent");
        JsonNode waiting = Await.until(START, "the pod saying how to move it", () -> Optional.of(
                        strata.cli(laptop, "kafka", "status", "events", "--json").assertOk().json())
                .map(s -> s.path("brokers").get(0)).filter(p -> p.path("reason").asText().contains("replace")));
        assertThat(waiting.path("reason").asText()).contains(lostAgentId).contains("strata kafka replace events");

        // Two replicas of three still take writes.
        produce(bootstrap, "during-", 2000, acknowledged);
        if (automatically) {
            assertThat(waiting.path("reason").asText()).contains("replaced automatically");
        } else {
            strata.cli(laptop, "kafka", "replace", "events", waiting.path("id").asText()).assertOk();
        }
        JsonNode replaced = Await.until(DEPLOY, "three brokers again, one on the spare host", () -> Optional.of(
                        strata.cli(laptop, "kafka", "status", "events", "--json").assertOk().json())
                .filter(s -> s.path("state").asText().equals("RUNNING"))
                .filter(s -> !s.path("brokers").get(0).path("agentId").asText().equals(lostAgentId)));
        String newBootstrap = replaced.path("bootstrap").asText();
        produce(newBootstrap, "after-", 1000, acknowledged);

        assertThat(consumeAll(newBootstrap)).as("every acknowledged record consumed").containsAll(acknowledged);
        strata.cli(laptop, "kafka", "delete", "events").assertOk();
    }

    private static Optional<JsonNode> find(JsonNode tasks, String id) {
        for (JsonNode t : tasks) {
            if (t.path("id").asText().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Sends {@code count} records with acks=all; adds each one the brokers acknowledged. */
    private static void produce(String bootstrap, String prefix, int count, Set<String> acknowledged) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String value = prefix + i;
                producer.send(new ProducerRecord<>(TOPIC, value, value), (meta, error) -> {
                    if (error == null) {
                        acknowledged.add(value);
                    }
                });
            }
            producer.flush();
        }
    }

    private static Set<String> consumeAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            int empty = 0;
            while (System.nanoTime() < deadline && empty < 5) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofSeconds(2)).forEach(batch::add);
                batch.forEach(r -> seen.add(r.value()));
                empty = batch.isEmpty() && !seen.isEmpty() ? empty + 1 : 0;
            }
        }
        return seen;
    }
}
