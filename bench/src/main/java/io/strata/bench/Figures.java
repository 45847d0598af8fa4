package io.strata.bench;

import io.strata.bench.allocator.AllocatorRoundFigure;
import io.strata.bench.launch.RealProcessLaunchFigure;
import io.strata.bench.launch.SimulatedLaunchFigure;
import io.strata.bench.placement.PlacementFigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every figure of issue #8, in its order there. */
public final class Figures {

    static final List<Figure> MEASURABLE = List.of(new AllocatorRoundFigure(), new PlacementFigure(),
            new SimulatedLaunchFigure(), new RealProcessLaunchFigure());

    private Figures() {
    }

    public static Optional<Figure> byName(String name) {
        return MEASURABLE.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Names of all nine, measurable or not, in the order. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        MEASURABLE.forEach(f -> names.add(f.name()));
        PendingFigures.all().forEach(r -> names.add(r.name()));
        return names;
    }
}
