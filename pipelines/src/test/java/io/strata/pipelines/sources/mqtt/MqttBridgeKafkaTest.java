package io.strata.pipelines.sources.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.FreePorts;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge against a real Kafka broker started through Strata's agent (once for the class),
 * devices simulated by MqttDevices, both as their own processes.
 */
class MqttBridgeKafkaTest {

    private static final Pattern ACKED = Pattern.compile("acknowledged (\\d+) of");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static String bootstrap;
    static final Set<Long> brokerPids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startKafka() {
        node = LoopbackCluster.start(home, 1, 2.0, 3072L, 2048L, "30500-30519", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        var created = api.post("/api/v1/kafka", "{\"name\":\"mqtt\",\"brokers\":1,\"brokerCpus\":0.5,"
                + "\"brokerMem\":768,\"brokerDisk\":512}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Eventually.await(Duration.ofSeconds(240), () -> "kafka RUNNING: " + kafka(),
                () -> "RUNNING".equals(kafka().path("state").asText()));
        ProcessChecks.rememberPids(api, "kafka:mqtt", brokerPids);
        bootstrap = kafka().path("bootstrap").asText();
        for (String topic : List.of("readings", "wrapped", "refusals")) {
            var t = api.post("/api/v1/kafka/mqtt/topics", "{\"topic\":\"" + topic + "\",\"partitions\":3,\"replication\":1}");
            assertThat(t.status()).as(t.body().toString()).isBetween(200, 201);
        }
    }

    @AfterAll
    static void stopKafka() {
        if (node != null) {
            node.close();
        }
        brokerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static JsonNode kafka() {
        return api.get("/api/v1/kafka/mqtt").body();
    }

    @Test
    void everyPubackedMessageIsInKafkaKeyedByItsDevice() throws Exception {
        int port = FreePorts.next();
        try (JavaMain bridge = startBridge("throughput", port, "--topic", "readings", "--key", "field:device_id")) {
            long start = System.nanoTime();
            try (JavaMain devices = JavaMain.start(home.resolve("devices-throughput.log"), MqttDevices.class, List.of(
                    "--broker", "127.0.0.1:" + port, "--devices", "10", "--messages", "3000",
                    "--acked-file", home.resolve("acked-throughput.txt").toString()))) {
                assertThat(devices.exitCode(180)).as(devices.output()).isZero();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("MQTT bridge throughput: 30000 QoS 1 messages from 10 devices in %.1f s = %.0f msgs/s%n"
                        + "devices say: %s%n", seconds, 30000 / seconds, devices.output().lines().reduce((a, b) -> b).orElse(""));
            }
            Map<String, Integer> acked = ackedFile("acked-throughput.txt");
            assertThat(acked).hasSize(30000);
            Map<String, Integer> inKafka = consume("readings", acked.keySet(), r -> JSON.readTree(r.value()));
            assertThat(acked.keySet()).allMatch(inKafka::containsKey);
            assertThat(bridge.output()).contains("forwarded");
        }
    }

    @Test
    void killingTheBridgeMidStreamLosesNoAcknowledgedMessage() throws Exception {
        int port = FreePorts.next();
        List<String> flags = List.of("--topic", "wrapped", "--key", "topic:1", "--payload", "wrapped");
        JavaMain bridge = startBridge("kill-1", port, flags.toArray(String[]::new));
        try (JavaMain devices = JavaMain.start(home.resolve("devices-kill.log"), MqttDevices.class, List.of(
                "--broker", "127.0.0.1:" + port, "--devices", "5", "--messages", "4000", "--rate", "1500",
                "--acked-file", home.resolve("acked-kill.txt").toString()))) {
            try {
                Eventually.await(Duration.ofSeconds(60), () -> "3000 acknowledged: " + devices.output(),
                        () -> lastAcked(devices.output()) >= 3000);
                bridge.crash();
                assertThat(bridge.isAlive()).isFalse();
                long ackedAtKill = lastAcked(devices.output());
                bridge = startBridge("kill-2", port, flags.toArray(String[]::new));
                assertThat(devices.exitCode(180)).as(devices.output()).isZero();
                Map<String, Integer> acked = ackedFile("acked-kill.txt");
                Map<String, Integer> inKafka = consume("wrapped", acked.keySet(), r -> JSON.readTree(r.value()).path("payload"));
                List<String> missing = acked.keySet().stream().filter(k -> !inKafka.containsKey(k)).toList();
                long duplicates = inKafka.values().stream().filter(n -> n > 1).count();
                System.out.printf("MQTT kill test: bridge killed (-9) at ~%d acknowledged; %d acknowledged in all, %d distinct "
                        + "in Kafka, %d records, %d (device,seq) written more than once, %d acknowledged but missing%n",
                        ackedAtKill, acked.size(), inKafka.size(), inKafka.values().stream().mapToInt(Integer::intValue).sum(),
                        duplicates, missing.size());
                assertThat(acked).hasSize(20000);
                assertThat(missing).as("acknowledged but not in Kafka").isEmpty();
            } finally {
                bridge.close();
            }
        }
    }

    @Test
    void refusalsAreClearAndNothingRefusedReachesKafka() throws Exception {
        int port = FreePorts.next();
        int healthPort = FreePorts.next();
        try (JavaMain bridge = startBridge("refusals", port, "--topic", "refusals", "--filter", "devices/#", "--key", "topic:1",
                "--username", "dev", "--password", "secret", "--health-port", String.valueOf(healthPort))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + healthPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("ok");

            try (JavaMain wrong = JavaMain.start(home.resolve("devices-wrong.log"), MqttDevices.class, List.of(
                    "--broker", "127.0.0.1:" + port, "--messages", "3", "--username", "dev", "--password", "guess"))) {
                assertThat(wrong.exitCode(60)).isEqualTo(1);
                assertThat(wrong.output()).contains("refused the connection: CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD")
                        .contains("acknowledged 0 of 3");
            }
            try (RawMqtt raw = RawMqtt.connect(port, "raw-1", "dev", "secret")) {
                assertThat(raw.connAckCode()).isZero();
                raw.publish("devices/raw-1", 2, 1, "{\"n\":1}");
                assertThat(raw.closedByBroker()).isTrue();
            }
            try (RawMqtt raw = RawMqtt.connect(port, "raw-2", "dev", "secret")) {
                assertThat(raw.connAckCode()).isZero();
                raw.publish("elsewhere/raw-2", 1, 1, "{\"n\":2}");
                assertThat(raw.closedByBroker()).isTrue();
            }
            Eventually.await(Duration.ofSeconds(10), () -> bridge.output(), () -> bridge.output().contains(
                    "QoS 2 publish on 'devices/raw-1' refused: this endpoint supports QoS 0 and 1")
                    && bridge.output().contains("publish on 'elsewhere/raw-2' is outside --filter 'devices/#'"));

            try (JavaMain ok = JavaMain.start(home.resolve("devices-ok.log"), MqttDevices.class, List.of(
                    "--broker", "127.0.0.1:" + port, "--messages", "3", "--username", "dev", "--password", "secret"))) {
                assertThat(ok.exitCode(60)).as(ok.output()).isZero();
            }
            Map<String, Integer> inKafka = consume("refusals", Set.of("device-0000 0", "device-0000 1", "device-0000 2"),
                    r -> JSON.readTree(r.value()));
            assertThat(inKafka).as("only the accepted device's 3 messages").containsOnlyKeys(
                    "device-0000 0", "device-0000 1", "device-0000 2");
        }
    }

    // ------------------------------------------------------------------ helpers

    static JavaMain startBridge(String name, int port, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap", bootstrap, "--bind", "127.0.0.1", "--port", String.valueOf(port)));
        args.addAll(List.of(flags));
        JavaMain bridge = JavaMain.start(home.resolve("bridge-" + name + ".log"), MqttBridge.class, args);
        Eventually.await(Duration.ofSeconds(60), () -> "bridge ready: " + bridge.output(),
                () -> bridge.output().contains("MqttBridge ready mqtt=127.0.0.1:" + port + " topic="));
        return bridge;
    }

    static long lastAcked(String output) {
        long n = -1;
        Matcher m = ACKED.matcher(output);
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    /** "device-0001 17" → how often the device's file lists it (a device acks each message once). */
    static Map<String, Integer> ackedFile(String name) throws Exception {
        Map<String, Integer> acked = new HashMap<>();
        for (String line : Files.readAllLines(home.resolve(name))) {
            acked.merge(line, 1, Integer::sum);
        }
        assertThat(acked.values()).as("each message acknowledged once").allMatch(n -> n == 1);
        return acked;
    }

    interface Reading {
        JsonNode of(ConsumerRecord<String, String> r) throws Exception;
    }

    /** Reads the topic from the start until every expected "device seq" was seen; counts each. */
    static Map<String, Integer> consume(String topic, Set<String> expected, Reading reading) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < end && (!seen.keySet().containsAll(expected) || emptyPolls < 3)) {
                var records = c.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode v = reading.of(r);
                    String device = v.path("device_id").asText();
                    assertThat(r.key()).as("key of " + r.value()).isEqualTo(device);
                    seen.merge(device + " " + v.path("seq").asInt(), 1, Integer::sum);
                }
            }
        }
        return seen;
    }
}
