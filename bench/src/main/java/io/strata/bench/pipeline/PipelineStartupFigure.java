package io.strata.bench.pipeline;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.ScratchDir;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.Locale;

/**
 * Figure 5: the IoT sample from {@code start} to its first aggregate row in Cassandra, against the
 * slowest of its components started directly from the same jars in the same run ({@link Floor}).
 * Strata's side is {@link PipelineRuns#sample}; the floor runs after it, with nothing of Strata's
 * left running. A tiny run starts the toy pipeline (time to RUNNING) and only formats the floor's
 * broker.
 */
public final class PipelineStartupFigure implements Figure {

    @Override
    public String name() {
        return "pipeline.startup_s.vs_floor";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        IotSample sample = IotSample.locate();
        StrataSession.Outcome strata = PipelineRuns.sample(scale);
        PipelineSpec spec = full ? sample.spec() : IotSample.tiny();
        Floor.Times floor;
        Floor.Times limited = null;
        try (ScratchDir dir = ScratchDir.create("strata-bench-floor");
             SparkJars spark = SparkJars.locate()) {
            floor = Floor.measure(spark, spec, full, dir.resolve("unlimited"), CpuQuotas.NONE);
            if (full) {
                try (CpuQuotas quotas = CpuQuotas.create()) {
                    if (quotas != null) {
                        limited = Floor.measure(spark, spec, true, dir.resolve("quotas"), quotas);
                    }
                }
            }
        }
        double value = strata.start().seconds(full ? "first row" : "RUNNING");
        double peer = floor.slowest();
        String notes = full ? notes(strata, floor, limited, value, peer)
                : String.format(Locale.ROOT, "tiny run: the toy pipeline (the sample's Kafka and source) to RUNNING"
                        + " against formatting the floor's broker (Kafka's StorageTool reads its whole configuration);"
                        + " the floor's servers and Spark job not started. Strata: %s. Floor: format %.1f s.",
                        strata.start(), floor.kafka());
        return Result.measured(name(), value, "s", "lower",
                "slowest component of the IoT sample started directly from the same jars (same run)", peer,
                "ratio <= 1.2", notes);
    }

    private static String notes(StrataSession.Outcome strata, Floor.Times floor, Floor.Times limited, double value,
                                double peer) {
        Milestones m = strata.start();
        double servers = Math.max(floor.kafka(), floor.cassandra());
        double sequential = servers + floor.spark();
        double ratio = value / peer;
        return String.format(Locale.ROOT,
                "The IoT sample as shipped (samples/iot-sensors: 1 Kafka broker of 0.5 cpu/1 GB with a 4-partition"
                        + " topic, 1 Cassandra node of 1 cpu/2 GB with the schema, the ReadingsByMinute streaming job"
                        + " with a 0.5-cpu/1 GB driver and 1 executor of 1 core/1 GB, a 60,000-event simulator source)"
                        + " on a Strata node in the harness JVM: master, API, the Kafka, Cassandra, Spark and pipelines"
                        + " extensions, 3 agents of 3 cpus/6 GB on 127.0.0.1-3 (heartbeats 300 ms and allocation"
                        + " every 200 ms as in the pipelines end-to-end test; the orchestrator's 200 ms step while a"
                        + " pipeline starts and the service SDK's 200 ms readiness checks while a service deploys, at"
                        + " their defaults; every task in a cgroup), started"
                        + " as 'strata pipeline start' does (upload the jar, POST /api/v1/pipelines). Strata: from"
                        + " just before the upload to the first row of iot.readings_by_minute, seen by the harness's"
                        + " own CQL probe every 200 ms once the schema is applied: %.1f s (the orchestrator's"
                        + " first_written_at - created_at: %.1f s). Seen on the way: %s. Floor, in the same run"
                        + " after Strata's pipeline was torn down: the same jars, configuration and command lines"
                        + " started straight from the harness (no agent, sandbox or cgroup; readiness polled every"
                        + " 100-200 ms). The Kafka broker (format + start until it lists itself and the topic is"
                        + " created) and the Cassandra node (until it answers CQL, sees itself UP and the schema is"
                        + " applied), started together: Kafka %.1f s, Cassandra %.1f s. Then, on those ready"
                        + " servers, the job's own jar, class, arguments and Spark settings in Spark's local mode"
                        + " with one task slot (the executor's core; one driver JVM, no executor JVM) and the"
                        + " simulator started with it: from the driver's start to the first row (same probe) %.1f s."
                        + " Floor = the slowest of the three = %.1f s, as if all three could start at once; started"
                        + " in the order they depend on each other (servers, then job) the floor would be %.1f s"
                        + " (ratio %.2f). %s One run of each, in this order: Strata, the floor, the floor under"
                        + " quotas. %s",
                value, StrataSession.Outcome.seconds(strata.drained(), "created_at", "first_written_at"), m,
                floor.kafka(), floor.cassandra(), floor.spark(), peer, sequential, value / sequential,
                limited(limited), ratio <= 1.2 ? "Goal met." : missed(m, value, limited));
    }

    /** The floor again with Strata's cpu quotas: what Strata's own work costs beyond the quotas the file asks for. */
    private static String limited(Floor.Times t) {
        if (t == null) {
            return "(The floor under Strata's cpu quotas was not run: cgroup v1's cpu hierarchy is not writable here.)";
        }
        double slowest = t.slowest();
        double sequential = Math.max(t.kafka(), t.cassandra()) + t.spark();
        return String.format(Locale.ROOT, "Context, not the peer: the same floor run once more with each process in"
                        + " a cpu cgroup of the quota Strata's agent gives it (broker 0.5, Cassandra 1, the job's"
                        + " driver + executor 1.5, simulator 0.25 cpus): Kafka %.1f s, Cassandra %.1f s, Spark job"
                        + " %.1f s; slowest %.1f s, in dependency order %.1f s.", t.kafka(), t.cassandra(), t.spark(),
                slowest, sequential);
    }

    private static String missed(Milestones m, double value, Floor.Times limited) {
        double limitedInOrder = limited == null ? Double.NaN : Math.max(limited.kafka(), limited.cassandra())
                + limited.spark();
        String split = limited == null ? "" : String.format(Locale.ROOT, " Under the same cpu quotas the floor in"
                + " dependency order takes %.1f s; Strata's %.1f s differ from it by %+.1f s (give or take the noise"
                + " between single runs): what Strata's way of running the same processes costs. That is its own"
                + " steps (API, offers, sandboxes, readiness checks, the orchestrator's steps, which also wait"
                + " behind its slower calls such as applying the schema, the driver's jar fetch) and the"
                + " job split into a driver held to 0.5 cpu and a second, executor JVM, where the floor's local"
                + " mode runs both in one JVM with the two quotas together (1.5 cpus).", limitedInOrder, value,
                value - limitedInOrder);
        double jobUp = m.seconds("job RUNNING with executors");
        return String.format(Locale.ROOT, "Goal missed. Where the time goes: the services deploy together; the"
                        + " job is submitted and the source started as soon as Kafka has its topic (%.1f s after the"
                        + " start; the job's sink waits for Cassandra's table itself), the job's driver runs with an"
                        + " executor %.1f s after that, and the first row then waits for the streaming query to start"
                        + " and its first micro-batch to be written (%.1f s later). The job itself is slower than the"
                        + " floor's: its driver runs under the sample's 0.5-cpu quota (spark.strata.driver.cpus; the"
                        + " Spark framework gives a driver fixed cpus, with no burst at start) and its executor is a"
                        + " second JVM under a 1-cpu quota, where the floor's local mode is one unconstrained JVM. What"
                        + " would lift it: a cpu burst for a driver while it starts (Spark framework), or a whole cpu"
                        + " for the sample's driver on clusters whose agents hold it.%s",
                m.seconds("topics created"), jobUp - m.seconds("topics created"), m.seconds("first row") - jobUp, split);
    }
}
