package io.strata.bench.raw;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.List;
import java.util.Locale;

/**
 * Kafka through Strata vs raw, throughput: Kafka's ProducerPerformance (acks=all) against three
 * brokers Strata deployed and against the same three started directly under the same cpu and memory
 * cgroups ({@link KafkaVsRaw}); the median of the alternating runs of each side, with
 * ConsumerPerformance's records/s in the notes.
 */
public final class KafkaProduceFigure implements Figure {

    static final double GOAL = 0.95;

    @Override
    public String name() {
        return "kafka.produce_per_s.vs_raw";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        KafkaVsRaw.Outcome o = scale == Scale.FULL ? KafkaVsRaw.full() : KafkaTiny.run();
        List<Double> strata = o.strata().stream().map(r -> r.produced().recordsPerSec()).toList();
        List<Double> raw = o.raw().stream().map(r -> r.produced().recordsPerSec()).toList();
        double value = Stats.median(strata);
        double peer = Stats.median(raw);
        double ratio = value / peer;
        String notes = String.format(Locale.ROOT, "%s %s Producer records/s per run, Strata %s, raw %s (raw median"
                        + " %.0f, min %.0f, max %.0f). Producer p99 latency median Strata %.0f ms, raw %.0f ms."
                        + " ConsumerPerformance on the same topic right after (fetch records/s, without the group"
                        + " join): Strata median %.0f %s, raw median %.0f %s; with the join: Strata %.0f, raw %.0f. %s",
                KafkaFigures.method(o), o.setup() + ".", KafkaFigures.values(strata, "%.0f"), KafkaFigures.values(raw, "%.0f"),
                peer, Stats.min(raw), Stats.max(raw),
                Stats.median(o.strata().stream().map(r -> r.produced().p99Ms()).toList()),
                Stats.median(o.raw().stream().map(r -> r.produced().p99Ms()).toList()),
                Stats.median(fetch(o.strata())), KafkaFigures.values(fetch(o.strata()), "%.0f"),
                Stats.median(fetch(o.raw())), KafkaFigures.values(fetch(o.raw()), "%.0f"),
                Stats.median(o.strata().stream().map(r -> r.consumed().recordsPerSec()).toList()),
                Stats.median(o.raw().stream().map(r -> r.consumed().recordsPerSec()).toList()),
                ratio >= GOAL ? "Goal met." : KafkaFigures.MISSED);
        return Result.measured(name(), value, "records/s", "higher",
                        "the same 3 brokers started directly under the same cgroup limits", peer, ">= 0.95x raw", notes)
                .withSpread(strata.size(), Stats.min(strata), Stats.max(strata)).withLoad(KafkaFigures.loads(o));
    }

    private static List<Double> fetch(List<KafkaVsRaw.Run> runs) {
        return runs.stream().map(r -> r.consumed().fetchRecordsPerSec()).toList();
    }
}
