package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of Mesos' HierarchicalAllocator_BENCHMARK_Test.DeclineOffers at its headline size
 * (see /work/shared/probes/anchors.md), run for correctness only: every round each offer is
 * declined with a long filter and one pass must still offer every agent, each to a framework that
 * has not declined it. The pass time is printed for information, never asserted.
 */
class DeclineOffersShapeTest {

    private static final int AGENTS = 10_000;
    private static final int FRAMEWORKS = 1_000;
    private static final int ROUNDS = 3;

    @Test
    void everyAgentIsOfferedEachRoundToAFrameworkThatHasNotDeclinedIt() {
        DrfAllocator alloc = new DrfAllocator(new FakeClock(), AllocatorConfig.defaults("bench"));
        List<FrameworkId> frameworks = new ArrayList<>();
        for (int f = 0; f < FRAMEWORKS; f++) {
            frameworks.add(FrameworkId.of(String.format("fw-%04d", f)));
            alloc.addFramework(frameworks.get(f), "*");
        }
        Resources agentTotal = Resources.of(24, 4096, 4096, PortRanges.range(31000, 32000));
        Resources preallocated = Resources.of(16, 2014, 1024, sixteenRangesWithFifteenHoles());
        Resources free = agentTotal.minus(preallocated);
        assertThat(free.ports().count()).isEqualTo(15);
        for (int i = 0; i < AGENTS; i++) {
            AgentId id = AgentId.of(String.format("agent-%05d", i));
            alloc.addAgent(id, "host-" + i, agentTotal, Map.of());
            alloc.recordUsed(id, frameworks.get(i % FRAMEWORKS), preallocated);
        }

        // CPU time too, since wall time on a shared build machine mostly measures the neighbours.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<AgentId, Set<FrameworkId>> declinedBy = new HashMap<>();
        List<Offer> previous = List.of();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Offer o : previous) {
                assertThat(alloc.decline(o.id(), o.frameworkId(), Duration.ofDays(3650))).isTrue();
                declinedBy.computeIfAbsent(o.agentId(), a -> new HashSet<>()).add(o.frameworkId());
            }

            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            List<Offer> offers = alloc.allocate();
            long wall = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            System.out.printf("DeclineOffers shape %d agents x %d frameworks, round %d: one pass %.1f ms wall,"
                    + " %.1f ms cpu, %d offers%n", AGENTS, FRAMEWORKS, round, wall / 1e6, cpu / 1e6, offers.size());

            assertThat(offers).hasSize(AGENTS);
            assertThat(offers).extracting(Offer::agentId).doesNotHaveDuplicates();
            // Collected rather than asserted one by one: 10,000 AssertJ assertions per round cost seconds.
            List<Offer> wrong = new ArrayList<>();
            Map<FrameworkId, Integer> perFramework = new HashMap<>();
            for (Offer o : offers) {
                if (!o.resources().equals(free)
                        || declinedBy.getOrDefault(o.agentId(), Set.of()).contains(o.frameworkId())) {
                    wrong.add(o);
                }
                perFramework.merge(o.frameworkId(), 1, Integer::sum);
            }
            assertThat(wrong).as("offers not of the whole free agent, or to a framework that declined it")
                    .isEmpty();
            // Equal frameworks with equal holdings end a DRF pass with equal numbers of agents.
            assertThat(perFramework).hasSize(FRAMEWORKS);
            assertThat(perFramework.values()).containsOnly(AGENTS / FRAMEWORKS);
            alloc.checkInvariants();
            previous = offers;
        }
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
