package io.strata.bench.raw;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own client benchmarks from kafka-tools, on the broker jars Strata runs: their command
 * lines and the parsing of their summaries. The same command line runs against either side; only
 * the bootstrap address differs.
 */
final class KafkaTools {

    static final String PRODUCER = "org.apache.kafka.tools.ProducerPerformance";
    static final String CONSUMER = "org.apache.kafka.tools.ConsumerPerformance";
    static final String END_TO_END = "org.apache.kafka.tools.EndToEndLatency";
    /** Durable writes, as a service's users would have them: every in-sync replica acknowledges. */
    static final List<String> PRODUCER_PROPS = List.of("acks=all", "linger.ms=10", "batch.size=131072");

    private static final Pattern PRODUCED = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec"
            + " \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency.* ([\\d.]+) ms 99th");
    private static final Pattern AVG = Pattern.compile("Avg latency: ([\\d.]+) ms");
    private static final Pattern PERCENTILES = Pattern.compile(
            "Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");

    record Produced(long records, double recordsPerSec, double avgLatencyMs, double p99Ms) {
    }

    /** {@code recordsPerSec} includes the group join; {@code fetchRecordsPerSec} is the fetching alone. */
    record Consumed(long records, double recordsPerSec, double fetchRecordsPerSec) {
    }

    /** EndToEndLatency's percentiles come in whole milliseconds; its mean has four decimals. */
    record Latency(double avgMs, double p50Ms, double p99Ms, double p999Ms) {
    }

    private KafkaTools() {
    }

    static List<String> java(Path dist, Path tools, String main) {
        return new ArrayList<>(List.of(Tool.javaBin().toString(), "-Xmx256m", "-cp", dist + "/*:" + tools + "/*",
                main));
    }

    static List<String> producer(Path dist, Path tools, String bootstrap, String topic, long records, int size) {
        List<String> c = java(dist, tools, PRODUCER);
        c.addAll(List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(size), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        c.addAll(PRODUCER_PROPS);
        return c;
    }

    static List<String> consumer(Path dist, Path tools, String bootstrap, String topic, long records, String group) {
        List<String> c = java(dist, tools, CONSUMER);
        c.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--messages", Long.toString(records),
                "--group", group, "--timeout", "30000"));
        return c;
    }

    /** One message at a time, acks=all, each consumed before the next is sent. */
    static List<String> endToEnd(Path dist, Path tools, String bootstrap, String topic, long messages, int size) {
        List<String> c = java(dist, tools, END_TO_END);
        c.addAll(List.of(bootstrap, topic, Long.toString(messages), "all", Integer.toString(size)));
        return c;
    }

    /**
     * The final summary line, e.g. "200000 records sent, 52854.9 records/sec (5.04 MB/sec), 120.50 ms avg
     * latency, 300.00 ms max latency, 100 ms 50th, 200 ms 95th, 250 ms 99th, 290 ms 99.9th."; the
     * interim lines have no percentiles.
     */
    static Produced parseProducer(String stdout) {
        Produced last = null;
        for (String line : stdout.split("\n")) {
            Matcher m = PRODUCED.matcher(line);
            if (m.find()) {
                last = new Produced(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)));
            }
        }
        if (last == null) {
            throw new IllegalStateException("no summary line from ProducerPerformance in: " + stdout);
        }
        return last;
    }

    /**
     * The header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
     * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec" and the line under it.
     */
    static Consumed parseConsumer(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("start.time")) {
                List<String> head = Arrays.stream(lines[i].split(",")).map(String::trim).toList();
                String[] v = lines[i + 1].split(",");
                return new Consumed(Long.parseLong(v[head.indexOf("data.consumed.in.nMsg")].trim()),
                        Double.parseDouble(v[head.indexOf("nMsg.sec")].trim()),
                        Double.parseDouble(v[head.indexOf("fetch.nMsg.sec")].trim()));
            }
        }
        throw new IllegalStateException("no summary from ConsumerPerformance in: " + stdout);
    }

    /** "Avg latency: 2.1234 ms" and "Percentiles: 50th = 2, 99th = 5, 99.9th = 9". */
    static Latency parseEndToEnd(String stdout) {
        Matcher avg = AVG.matcher(stdout);
        Matcher p = PERCENTILES.matcher(stdout);
        if (!avg.find() || !p.find()) {
            throw new IllegalStateException("no latency summary from EndToEndLatency in: " + stdout);
        }
        return new Latency(Double.parseDouble(avg.group(1)), Double.parseDouble(p.group(1)),
                Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)));
    }
}
