package io.strata.bench.pipeline;

import io.strata.kafka.KafkaExtension;
import io.strata.kafka.KafkaNode;
import io.strata.pipelines.sources.SensorReadings;
import io.strata.service.ServerDist;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 9's peer: Kafka's own {@code org.apache.kafka.tools.ProducerPerformance}, in a JVM of its
 * own on the broker jars Strata runs plus kafka-tools, against the given brokers, into a topic of
 * its own with the sample's partitions, with the sensor simulator's producer settings (acks=all,
 * idempotence, linger.ms=10, batch.size=131072) and record size.
 */
final class ProducerPerf {

    static final String TOPIC = "bench-producer-perf";
    static final List<String> PROPS = List.of("acks=all", "enable.idempotence=true", "linger.ms=10",
            "batch.size=131072");
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency");
    private static final long DEADLINE_S = 600;

    record Result(long records, int recordSize, double recordsPerSec, double mbPerSec, double avgLatencyMs,
                  double seconds) {
    }

    private ProducerPerf() {
    }

    static Result run(Path kafkaTools, String bootstrap, long records, int recordSize, Path dir) throws Exception {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, IotSample.PARTITIONS, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Path dist = ServerDist.locate(KafkaExtension.class, "kafka-dist.properties", "strata.kafka.dist",
                "frameworks/kafka/kafka-dist");
        List<String> cmd = new ArrayList<>(List.of(Path.of(DirectKafka.javaBin(), "java").toString(), "-Xmx512m",
                "-cp", dist + "/*:" + kafkaTools + "/*", "org.apache.kafka.tools.ProducerPerformance",
                "--topic", TOPIC, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap));
        cmd.addAll(PROPS);
        long start = System.nanoTime();
        try (ChildProcess p = ChildProcess.start("producer-perf", dir, cmd, Map.of())) {
            if (!p.awaitExit(DEADLINE_S) || p.exitValue() != 0) {
                throw new IllegalStateException("ProducerPerformance did not finish: " + p.tail());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Result r = parse(p.stdout(), recordSize, seconds);
            if (r == null) {
                throw new IllegalStateException("no summary line from ProducerPerformance: " + p.tail());
            }
            return r;
        }
    }

    /**
     * The final summary line, e.g. "100000 records sent, 52854.9 records/sec (9.87 MB/sec), 120.5 ms avg
     * latency, 300.00 ms max latency, 100 ms 50th, ...": the interim lines have no percentiles.
     */
    static Result parse(String stdout, int recordSize, double seconds) {
        Result last = null;
        for (String line : stdout.split("\n")) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find() && line.contains(" 50th")) {
                last = new Result(Long.parseLong(m.group(1)), recordSize, Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), seconds);
            }
        }
        return last;
    }

    /** The simulator's mean record (key + JSON value) in bytes, over its first readings for this seed. */
    static int simulatorRecordSize(int sensors, long seed, long events) {
        SensorReadings readings = new SensorReadings(sensors, seed);
        long n = Math.min(events, 100_000);
        long bytes = 0;
        for (long i = 0; i < n; i++) {
            var r = readings.next();
            bytes += r.json().length() + r.sensorId().length();
        }
        return (int) Math.round((double) bytes / n);
    }

    static String describe(Result r) {
        return String.format(Locale.ROOT, "%,d records of %d B: %.0f records/s (%.2f MB/s), %.0f ms mean latency",
                r.records(), r.recordSize(), r.recordsPerSec(), r.mbPerSec(), r.avgLatencyMs());
    }
}
