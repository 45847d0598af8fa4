package io.strata.bench.raw;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.List;
import java.util.Locale;

/**
 * Kafka through Strata vs raw, latency: Kafka's EndToEndLatency (one 100-byte record at a time,
 * acks=all, each consumed before the next is sent) against both sides of {@link KafkaVsRaw}; its
 * p99, the median of the alternating runs of each side.
 */
public final class KafkaLatencyFigure implements Figure {

    static final double GOAL = 1.05;

    @Override
    public String name() {
        return "kafka.e2e_latency_p99_ms.vs_raw";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        KafkaVsRaw.Outcome o = scale == Scale.FULL ? KafkaVsRaw.full() : KafkaTiny.run();
        List<Double> strata = o.strata().stream().map(r -> r.latency().p99Ms()).toList();
        List<Double> raw = o.raw().stream().map(r -> r.latency().p99Ms()).toList();
        double value = Stats.median(strata);
        double peer = Stats.median(raw);
        String notes = String.format(Locale.ROOT, "%s %s EndToEndLatency of %,d records per run (a topic of 1"
                        + " partition, replication 3), p99 in whole ms as the tool prints it: Strata %s, raw %s (raw"
                        + " median %.0f, min %.0f, max %.0f). Mean latency: Strata %s ms, raw %s ms; p50 median"
                        + " Strata %.0f ms, raw %.0f ms. %s",
                KafkaFigures.method(o), o.setup() + ".", o.latencyMessages(), KafkaFigures.values(strata, "%.0f"),
                KafkaFigures.values(raw, "%.0f"), peer, Stats.min(raw), Stats.max(raw),
                KafkaFigures.values(o.strata().stream().map(r -> r.latency().avgMs()).toList(), "%.2f"),
                KafkaFigures.values(o.raw().stream().map(r -> r.latency().avgMs()).toList(), "%.2f"),
                Stats.median(o.strata().stream().map(r -> r.latency().p50Ms()).toList()),
                Stats.median(o.raw().stream().map(r -> r.latency().p50Ms()).toList()),
                value / peer <= GOAL ? "Goal met." : KafkaFigures.MISSED);
        return Result.measured(name(), value, "ms", "lower",
                        "the same 3 brokers started directly under the same cgroup limits", peer, "<= 1.05x raw", notes)
                .withSpread(strata.size(), Stats.min(strata), Stats.max(strata)).withLoad(KafkaFigures.loads(o));
    }
}
