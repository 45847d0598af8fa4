package io.strata.bench.pipeline;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.List;
import java.util.Locale;

/**
 * Figure 6: from the stop request of the IoT sample (running, right after its first aggregate row)
 * until it is STOPPED, every agent has nothing in use and no process its tasks ran is alive: the
 * median of figure 5's Strata runs ({@link PipelineRuns#sample}), each torn down after its start. No peer: the goal is absolute, so the record carries the goal as
 * its reference value (ratio = value / 5 s, at most 1 when met).
 */
public final class PipelineTeardownFigure implements Figure {

    static final double GOAL_S = 5;
    private static final String MISSED = "Goal missed. Where the time goes: the stop request starts a step at once"
            + " (steps every 200 ms while stopping) and, the data not being kept, kills the sources and jobs and"
            + " deletes the services in that one step, the drivers and the services' servers with grace 0 (SIGKILL"
            + " at once); what is left is the agents reporting the ends, the executors following their driver with"
            + " the default grace, and the volumes and the job's checkpoint volume being removed.";

    @Override
    public String name() {
        return "pipeline.teardown_s";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        PipelineRuns.Alternated runs = PipelineRuns.sample(scale);
        List<Double> times = runs.strata().stream().map(o -> o.teardown().seconds("all three")).toList();
        double value = Stats.median(times);
        StrataSession.Outcome o = runs.strata().get(times.indexOf(value));
        String what = scale == Scale.FULL ? "the IoT sample, running, right after its first aggregate row (Kafka"
                + " broker, Cassandra node, Spark driver and executor, the simulator source still producing)"
                : "tiny run: the drained toy pipeline (a Kafka broker)";
        String notes = String.format(Locale.ROOT,
                "%s on the node and agents of figure 5, in each of figure 5's Strata runs (the data not being kept,"
                        + " the orchestrator kills the source and the driver and deletes the services with ?grace=0s,"
                        + " SIGKILL at once, in one step; the executors follow their driver with the master's 5 s"
                        + " default grace). From just before POST /api/v1/pipelines/<name>/stop ({\"keepData\": false}:"
                        + " the services and their volumes go too) until, polled every 100 ms, the pipeline's state is"
                        + " STOPPED, GET /api/v1/agents shows no cpus, memory or disk in use on any agent, and none"
                        + " of the processes remembered from its tasks during the run (wrappers, JVMs and their"
                        + " descendants) is alive. Median of %d runs: %.1f s (runs: %s). In the median run (%d"
                        + " processes) first seen: %s (the orchestrator's own stop_requested_at -> stopped_at: %.1f s)."
                        + " No peer: the goal is absolute, so peer value = the goal, ratio = value / goal. %s",
                what, times.size(), value, String.join(", ", times.stream()
                        .map(t -> String.format(Locale.ROOT, "%.1f", t)).toList()), o.pids(), o.teardown(),
                StrataSession.Outcome.seconds(o.stopped(), "stop_requested_at", "stopped_at"),
                value <= GOAL_S ? "Goal met." : MISSED);
        return Result.measured(name(), value, "s", "lower", "none: the goal itself (absolute goal)", GOAL_S,
                "<= 5 s", notes).withSpread(times.size(), Stats.min(times), Stats.max(times)).withLoad(runs.loads());
    }
}
