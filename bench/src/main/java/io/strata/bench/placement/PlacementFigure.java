package io.strata.bench.placement;

import io.strata.bench.Figure;
import io.strata.bench.Load;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import io.strata.bench.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Figure 2 and its mixed variant: scheduling decisions per second on the same workload by Strata's
 * allocator and by YARN's CapacityScheduler, in one JVM. A decision is one verdict on one
 * (application, node) pair that the scheduler commits to its books: a placement of the app's
 * containers on the node (however many containers it binds) or a refusal kept as state (Strata: a
 * declined offer, which installs a refusal filter; YARN's CapacityScheduler keeps no refusal, it
 * re-examines every app on every heartbeat). Placements are counted the same way on both sides,
 * after the timed part, as the distinct (app, node) pairs holding containers.
 *
 * <p>Each repetition builds both schedulers afresh (set-up untimed), alternating which goes first
 * so neither always inherits the other's garbage; the first {@code warmups} repetitions only warm
 * the JIT. The figure is the median of the rest.
 */
public final class PlacementFigure implements Figure {

    private final String name;
    private final Supplier<PlacementWorkload> full;
    private final Supplier<PlacementWorkload> tiny;

    private PlacementFigure(String name, Supplier<PlacementWorkload> full, Supplier<PlacementWorkload> tiny) {
        this.name = name;
        this.full = full;
        this.tiny = tiny;
    }

    /** One-core containers filling a uniform cluster: the shape of issue #8's figure 2. */
    public static PlacementFigure uniform() {
        return new PlacementFigure("allocator.decisions_per_s.vs_yarn", PlacementWorkload::full,
                PlacementWorkload::tiny);
    }

    /** Mixed sizes, unique-per-node and ssd-only apps: several offer passes and decline filters. */
    public static PlacementFigure mixed() {
        return new PlacementFigure("allocator.decisions_per_s.vs_yarn_mixed", PlacementWorkload::mixedFull,
                PlacementWorkload::mixedTiny);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(Scale scale) throws Exception {
        PlacementWorkload w = scale == Scale.FULL ? full.get() : tiny.get();
        // YARN's allocation path keeps speeding up over the first runs (C2); it gets them before timing.
        int warmups = scale == Scale.FULL ? 3 : 0;
        int measured = scale == Scale.FULL ? 5 : 1;
        List<Double> strata = new ArrayList<>();
        List<Double> yarn = new ArrayList<>();
        List<Double> strataPlacementsOnly = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        String strataShape = "";
        String yarnShape = "";
        for (int rep = 0; rep < warmups + measured; rep++) {
            boolean strataFirst = rep % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean strataTurn = (turn == 0) == strataFirst;
                double load = Load.now();
                double perSecond;
                double placementsPerSecond = 0;
                if (strataTurn) {
                    StrataPlacement s = new StrataPlacement(w);
                    long nanos = s.place();
                    check(s.violations(), "Strata");
                    int decisions = s.placements() + s.refusals();
                    perSecond = decisions / (nanos / 1e9);
                    placementsPerSecond = s.placements() / (nanos / 1e9);
                    strataShape = String.format(Locale.ROOT, "%d decisions (%d placements + %d refusals) in %d"
                            + " allocation passes, %.1f ms", decisions, s.placements(), s.refusals(), s.passes(),
                            nanos / 1e6);
                } else {
                    try (YarnCluster c = new YarnCluster(w)) {
                        YarnPlacement y = new YarnPlacement(w, c);
                        long nanos = y.place();
                        check(c.violations(w), "YARN");
                        int decisions = c.placementPairs();
                        perSecond = decisions / (nanos / 1e9);
                        yarnShape = String.format(Locale.ROOT, "%d decisions (placements; no refusal is kept)"
                                + " in %d heartbeat rounds, %.1f ms", decisions, y.rounds(), nanos / 1e6);
                    }
                }
                if (rep >= warmups) {
                    (strataTurn ? strata : yarn).add(perSecond);
                    if (strataTurn) {
                        strataPlacementsOnly.add(placementsPerSecond);
                    }
                    loads.add(load);
                }
                System.gc();
            }
        }
        double s = Stats.median(strata);
        double y = Stats.median(yarn);
        String notes = String.format(Locale.ROOT,
                "Same JVM, same run: %s. Decision = one committed verdict on one (app, node) pair: a placement"
                        + " of the app's containers on the node, however many (both sides: distinct (app, node)"
                        + " pairs holding containers, counted from the books after the timed part), or a refusal"
                        + " kept as state (Strata: a declined offer, which installs a refusal filter; YARN keeps"
                        + " none, it re-examines each app on each heartbeat, so it counts placements only)."
                        + " Strata: DrfAllocator offers whole agents, each framework accepts what its constraint"
                        + " allows (1 for unique-per-node, none off ssd), declines the rest with a 1 h filter,"
                        + " suppresses when done. YARN: CapacityScheduler 3.4.2 driven directly, one ANY"
                        + " ResourceRequest per plain app, one SchedulingRequest with a placement constraint"
                        + " (notIn NODE own tag; in NODE attribute ssd=true; handler=scheduler) per constrained"
                        + " app, synchronous node heartbeats, one queue, DominantResourceCalculator, off-switch"
                        + " assignments per heartbeat raised to 100. Timed from the asks to the last placement;"
                        + " node/app registration untimed. %d warm-up + %d measured repetitions each, alternating"
                        + " order, fresh schedulers each time; medians. Every run is checked afterwards (untimed):"
                        + " no unique-per-node app twice on a node, no ssd app off ssd, on either side. Strata runs: %s/s (last: %s); YARN runs:"
                        + " %s/s (last: %s). Placements only (medians): Strata %s/s vs YARN %s/s. Neither side includes RPC"
                        + " or actor messaging (figure 3 measures Strata end to end).",
                w, warmups, measured, list(strata), strataShape, list(yarn), yarnShape,
                fmt(Stats.median(strataPlacementsOnly)), fmt(y));
        Result r = Result.measured(name(), s, "decisions/s", "higher",
                "Hadoop YARN 3.4.2 CapacityScheduler (same run)", y, ">= 10x YARN",
                notes + (s / y >= 10 ? " Goal met." : " Goal missed."));
        return r.withSpread(strata.size(), Stats.min(strata), Stats.max(strata)).withLoad(loads);
    }

    private static void check(int violations, String side) {
        if (violations > 0) {
            throw new IllegalStateException(side + " placed " + violations + " containers against their constraint");
        }
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.0f", x);
    }

    private static String list(List<Double> xs) {
        List<String> out = new ArrayList<>();
        for (double x : xs) {
            out.add(String.format(Locale.ROOT, "%.0f", x));
        }
        return String.join(", ", out);
    }
}
