package io.strata.bench.pipeline;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Pipeline latency: an event produced to its aggregate row in Cassandra, p99 per run, the IoT
 * sample's job through Strata against the same job started directly, in the session of
 * {@link JobHopSession}; value and peer are the medians of each side's p99s.
 */
public final class LatencyVsDirectFigure implements Figure {

    static final double GOAL = 1.1;

    @Override
    public String name() {
        return "pipeline.latency_p99_ms.vs_direct";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        JobHopSession.Outcome o = JobHopSession.get(scale);
        JobHopSession.Sides sides = o.latencySides();
        boolean tiny = sides.tiny();
        double ratio = sides.value() / sides.peer();
        JobHopSession.Plan p = o.plan();
        String notes = String.format(Locale.ROOT, "%s%s. Method: each run feeds one side's topic with a background"
                        + " load of %d sensor events/s (the simulator's format and producer settings) and, every %d ms,"
                        + " a probe event of a sensor id never used before (acks=all, linger 0); every %d ms the"
                        + " harness asks Cassandra for each outstanding probe's row (a prepared SELECT by sensor_id,"
                        + " all in flight at once). Latency = the answer first showing the row - the moment before the"
                        + " probe's send. Each run: %d s of warm-up (load and probes, not counted), then %d s of"
                        + " counted probes, then up to 30 s for the last ones; %d runs per side alternating Strata,"
                        + " direct, after the throughput runs. Value = median of the Strata runs' p99s, peer = median"
                        + " of the direct runs' p99s; p50 median Strata %.0f ms, direct %.0f ms. The issue asks for"
                        + " the latency against the directly started job without a number; the goal is set at 1.1x"
                        + " (the Kafka comparison's 1.05x plus the noise of a 2 s trigger). Runs: %s. %s",
                tiny ? "Tiny run (Strata side only, a few probes; the peer is the Strata value itself). " : "",
                o.setup(), p.rate(), LatencyRun.PROBE_MS, LatencyRun.POLL_MS, p.warmupNanos() / 1_000_000_000L,
                p.latencyNanos() / 1_000_000_000L, sides.strata().size(),
                Stats.median(o.latency(JobHopSession.STRATA).stream().map(LatencyRun.Run::p50Ms).toList()),
                tiny ? Double.NaN : Stats.median(o.latency(JobHopSession.DIRECT).stream()
                        .map(LatencyRun.Run::p50Ms).toList()),
                o.latency().stream().map(LatencyRun.Run::describe).collect(Collectors.joining("; ")),
                tiny ? "" : ratio <= GOAL ? "Goal met." : missed(ratio));
        return sides.result(Result.measured(name(), sides.value(), "ms", "lower", JobHopSession.PEER, sides.peer(),
                "ratio <= 1.1", notes), o.latency().stream().map(LatencyRun.Run::load).toList());
    }

    private static String missed(double ratio) {
        return String.format(Locale.ROOT, "Goal missed (%.2fx): each small micro-batch (about a trigger's worth of"
                + " the background load) takes longer through Strata. In the drivers' logs of a run on 2026-12-04"
                + " (about 85 batches of under 3,000 rows per side) the median triggerExecution was 1,166 ms"
                + " through Strata against 730 ms direct, of which addBatch (the stages on the executor and the"
                + " Cassandra upserts) 977 against 615 ms and query planning 49 against 21 ms: the tasks run in a"
                + " second JVM, reached over the network, with 1 cpu where the direct job's tasks may use 1.5,"
                + " and the planning runs in a driver held to 0.5 cpu. What would lift it: the executor's quota"
                + " raised by the driver's idle share (spark.strata.executor.cpus 1.5), or a whole cpu for the"
                + " driver where the agent has it.", ratio);
    }
}
