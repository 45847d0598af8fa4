package io.strata.bench.pipeline;

import com.typesafe.config.ConfigFactory;
import io.strata.bench.Load;
import io.strata.kafka.KafkaExtension;
import io.strata.kafka.KafkaNode;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import io.strata.service.ServerDist;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 9's first hop, source to Kafka, in steady state: a Strata-deployed broker as the IoT
 * sample's (1 broker of 0.5 cpu/1 GB, topics of 4 partitions, replication 1), and alternating runs
 * (source, peer, source, peer, ...) of two Strata tasks of the source's quota
 * (strata.pipelines.source-cpus and source-mem-mb): the sensor simulator with the command line the
 * orchestrator gives it, without a rate limit and with no end, and Kafka's ProducerPerformance in a
 * JVM of the same flags, with the simulator's mean record size and producer settings, unthrottled.
 * Each run writes a topic of its own; its rate is the slope of the topic's summed end offsets over
 * a window that starts a warm-up after the first record landed. The task is then killed and seen
 * gone, and its topic deleted.
 */
final class SourceHop {

    static final String SERVICE = "iot-source-hop";
    static final double BROKER_CPUS = 0.5;
    static final long BROKER_MEM_MB = 1024;
    /** Room for a run's records until its topic is deleted (Kafka removes the files a minute later). */
    static final long BROKER_DISK_MB = 4096;
    static final double SOURCE_CPUS = Floor.SOURCE_CPUS;
    static final long SOURCE_MEM_MB = ConfigFactory.load().getLong("strata.pipelines.source-mem-mb");
    /** The sample's source: 50 sensors, seed 42; "events" so many that it runs until killed. */
    static final int SENSORS = 50;
    static final long SEED = 42;
    static final long UNTIL_KILLED = 1_000_000_000_000L;
    static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
    private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(2);
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(30);

    /** How many runs per side, and each run's warm-up, window and sampling interval. */
    record Timing(int runsPerSide, Duration warmUp, Duration window, Duration sampleEvery) {
    }

    static final Timing FULL = new Timing(5, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(1));
    static final Timing TINY = new Timing(1, Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofMillis(500));

    /**
     * One run: the load as it started, the rate (records/s: the least-squares slope of the end
     * offsets over the window) and the same over each half of the window, seconds from the task's
     * submission to its first record, the records in the topic when it was killed, and seconds from
     * the kill to the task ended with no process left.
     */
    record Run(String side, double load, double rate, double firstHalf, double secondHalf, double toFirstRecord,
               long records, double killSeconds) {
    }

    /** The runs of each side in the order they ran (the i-th of each side is one pair). */
    record Outcome(List<Run> source, List<Run> peer, int recordSize, String bootstrap, List<String> sourceCommand,
                   List<String> peerCommand, Timing timing, int pids, long leftAlive) {
    }

    private SourceHop() {
    }

    static Outcome run(Timing timing) throws Exception {
        int recordSize = ProducerPerf.simulatorRecordSize(SENSORS, SEED, 100_000);
        Path dist = ServerDist.locate(KafkaExtension.class, "kafka-dist.properties", "strata.kafka.dist",
                "frameworks/kafka/kafka-dist");
        Path tools = IotSample.locate().kafkaTools();
        List<Run> source = new ArrayList<>();
        List<Run> peer = new ArrayList<>();
        List<String> sourceCmd;
        List<String> peerCmd;
        String bootstrap;
        SourceHopCluster strata = SourceHopCluster.start();
        try {
            bootstrap = strata.deployKafka(SERVICE, BROKER_CPUS, BROKER_MEM_MB, BROKER_DISK_MB, Duration.ofMinutes(6));
            sourceCmd = sourceCommand(bootstrap, "TOPIC");
            peerCmd = peerCommand(sourceCmd, dist, tools, bootstrap, "TOPIC", recordSize);
            try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
                for (int i = 1; i <= timing.runsPerSide(); i++) {
                    String s = "readings-source-" + i;
                    source.add(measure(strata, admin, "source", s, sourceCommand(bootstrap, s), timing));
                    String p = "perf-peer-" + i;
                    peer.add(measure(strata, admin, "peer", p,
                            peerCommand(sourceCmd, dist, tools, bootstrap, p, recordSize), timing));
                }
            }
        } finally {
            strata.close();
        }
        long end = System.nanoTime() + KILL_DEADLINE.toNanos();
        while (strata.alivePids() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        return new Outcome(source, peer, recordSize, bootstrap, sourceCmd, peerCmd, timing, strata.rememberedPids(),
                strata.alivePids());
    }

    /** What the orchestrator runs for the sample's source ({@link Floor#simulatorCommand}), into {@code topic}, unending. */
    static List<String> sourceCommand(String bootstrap, String topic) {
        return Floor.simulatorCommand(new SourceSpec("sensors", SourceSpec.SENSOR_SIMULATOR, "kafka", topic, SENSORS,
                UNTIL_KILLED, null, SEED), bootstrap);
    }

    /**
     * ProducerPerformance in a JVM of the source's flags (everything before {@code -cp}) on the
     * broker jars plus kafka-tools, with the simulator's producer settings, unthrottled and more
     * records than a run can send.
     */
    static List<String> peerCommand(List<String> sourceCmd, Path dist, Path tools, String bootstrap, String topic,
                                    int recordSize) {
        List<String> c = new ArrayList<>(sourceCmd.subList(0, sourceCmd.indexOf("-cp")));
        c.addAll(List.of("-cp", dist + "/*:" + tools + "/*", PRODUCER_PERFORMANCE, "--topic", topic,
                "--num-records", Long.toString(UNTIL_KILLED / 1000), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        c.addAll(ProducerPerf.PROPS);
        return c;
    }

    private static Run measure(SourceHopCluster strata, Admin admin, String side, String topic, List<String> command,
                               Timing t) throws Exception {
        double load = Load.now();
        admin.createTopics(List.of(new NewTopic(topic, IotSample.PARTITIONS, (short) 1))).all()
                .get(30, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < IotSample.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        long submitted = System.nanoTime();
        String id = strata.launch(SERVICE + "-" + topic, SOURCE_CPUS, SOURCE_MEM_MB, command);
        double killSeconds;
        double toFirst;
        long records;
        double[] times;
        double[] offsets;
        try {
            strata.awaitRunning(id, STARTUP_DEADLINE);
            long deadline = submitted + STARTUP_DEADLINE.toNanos();
            while (endOffsets(admin, partitions) == 0) {
                strata.running(id);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(side + " task " + id + " wrote nothing to " + topic + " within "
                            + STARTUP_DEADLINE.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
            long first = System.nanoTime();
            toFirst = (first - submitted) / 1e9;
            long windowStart = first + t.warmUp().toNanos();
            int n = (int) (t.window().toNanos() / t.sampleEvery().toNanos()) + 1;
            times = new double[n];
            offsets = new double[n];
            for (int k = 0; k < n; k++) {
                long at = windowStart + k * t.sampleEvery().toNanos();
                sleepUntil(at);
                long before = System.nanoTime();
                offsets[k] = endOffsets(admin, partitions);
                times[k] = ((before + System.nanoTime()) / 2 - windowStart) / 1e9;
            }
            if (!strata.running(id)) {
                throw new IllegalStateException(side + " task " + id + " no longer RUNNING at the window's end");
            }
        } finally {
            killSeconds = strata.kill(id, KILL_DEADLINE);
        }
        records = endOffsets(admin, partitions);
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        int half = times.length / 2;
        return new Run(side, load, slope(times, offsets, 0, times.length), slope(times, offsets, 0, half + 1),
                slope(times, offsets, half, times.length), toFirst, records, killSeconds);
    }

    /** The sum of the partitions' latest offsets: every record acknowledged into the topic so far. */
    private static long endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset()).sum();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** The least-squares slope of y over x for the points {@code from} (inclusive) to {@code to} (exclusive). */
    static double slope(double[] x, double[] y, int from, int to) {
        int n = to - from;
        if (n < 2) {
            throw new IllegalArgumentException("a slope needs 2 points or more, got " + n);
        }
        double mx = 0;
        double my = 0;
        for (int i = from; i < to; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < to; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
