package io.strata.bench.allocator;

import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster of Mesos' HierarchicalAllocator_BENCHMARK_Test.DeclineOffers (anchors.md): every
 * agent has 24 cpus, 4096 MB mem, 4096 MB disk and ports 31000-32000, of which 16 cpus, 2014 MB,
 * 1024 MB and 16 port ranges are used by framework {@code i % F}. A round declines every offer of
 * the previous round with a filter that never expires, then makes one allocation pass.
 */
public final class DeclineOffersCluster {

    /** Mesos refuses for INT_MAX seconds; with a fixed clock, ten years never comes either. */
    private static final Duration FOREVER = Duration.ofDays(3650);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final DrfAllocator allocator = new DrfAllocator(FIXED, AllocatorConfig.defaults("bench"));
    private final int agents;
    private final int frameworks;
    private List<Offer> lastOffers = List.of();
    private int rounds;

    public DeclineOffersCluster(int agents, int frameworks) {
        this.agents = agents;
        this.frameworks = frameworks;
        List<FrameworkId> ids = new ArrayList<>(frameworks);
        for (int f = 0; f < frameworks; f++) {
            ids.add(FrameworkId.of(String.format("fw-%05d", f)));
            allocator.addFramework(ids.get(f), "*");
        }
        Resources total = Resources.of(24, 4096, 4096, PortRanges.range(31000, 32000));
        Resources used = Resources.of(16, 2014, 1024, sixteenRangesWithFifteenHoles());
        for (int i = 0; i < agents; i++) {
            AgentId id = AgentId.of(String.format("agent-%06d", i));
            allocator.addAgent(id, "host-" + i, total, Map.of());
            allocator.recordUsed(id, ids.get(i % frameworks), used);
        }
    }

    /** The number of rounds Mesos runs: enough for every framework to be offered every agent. */
    public int fullRounds() {
        return 2 * frameworks;
    }

    public int roundsDone() {
        return rounds;
    }

    public int agents() {
        return agents;
    }

    /** The untimed half of a round. */
    public void declineLastOffers() {
        for (Offer o : lastOffers) {
            if (!allocator.decline(o.id(), o.frameworkId(), FOREVER)) {
                throw new IllegalStateException("offer " + o.id() + " could not be declined");
            }
        }
        lastOffers = List.of();
    }

    /** The timed half: one pass over every agent. */
    public List<Offer> allocate() {
        lastOffers = allocator.allocate();
        rounds++;
        return lastOffers;
    }

    /** Mesos' fragment(31000-32000, 16): sixteen ranges separated by fifteen single free ports. */
    private static PortRanges sixteenRangesWithFifteenHoles() {
        List<PortRanges.Range> ranges = new ArrayList<>();
        int begin = 31000;
        for (int i = 0; i < 16; i++) {
            int length = i < 10 ? 62 : 61;
            ranges.add(new PortRanges.Range(begin, begin + length - 1));
            begin += length + 1;
        }
        return PortRanges.of(ranges);
    }
}
