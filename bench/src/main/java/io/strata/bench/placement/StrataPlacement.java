package io.strata.bench.placement;

import io.strata.allocator.AcceptResult;
import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The workload placed by Strata's DRF allocator as a master would drive it: every app is a
 * framework; each allocation pass offers whole agents, each framework accepts as many of its
 * containers as fit into each offer (declining, with a long filter, offers it cannot use) and
 * suppresses itself once everything it asked for is placed. Timed from the frameworks'
 * registration (their "ask") until the last container is placed; adding the agents is set-up.
 */
final class StrataPlacement {

    private static final Duration LONG_REFUSAL = Duration.ofHours(1);

    private final PlacementWorkload w;
    private final DrfAllocator allocator = new DrfAllocator(Clock.systemUTC(), AllocatorConfig.defaults("bench"));
    private final Resources container;
    private int passes;

    StrataPlacement(PlacementWorkload w) {
        this.w = w;
        this.container = Resources.of(1, w.containerMemMb());
        Resources node = Resources.of(w.nodeCpus(), w.nodeMemMb());
        for (int i = 0; i < w.nodes(); i++) {
            String host = "10.0." + i / 256 + "." + i % 256;
            allocator.addAgent(AgentId.of(String.format("node-%06d", i)), host, node, Map.of());
        }
    }

    /** Places everything; returns the elapsed nanoseconds. */
    long place() {
        long start = System.nanoTime();
        Map<FrameworkId, Integer> remaining = new HashMap<>();
        for (int a = 0; a < w.apps(); a++) {
            FrameworkId fw = FrameworkId.of(String.format("app-%05d", a));
            remaining.put(fw, w.containersPerApp());
            allocator.addFramework(fw, "*");
        }
        int placed = 0;
        while (placed < w.containers()) {
            passes++;
            var offers = allocator.allocate();
            if (offers.isEmpty()) {
                throw new IllegalStateException("Strata stopped offering with " + (w.containers() - placed)
                        + " containers unplaced");
            }
            for (Offer o : offers) {
                int left = remaining.get(o.frameworkId());
                int n = Math.min(left, fits(o.resources()));
                if (n == 0) {
                    allocator.decline(o.id(), o.frameworkId(), LONG_REFUSAL);
                    continue;
                }
                Resources use = new Resources(container.milliCpus() * n, container.memMb() * n, 0, PortRanges.EMPTY);
                if (!(allocator.accept(o.id(), o.frameworkId(), use) instanceof AcceptResult.Accepted)) {
                    throw new IllegalStateException("accept of " + use + " into " + o + " was rejected");
                }
                placed += n;
                remaining.put(o.frameworkId(), left - n);
                if (left == n) {
                    allocator.suppress(o.frameworkId());
                }
            }
        }
        return System.nanoTime() - start;
    }

    int passes() {
        return passes;
    }

    private int fits(Resources free) {
        return (int) Math.min(free.milliCpus() / container.milliCpus(), free.memMb() / container.memMb());
    }
}
