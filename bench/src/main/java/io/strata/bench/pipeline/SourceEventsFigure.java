package io.strata.bench.pipeline;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Figure 9, first hop: the IoT source's sustained events/s into a Strata-deployed Kafka broker,
 * against Kafka's ProducerPerformance run as a Strata task of the same quota in the same run
 * ({@link SourceHop}); medians of alternating runs.
 */
public final class SourceEventsFigure implements Figure {

    static final double GOAL = 0.9;

    @Override
    public String name() {
        return "iot.source_events_per_s.vs_producer_perf";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        SourceHop.Outcome o = SourceHop.run(scale == Scale.FULL ? SourceHop.FULL : SourceHop.TINY);
        List<Double> source = rates(o.source());
        List<Double> peer = rates(o.peer());
        if (o.leftAlive() > 0) {
            throw new IllegalStateException(o.leftAlive() + " of the run's " + o.pids()
                    + " task processes outlived the node");
        }
        double value = Stats.median(source);
        double peerValue = Stats.median(peer);
        String notes = method(o, scale) + " Runs (events/s over the window; first half / second half; seconds from"
                + " the task's submission to its first record; records when killed; seconds from the kill to the task"
                + " ended with no process left): source " + runs(o.source()) + "; peer " + runs(o.peer())
                + String.format(Locale.ROOT, ". Source median %.0f (min %.0f, max %.0f), peer median %.0f (min %.0f,"
                        + " max %.0f). Every task was killed and seen gone after its window, its topic deleted; the"
                        + " node was closed at the end and none of the %d task processes remembered was left. %s",
                value, Stats.min(source), Stats.max(source), peerValue, Stats.min(peer), Stats.max(peer), o.pids(),
                value / peerValue >= GOAL ? "Goal met." : MISSED);
        return Result.measured(name(), value, "events/s", "higher",
                        "Kafka ProducerPerformance as a Strata task of the source's quota, same broker (same run)",
                        peerValue, "ratio >= 0.9", notes)
                .withSpread(source.size(), Stats.min(source), Stats.max(source)).withLoad(loads(o));
    }

    static final String MISSED = "Goal missed: the source's own work per event bounds it, not Kafka or Strata."
            + " Both JVMs have the same flags, quota, broker and producer settings, but for each event the simulator"
            + " computes a reading (drift, daily cycle, noise, spikes), builds its JSON as a String, serialises key and"
            + " value through StringSerializer and registers a callback, while ProducerPerformance sends one"
            + " pre-built byte array with no key (so its records also fill the sticky partition's batch, where the"
            + " simulator's keys spread every batch over 4 partitions). At 0.25 cpu (CFS quota, 25 ms per 100 ms)"
            + " that per-event cpu is the rate. What would lift it: a cheaper encoding (a reused byte buffer instead"
            + " of String JSON and StringSerializer), C2 for a long-running source (the orchestrator gives sources"
            + " -XX:TieredStopAtLevel=1 for a quick start), or more cpu per source"
            + " (strata.pipelines.source-cpus).";

    private static String method(SourceHop.Outcome o, Scale scale) {
        SourceHop.Timing t = o.timing();
        return String.format(Locale.ROOT, "%sMethod: a Strata node in the harness JVM (1 agent of 2 cpus/4 GB on"
                        + " 127.0.0.1, heartbeats 300 ms) deploys a Kafka service as the IoT sample's (POST /api/v1/kafka:"
                        + " 1 broker of %.1f cpu/%d MB) at %s. Then %d runs per side, alternating source, peer, source,"
                        + " peer...; each run creates a topic of its own (4 partitions, replication 1), starts its task"
                        + " through POST /api/v1/tasks with the source's quota (strata.pipelines.source-cpus %.2f,"
                        + " source-mem-mb %d), waits for the first record, lets it warm up %d s, then samples the"
                        + " topic's summed end offsets (AdminClient listOffsets latest) every %.1f s for %d s: the"
                        + " rate is their least-squares slope. Then DELETE /api/v1/tasks/{id}, polled until the task"
                        + " ended and its processes are gone, and the topic is deleted. Source: the sensor simulator"
                        + " with the command line the orchestrator gives the sample's source (%d sensors, seed %d;"
                        + " JVM %s), with no rate limit and an event count it never reaches, so it produces as fast as"
                        + " its producer takes events (send() blocks when the producer's buffer is full: the rate"
                        + " found is the sustained one). Peer: Kafka 4.1.1's ProducerPerformance (kafka-tools on the"
                        + " broker's jars) in a JVM of the same flags, --throughput -1, records of %d B (the"
                        + " simulator's mean key + JSON value), with the simulator's producer settings (%s)."
                        + " Value = median of the source runs, peer = median of the peer runs; load = 1-min load"
                        + " average as each run started, in run order (source, peer, ...).",
                scale == Scale.TINY ? "Tiny run (a few seconds' window, 1 run per side). " : "",
                SourceHop.BROKER_CPUS, SourceHop.BROKER_MEM_MB, o.bootstrap(), t.runsPerSide(),
                SourceHop.SOURCE_CPUS, SourceHop.SOURCE_MEM_MB, t.warmUp().toSeconds(),
                t.sampleEvery().toMillis() / 1000.0, t.window().toSeconds(), SourceHop.SENSORS, SourceHop.SEED,
                String.join(" ", o.sourceCommand().subList(1, o.sourceCommand().indexOf("-cp"))), o.recordSize(),
                String.join(", ", ProducerPerf.PROPS));
    }

    private static List<Double> rates(List<SourceHop.Run> runs) {
        return runs.stream().map(SourceHop.Run::rate).toList();
    }

    private static String runs(List<SourceHop.Run> runs) {
        return runs.stream().map(r -> String.format(Locale.ROOT, "%.0f (%.0f / %.0f; %.1f s; %,d; %.1f s)", r.rate(),
                r.firstHalf(), r.secondHalf(), r.toFirstRecord(), r.records(), r.killSeconds()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<Double> loads(SourceHop.Outcome o) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < o.source().size(); i++) {
            out.add(o.source().get(i).load());
            out.add(o.peer().get(i).load());
        }
        return out;
    }
}
