package io.strata.pipelines.sources.http;

import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpIngest as its own process in front of a real Kafka broker that Strata runs: concurrent
 * devices post singles and batches; every acknowledged event is in the topic exactly once, and no
 * event of a refused request (malformed, oversized, wrong type) reaches it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpIngestKafkaTest {

    static final String TOPIC = "device-events";
    static final Duration READY = Duration.ofSeconds(180);
    static final Pattern LISTENING = Pattern.compile("http-ingest listening on 127\\.0\\.0\\.1:(\\d+) path=/events topic=" + TOPIC);

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static String bootstrap;
    static Process ingest;
    static Path ingestLog;
    static DeviceClients.Target target;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();
    static DeviceClients.Outcome outcome;

    @BeforeAll
    static void startKafkaAndIngest() throws Exception {
        node = LoopbackCluster.start(home, 1, 2.0, 2048L, 2048L, "30470-30479", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        var created = api.post("/api/v1/kafka", "{\"name\":\"ingest\",\"brokers\":1,\"brokerCpus\":0.5,"
                + "\"brokerMem\":768,\"brokerDisk\":512}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Eventually.await(READY, () -> "kafka ingest RUNNING: " + api.get("/api/v1/kafka/ingest").body(),
                () -> "RUNNING".equals(api.get("/api/v1/kafka/ingest").body().path("state").asText()));
        ProcessChecks.rememberPids(api, "kafka:ingest", pids);
        var topic = api.post("/api/v1/kafka/ingest/topics", "{\"topic\":\"" + TOPIC + "\",\"partitions\":3,\"replication\":1}");
        assertThat(topic.status()).as(topic.body().toString()).isEqualTo(201);
        bootstrap = api.get("/api/v1/kafka/ingest").body().path("bootstrap").asText();

        ingestLog = home.resolve("http-ingest.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HttpIngest.class.getName(), "--bootstrap", bootstrap, "--topic", TOPIC, "--host", "127.0.0.1", "--port", "0",
                "--max-body-bytes", Integer.toString(DeviceClients.MAX_BODY), "--max-events", "500",
                "--required", "deviceId,seq", "--key-field", "deviceId", "--token-env", "INGEST_TOKEN", "--threads", "32")
                .redirectErrorStream(true).redirectOutput(ingestLog.toFile());
        pb.environment().put("INGEST_TOKEN", DeviceClients.TOKEN);
        ingest = pb.start();
        pids.add(ingest.pid());
        int port = Eventually.awaitValue(Duration.ofSeconds(60), "the ready line in " + ingestLog, () -> {
            Matcher m = LISTENING.matcher(log());
            return m.find() ? Integer.parseInt(m.group(1)) : null;
        });
        target = new DeviceClients.Target("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopEverything() {
        if (ingest != null) {
            ingest.destroyForcibly();
        }
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static String log() {
        try {
            return Files.readString(ingestLog);
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    @Order(1)
    void everyAcknowledgedEventIsInKafkaOnceAndNoRefusedEventIsThere() throws Exception {
        outcome = new DeviceClients(target, 16, 160).run();
        System.out.println("http ingest: " + outcome.summary());

        assertThat(outcome.unexpected()).as("answers that were not what the request deserved").isEmpty();
        assertThat(outcome.refusedByStatus()).containsOnlyKeys(400, 413, 415);
        assertThat(outcome.refusedByStatus().values()).allMatch(n -> n > 10);

        Map<String, ConsumerRecord<String, String>> seen = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (ConsumerRecord<String, String> r : readTopic()) {
            String id = DeviceClients.eventId(r.value());
            if (seen.put(id, r) != null) {
                twice.add(id);
            }
        }
        assertThat(twice).as("events in Kafka more than once").isEmpty();
        assertThat(seen.keySet()).as("acknowledged events in Kafka").containsAll(outcome.acknowledged().keySet());
        assertThat(seen.keySet()).as("every event in Kafka was acknowledged").hasSameSizeAs(outcome.acknowledged().keySet());
        assertThat(seen.keySet()).as("events of refused requests").doesNotContainAnyElementsOf(outcome.refusedIds());
        outcome.acknowledged().forEach((id, json) -> {
            ConsumerRecord<String, String> r = seen.get(id);
            assertThat(r.value()).isEqualTo(json);
            assertThat(r.key()).isEqualTo(DeviceClients.deviceOf(id));
        });

        var health = target.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"accepted\":" + outcome.acknowledged().size());
    }

    @Test
    @Order(2)
    void sigtermStopsItWithItsCountersLine() throws Exception {
        ingest.destroy();
        assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s: " + log()).isTrue();
        assertThat(log()).contains("http-ingest accepted=" + outcome.acknowledged().size() + " refused="
                + outcome.refusedByStatus().values().stream().mapToInt(Integer::intValue).sum() + " unavailable=0");
    }

    /** Everything in the topic, from the start to its end offsets as they are now. */
    static List<ConsumerRecord<String, String>> readTopic() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Eventually.await(Duration.ofSeconds(120), () -> "the topic read to its end " + end + ", " + records.size()
                    + " records so far", () -> {
                for (int got = 1; got > 0; ) {
                    var polled = consumer.poll(Duration.ofMillis(200));
                    polled.forEach(records::add);
                    got = polled.count();
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return records;
    }
}
