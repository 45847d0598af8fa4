package io.strata.bench.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the two Kafka figures' notes share: the method, per-run values, and the loads in run order. */
final class KafkaFigures {

    static final String MISSED = "Goal missed. Both sides run the same jars, server.properties, heap and JVM flags"
            + " under the same cpu and memory cgroups; the differences left are the agent's task wrapper (a shell"
            + " that joins the cgroups, then execs the broker), the sandbox's volume directory and where each side's"
            + " brokers sit on loopback. At 0.5 cpu a broker is throttled by CFS in each 100 ms period, so a run's"
            + " figure swings with the other helpers' load on this 2-core machine (see load and min/max): what would"
            + " lift it is a quieter machine and more runs per side, or a larger quota per broker.";

    private KafkaFigures() {
    }

    static String method(KafkaVsRaw.Outcome o) {
        return String.format(Locale.ROOT, "Method: 3 Kafka %s brokers (combined broker and KRaft controller,"
                        + " replication 3, min.insync.replicas 2), %.1f cpu and %d MB each, deployed by Strata (POST"
                        + " /api/v1/kafka on a node in the harness JVM with 3 agents on 127.0.0.1-3) and the same 3"
                        + " started directly from the framework's KafkaNode (same jars, server.properties, heap, flags)"
                        + " in cgroup v1 cpu (CFS quota) and memory groups of the same size; both sides up at once,"
                        + " one idles while the other is measured. After one unmeasured warm-up per side, %d runs per"
                        + " side, alternating Strata, raw, Strata, raw...; each run: ProducerPerformance of %,d records"
                        + " of %d B (acks=all, linger.ms=10, batch.size=131072, unthrottled) into a new topic of %d"
                        + " partitions, ConsumerPerformance of them, EndToEndLatency of %,d records. Value = median of"
                        + " the Strata runs, peer = median of the raw runs; load = 1-min load average as each run"
                        + " started, in run order (Strata, raw, ...).", "4.1.1", KafkaVsRaw.CPUS, KafkaVsRaw.MEM_MB,
                o.strata().size(), o.records(), KafkaVsRaw.RECORD_SIZE, KafkaVsRaw.PARTITIONS, o.latencyMessages());
    }

    static String values(List<Double> xs, String format) {
        return xs.stream().map(x -> String.format(Locale.ROOT, format, x)).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The loads as the runs started, in the order they ran: Strata's i-th, then raw's i-th. */
    static List<Double> loads(KafkaVsRaw.Outcome o) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < o.strata().size(); i++) {
            out.add(o.strata().get(i).load());
            out.add(o.raw().get(i).load());
        }
        return out;
    }
}
