package io.strata.bench.heartbeat;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;
import io.strata.bench.heartbeat.HeartbeatLoad.Outcome;
import io.strata.bench.heartbeat.HeartbeatLoad.Window;

import java.util.List;
import java.util.Locale;

/**
 * How late the master processes heartbeats (arrived in the master's JVM to processed, p99) with
 * 10,000 agents at 1 s, against the same cluster at 5 s in the same run: median over the windows
 * of each side. The notes give sent to processed (end to end) per window too.
 */
public final class HeartbeatLagFigure implements Figure {

    @Override
    public String name() {
        return "master.heartbeat_lag_p99_ms.10k_agents";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        Outcome o = HeartbeatLoad.of(scale);
        List<Double> fast = HeartbeatNotes.values(o.side(HeartbeatLoad.FAST), w -> w.procP99());
        List<Double> slow = HeartbeatNotes.values(o.side(HeartbeatLoad.SLOW), w -> w.procP99());
        double value = Stats.median(fast);
        String verdict = value < 100 ? " Goal met." : String.format(Locale.ROOT,
                " Goal missed at p99 %.0f ms (arrival to processed): heartbeats wait in the master's mailbox"
                        + " while the master, the agent hosts and other work share two cores.", value);
        return Result.measured(name(), value, "ms", "lower", "same cluster at 5 s heartbeats (same run)",
                        Stats.median(slow), "< 100 ms",
                        "Value: median over the 1 s windows of each window's p99 processing lag (master's clock when it"
                                + " has processed a heartbeat - the same clock when the heartbeat was deserialised in its"
                                + " JVM, i.e. Artery's inbound deserialisation, mailbox wait and processing); peer: over"
                                + " the 5 s windows. "
                                + HeartbeatNotes.common(o) + verdict)
                .withSpread(fast.size(), Stats.min(fast), Stats.max(fast))
                .withLoad(HeartbeatNotes.loads(o));
    }
}
