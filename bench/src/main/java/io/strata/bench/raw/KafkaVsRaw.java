package io.strata.bench.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.bench.Load;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.pipeline.CpuQuotas;
import io.strata.bench.pipeline.DirectKafka;
import io.strata.kafka.KafkaExtension;
import io.strata.kafka.KafkaNode;
import io.strata.service.ServerDist;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The run both Kafka figures read, done once per harness JVM: three brokers deployed by Strata
 * (a Kafka service of 3 combined broker-controllers of {@link #CPUS} cpus and {@link #MEM_MB} MB,
 * through the API) and the same three brokers started directly ({@link DirectKafka#startMember}:
 * the framework's own server.properties, heap and command) in cpu and memory cgroups of the same
 * size, both up at once; then, after one unmeasured warm-up on each, {@link #runs} alternating
 * runs (Strata, raw, Strata, raw, ...) of Kafka's ProducerPerformance, ConsumerPerformance and
 * EndToEndLatency against one side while the other idles.
 */
final class KafkaVsRaw {

    static final int BROKERS = 3;
    static final double CPUS = 0.5;
    static final long MEM_MB = 768;
    static final int RECORD_SIZE = 100;
    static final int PARTITIONS = 3;
    static final String SERVICE = "rawvs";
    private static final String HOST_PREFIX = "127.0.0.";
    private static final int RAW_PORT = 39100;
    private static final int RAW_CONTROLLER_PORT = 39200;
    private static final long TOOL_DEADLINE_S = 600;

    /** One side's run: the machine's load as it started and the three tools' summaries. */
    record Run(double load, KafkaTools.Produced produced, KafkaTools.Consumed consumed, KafkaTools.Latency latency) {
    }

    /** Both sides' runs, in the order they ran (the i-th of each side is one pair). */
    record Outcome(List<Run> strata, List<Run> raw, long records, long latencyMessages, String setup) {
    }

    private static Outcome full;

    private KafkaVsRaw() {
    }

    static synchronized Outcome full() throws Exception {
        if (full == null) {
            full = run(5, 150_000, 500);
        }
        return full;
    }

    static Outcome run(int runs, long records, long latencyMessages) throws Exception {
        Path dist = ServerDist.locate(KafkaExtension.class, "kafka-dist.properties", "strata.kafka.dist",
                "frameworks/kafka/kafka-dist");
        Path tools = kafkaTools();
        List<DirectKafka> raw = new ArrayList<>();
        try (ScratchDir dir = ScratchDir.create("strata-bench-raw-kafka");
             CpuQuotas quotas = CpuQuotas.createLimits();
             StrataServices strata = StrataServices.start(BROKERS, 2.0, 4096)) {
            try {
                ObjectNode body = new ObjectMapper().createObjectNode().put("name", SERVICE).put("brokers", BROKERS)
                        .put("brokerCpus", CPUS).put("brokerMem", MEM_MB).put("brokerDisk", 4096);
                strata.create("kafka", body);
                String clusterId = Uuid.randomUuid().toString();
                String voters = voters();
                for (int id = 1; id <= BROKERS; id++) {
                    raw.add(DirectKafka.startMember(dist, dir.resolve("raw-" + id), id, HOST_PREFIX + id,
                            RAW_PORT + id, RAW_CONTROLLER_PORT + id, voters, BROKERS, MEM_MB, clusterId, quotas,
                            CPUS));
                }
                JsonNode status = strata.awaitReady("kafka", SERVICE,
                        s -> StrataServices.podsReady(s, "brokers", BROKERS) && !s.path("bootstrap").asText().isBlank(),
                        Duration.ofMinutes(6));
                String strataBootstrap = status.path("bootstrap").asText();
                String rawBootstrap = String.join(",", raw.stream().map(DirectKafka::bootstrap).toList());
                awaitBrokers(rawBootstrap, raw, System.nanoTime() + Duration.ofMinutes(6).toNanos());

                Side s = new Side("strata", strataBootstrap, dist, tools, dir.resolve("runs"));
                Side r = new Side("raw", rawBootstrap, dist, tools, dir.resolve("runs"));
                s.run(-1, records / 4, latencyMessages / 4);
                r.run(-1, records / 4, latencyMessages / 4);
                List<Run> strataRuns = new ArrayList<>();
                List<Run> rawRuns = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    strataRuns.add(s.run(i, records, latencyMessages));
                    raw.forEach(DirectKafka::checkAlive);
                    rawRuns.add(r.run(i, records, latencyMessages));
                }
                String setup = "Strata: " + strataBootstrap + " (" + status.path("brokers").size() + " brokers on "
                        + BROKERS + " agents); raw: " + rawBootstrap;
                return new Outcome(strataRuns, rawRuns, records, latencyMessages, setup);
            } finally {
                for (DirectKafka k : raw) {
                    k.close();
                }
            }
        }
    }

    static String voters() {
        List<String> v = new ArrayList<>();
        for (int id = 1; id <= BROKERS; id++) {
            v.add(KafkaNode.voter(id, HOST_PREFIX + id, RAW_CONTROLLER_PORT + id));
        }
        return String.join(",", v);
    }

    /** One side's bootstrap and where its runs' output goes. */
    private record Side(String name, String bootstrap, Path dist, Path tools, Path dir) {

        /** Run {@code i} (-1: the warm-up) of the three tools, each on topics of its own. */
        Run run(int i, long records, long latencyMessages) throws Exception {
            double load = Load.now();
            String tag = name + "-" + (i < 0 ? "warmup" : Integer.toString(i));
            String perf = "perf-" + tag;
            String e2e = "e2e-" + tag;
            createTopic(bootstrap, perf, PARTITIONS);
            createTopic(bootstrap, e2e, 1);
            KafkaTools.Produced p = KafkaTools.parseProducer(Tool.run("producer-" + tag, dir,
                    KafkaTools.producer(dist, tools, bootstrap, perf, records, RECORD_SIZE), TOOL_DEADLINE_S));
            KafkaTools.Consumed c = KafkaTools.parseConsumer(Tool.run("consumer-" + tag, dir,
                    KafkaTools.consumer(dist, tools, bootstrap, perf, records, "group-" + tag), TOOL_DEADLINE_S));
            KafkaTools.Latency l = KafkaTools.parseEndToEnd(Tool.run("e2e-" + tag, dir,
                    KafkaTools.endToEnd(dist, tools, bootstrap, e2e, latencyMessages, RECORD_SIZE), TOOL_DEADLINE_S));
            return new Run(load, p, c, l);
        }
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) BROKERS))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Polls until all three raw brokers are in the cluster (Strata's readiness check, per broker). */
    private static void awaitBrokers(String bootstrap, List<DirectKafka> raw, long deadline) throws Exception {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            while (true) {
                raw.forEach(DirectKafka::checkAlive);
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == BROKERS) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the raw brokers were not up in time");
                }
                Thread.sleep(200);
            }
        }
    }

    /** kafka-tools, which the bench's build copies next to its classes (see bench/pom.xml). */
    static Path kafkaTools() throws IOException {
        Properties built = new Properties();
        try (InputStream in = KafkaVsRaw.class.getResourceAsStream("/io/strata/bench/pipeline/build.properties")) {
            built.load(in);
        }
        return Path.of(built.getProperty("kafka.tools")).normalize();
    }
}
