package io.strata.bench.raw;

import io.strata.bench.Load;
import io.strata.bench.ScratchDir;
import io.strata.kafka.KafkaExtension;
import io.strata.service.ServerDist;

import java.nio.file.Path;
import java.util.List;

/**
 * The Kafka figures' tiny run, without brokers (three of them start in a minute or more here): each
 * of the three tools is started on the class path the full run gives it (the broker jars Strata runs
 * plus kafka-tools) and must print its usage, which proves its class and dependencies load; the
 * full run's parsers read summaries in the tools' exact output format. Both sides get that one run.
 */
final class KafkaTiny {

    static final String PRODUCER_SAMPLE = "150000 records sent, 30000.0 records/sec (2.86 MB/sec), 250.1 ms avg latency,"
            + " 801.0 ms max latency.\n300000 records sent, 41928.7 records/sec (4.00 MB/sec), 512.36 ms avg"
            + " latency, 1221.00 ms max latency, 488 ms 50th, 961 ms 95th, 1102 ms 99th, 1199 ms 99.9th.\n";
    static final String CONSUMER_SAMPLE = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,"
            + " nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n"
            + "2026-12-03 22:40:01:123, 2026-12-03 22:40:07:456, 28.6102, 4.5177, 300000, 47371.7, 3012, 3321,"
            + " 8.6149, 90334.2\n";
    static final String END_TO_END_SAMPLE = "0\t5.123\n1000\t3.02\nAvg latency: 3.4121 ms\n"
            + "Percentiles: 50th = 3, 99th = 9, 99.9th = 14\n";

    private KafkaTiny() {
    }

    static KafkaVsRaw.Outcome run() throws Exception {
        Path dist = ServerDist.locate(KafkaExtension.class, "kafka-dist.properties", "strata.kafka.dist",
                "frameworks/kafka/kafka-dist");
        Path tools = KafkaVsRaw.kafkaTools();
        double load = Load.now();
        try (ScratchDir dir = ScratchDir.create("strata-bench-raw-kafka-tiny")) {
            check(dir.path(), dist, tools, KafkaTools.PRODUCER, "--num-records");
            check(dir.path(), dist, tools, KafkaTools.CONSUMER, "--messages");
            check(dir.path(), dist, tools, KafkaTools.END_TO_END, "num_messages");
        }
        KafkaVsRaw.Run run = new KafkaVsRaw.Run(load, KafkaTools.parseProducer(PRODUCER_SAMPLE),
                KafkaTools.parseConsumer(CONSUMER_SAMPLE), KafkaTools.parseEndToEnd(END_TO_END_SAMPLE));
        return new KafkaVsRaw.Outcome(List.of(run), List.of(run), 300_000, 2_000,
                "tiny run: no brokers; the tools' class path checked, the parsers fed recorded summaries");
    }

    private static void check(Path dir, Path dist, Path tools, String main, String expected) throws Exception {
        List<String> cmd = KafkaTools.java(dist, tools, main);
        cmd.add("--help");
        String out = Tool.usage(main.substring(main.lastIndexOf('.') + 1), dir, cmd);
        if (!out.contains(expected) || out.contains("NoClassDefFoundError") || out.contains("ClassNotFoundException")) {
            throw new IllegalStateException(main + " did not print its usage on " + cmd + ": " + out);
        }
    }
}
