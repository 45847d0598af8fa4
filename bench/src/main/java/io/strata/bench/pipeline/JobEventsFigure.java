package io.strata.bench.pipeline;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Figure 9's second hop, Kafka to Cassandra: events per second the IoT sample's streaming job
 * writes through Strata against the same job started directly under the same cpu quota, in one
 * session ({@link JobHopSession}); the median of each side's runs.
 */
public final class JobEventsFigure implements Figure {

    static final double GOAL = 0.9;

    @Override
    public String name() {
        return "iot.job_events_per_s.vs_direct";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        JobHopSession.Outcome o = JobHopSession.get(scale);
        JobHopSession.Sides sides = o.throughputSides();
        boolean tiny = sides.tiny();
        double ratio = sides.value() / sides.peer();
        JobHopSession.Plan p = o.plan();
        String notes = String.format(Locale.ROOT, "%s%s. Method (steady state): both jobs read at most %,d records"
                        + " per micro-batch (Spark's maxOffsetsPerTrigger, passed as the sample's %s on both sides;"
                        + " 2 s trigger). With both jobs running, each side first has a warm-up run of %,d events"
                        + " written at once (%s). Then in each run the harness (a KafkaProducer in its JVM, the"
                        + " simulator's record format and producer settings, %d sensors per side with ids of their"
                        + " own) feeds one side's topic continuously, keeping %,d events (%d batches) ahead of what"
                        + " that side's job has written, so every batch is full and they run back to back, and polls"
                        + " sum(count) over that side's sensors in iot.readings_by_minute every %d ms; rate = events"
                        + " written from the first micro-batch written to the first batch ending %d s or more later,"
                        + " over that time; then the feed stops and the run waits until all it fed is written before"
                        + " the other side starts. %d runs per side,"
                        + " alternating Strata, direct; value = median of the Strata runs (min/max = their spread),"
                        + " peer = median of the direct runs (%s). Runs: %s. The pipeline has no 'written' query, so"
                        + " the orchestrator does not scan the table every 500 ms under either side. %s",
                tiny ? "Tiny run (Strata side only, a toy backlog; the peer is the Strata value itself). " : "",
                o.setup(), p.cap(), JobHopSession.CAP_ARG, p.warmEvents(),
                o.warm().stream().map(JobThroughputRun.Run::describe).collect(Collectors.joining("; ")),
                JobHopFeed.SENSORS, p.throughputSupply().lead(), JobHopSession.Plan.LEAD_BATCHES,
                JobThroughputRun.POLL_MS, p.windowNanos() / 1_000_000_000L, sides.strata().size(),
                tiny ? "none" : String.format(Locale.ROOT, "min %.0f, max %.0f", Stats.min(sides.direct()),
                        Stats.max(sides.direct())),
                o.throughput().stream().map(JobThroughputRun.Run::describe).collect(Collectors.joining("; ")),
                tiny ? "" : ratio >= GOAL ? "Goal met." : missed(ratio));
        return sides.result(Result.measured(name(), sides.value(), "events/s", "higher", JobHopSession.PEER,
                sides.peer(), "ratio >= 0.9", notes), o.throughput().stream().map(JobThroughputRun.Run::load).toList());
    }

    private static String missed(double ratio) {
        return String.format(Locale.ROOT, "Goal missed (%.2f): the cpu is split, not lost. Both sides have 1.5 cpus,"
                + " but Strata gives them as the sample's pipeline file asks: 0.5 to the driver and 1 to the one"
                + " executor that runs all 4 task slots, while the direct job is one local-mode JVM whose tasks may"
                + " use all 1.5 cpus of its group. While a batch's tasks run the driver is nearly idle, so the"
                + " direct job's tasks work with up to 1.5x the cpu (a ratio of ~0.67 from that alone); the rest is"
                + " each batch's"
                + " driver-executor round trips (task launches, shuffle fetches over the network, results), which"
                + " local mode does in-process. What would lift it: spark.strata.executor.cpus 1.5 (or 1.5 for"
                + " the executor with the driver at 0.5 on an agent with 2 cpus), which the sample's file leaves"
                + " at 1 so that the pair fits any 2-cpu agent.", ratio);
    }
}
