package io.strata.bench.placement;

import io.strata.allocator.AcceptResult;
import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.bench.placement.PlacementWorkload.App;
import io.strata.bench.placement.PlacementWorkload.Constraint;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workload placed by Strata's DRF allocator as a master would drive it: every app is a
 * framework; each allocation pass offers whole agents, each framework accepts as many of its
 * containers as its constraint allows into each offer (one for a unique-per-node app; none on a
 * non-ssd agent for an ssd app), declines with a long filter the offers it cannot use, and
 * suppresses itself once everything it asked for is placed. The unused rest of an accepted offer
 * gets the allocator's default filter, so a unique-per-node app is not offered that agent again.
 * Timed from the frameworks' registration (their "ask") until the last container is placed;
 * adding the agents is set-up.
 */
final class StrataPlacement {

    private static final Duration LONG_REFUSAL = Duration.ofHours(1);

    private final PlacementWorkload w;
    private final DrfAllocator allocator = new DrfAllocator(Clock.systemUTC(), AllocatorConfig.defaults("bench"));
    private final List<Offer> accepted = new ArrayList<>();
    private final Map<FrameworkId, App> apps = new HashMap<>();
    private int passes;
    private int declines;

    StrataPlacement(PlacementWorkload w) {
        this.w = w;
        Resources node = Resources.of(w.nodeCpus(), w.nodeMemMb());
        for (int i = 0; i < w.nodes(); i++) {
            String host = "10.0." + i / 256 + "." + i % 256;
            allocator.addAgent(AgentId.of(String.format("node-%06d", i)), host, node,
                    w.ssd(i) ? Map.of("ssd", "true") : Map.of());
        }
    }

    /** Places everything; returns the elapsed nanoseconds. */
    long place() {
        long start = System.nanoTime();
        Map<FrameworkId, Integer> remaining = new HashMap<>();
        for (int a = 0; a < w.apps().size(); a++) {
            FrameworkId fw = FrameworkId.of(String.format("app-%05d", a));
            apps.put(fw, w.apps().get(a));
            remaining.put(fw, w.apps().get(a).containers());
            allocator.addFramework(fw, "*");
        }
        int placed = 0;
        int total = w.containers();
        while (placed < total) {
            passes++;
            var offers = allocator.allocate();
            if (offers.isEmpty()) {
                throw new IllegalStateException("Strata stopped offering with " + (total - placed)
                        + " containers unplaced");
            }
            for (Offer o : offers) {
                App app = apps.get(o.frameworkId());
                int left = remaining.get(o.frameworkId());
                int n = Math.min(left, fits(app, o));
                if (n == 0) {
                    allocator.decline(o.id(), o.frameworkId(), LONG_REFUSAL);
                    declines++;
                    continue;
                }
                Resources use = new Resources(app.cpus() * 1000L * n, (long) app.memMb() * n, 0, PortRanges.EMPTY);
                if (!(allocator.accept(o.id(), o.frameworkId(), use) instanceof AcceptResult.Accepted)) {
                    throw new IllegalStateException("accept of " + use + " into " + o + " was rejected");
                }
                accepted.add(o);
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

    /** Offers declined: each a committed refusal of one (framework, agent) pair, kept as a filter. */
    int refusals() {
        return declines;
    }

    /** Distinct (framework, agent) pairs holding containers: placement decisions, however many containers each. */
    int placements() {
        Set<String> pairs = new HashSet<>();
        for (Offer o : accepted) {
            pairs.add(o.frameworkId().value() + "@" + o.agentId().value());
        }
        return pairs.size();
    }

    /** Accepts that repeated a (framework, agent) pair of a unique-per-node app; 0 expected. */
    int violations() {
        Set<String> pairs = new HashSet<>();
        int bad = 0;
        for (Offer o : accepted) {
            boolean unique = apps.get(o.frameworkId()).constraint() == Constraint.UNIQUE_PER_NODE;
            if (!pairs.add(o.frameworkId().value() + "@" + o.agentId().value()) && unique) {
                bad++;
            }
        }
        return bad;
    }

    private static int fits(App app, Offer o) {
        if (app.constraint() == Constraint.SSD_ONLY && !"true".equals(o.attributes().get("ssd"))) {
            return 0;
        }
        Resources free = o.resources();
        int n = (int) Math.min(free.milliCpus() / (app.cpus() * 1000L), free.memMb() / app.memMb());
        return app.constraint() == Constraint.UNIQUE_PER_NODE ? Math.min(n, 1) : n;
    }
}
