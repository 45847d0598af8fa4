package io.strata.bench.placement;

import io.strata.bench.Figure;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 2: placements per second of the same workload by Strata's allocator and by YARN's
 * CapacityScheduler, in one JVM. Each repetition builds both schedulers afresh (set-up untimed),
 * alternating which goes first so neither always inherits the other's garbage; the first
 * {@code warmups} repetitions only warm the JIT. The figure is the median of the rest.
 */
public final class PlacementFigure implements Figure {

    @Override
    public String name() {
        return "allocator.placements_per_s.vs_yarn";
    }

    @Override
    public Result run(Scale scale) throws Exception {
        PlacementWorkload w = scale == Scale.FULL ? PlacementWorkload.full() : PlacementWorkload.tiny();
        // YARN's allocation path keeps speeding up over the first runs (C2); it gets them before timing.
        int warmups = scale == Scale.FULL ? 4 : 0;
        int measured = scale == Scale.FULL ? 5 : 1;
        List<Double> strata = new ArrayList<>();
        List<Double> yarn = new ArrayList<>();
        int strataPasses = 0;
        int yarnRounds = 0;
        for (int rep = 0; rep < warmups + measured; rep++) {
            boolean strataFirst = rep % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean strataTurn = (turn == 0) == strataFirst;
                double perSecond;
                if (strataTurn) {
                    StrataPlacement s = new StrataPlacement(w);
                    perSecond = w.containers() / (s.place() / 1e9);
                    strataPasses = s.passes();
                } else {
                    try (YarnCluster c = new YarnCluster(w)) {
                        YarnPlacement y = new YarnPlacement(w, c);
                        perSecond = w.containers() / (y.place() / 1e9);
                        yarnRounds = y.rounds();
                    }
                }
                if (rep >= warmups) {
                    (strataTurn ? strata : yarn).add(perSecond);
                }
                System.gc();
            }
        }
        double s = Stats.median(strata);
        double y = Stats.median(yarn);
        String notes = String.format(Locale.ROOT,
                "Same JVM, same run: %s. Placement = one container bound to a node in the scheduler's books"
                        + " (Strata: DrfAllocator.accept of as many containers as fit into each whole-node offer,"
                        + " frameworks suppress when done, unusable offers declined; YARN: CapacityScheduler"
                        + " 3.4.2 driven directly, one ANY ask per app, synchronous node heartbeats, one queue,"
                        + " DominantResourceCalculator, off-switch assignments per heartbeat raised to 100)."
                        + " Timed from the asks to the last placement; node/app registration untimed. %d warm-up"
                        + " + %d measured repetitions each, alternating order, fresh schedulers each time; medians."
                        + " Strata runs: %s/s (%d allocation passes); YARN runs: %s/s (%d heartbeat rounds)."
                        + " Neither side includes RPC or actor messaging (figure 3 measures Strata end to end). A JFR"
                        + " profile of the YARN side shows its time in YARN's own code (Resource objects created per"
                        + " comparison, per-app checks on every heartbeat), not in this harness's stubs.",
                w, warmups, measured, list(strata), strataPasses, list(yarn), yarnRounds);
        return Result.measured(name(), s, "placements/s", "higher", "Hadoop YARN 3.4.2 CapacityScheduler (same run)",
                y, ">= 5x YARN", notes + (s / y >= 5 ? " Goal met." : " Goal missed."));
    }

    private static String list(List<Double> xs) {
        List<String> out = new ArrayList<>();
        for (double x : xs) {
            out.add(String.format(Locale.ROOT, "%.0f", x));
        }
        return String.join(", ", out);
    }
}
