package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrfSharesTest {

    private static final FrameworkId A = FrameworkId.of("A");
    private static final FrameworkId B = FrameworkId.of("B");

    private final FakeClock clock = new FakeClock();

    /**
     * Ghodsi et al., "Dominant Resource Fairness" (NSDI 2011), section 4: on <9 cpus, 18 GB>, A's
     * tasks need <1 cpu, 4 GB> and B's <3 cpus, 1 GB>; DRF gives A three tasks and B two, both at
     * a dominant share of 2/3. Each offer is used for one task only, so who gets the next offer,
     * and therefore the outcome, is decided by the shares alone.
     */
    @Test
    void drfGivesThreeMemoryHeavyTasksAndTwoCpuHeavyTasksOnThePaperExample() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o").withDefaultRefuse(Duration.ZERO));
        alloc.addAgent(AgentId.of("s1"), "h1", Resources.of(9, 18432), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        Map<FrameworkId, Resources> task = Map.of(A, Resources.of(1, 4096), B, Resources.of(3, 1024));

        List<FrameworkId> launches = new ArrayList<>();
        for (int pass = 0; pass < 50; pass++) {
            List<Offer> offers = alloc.allocate();
            if (offers.isEmpty()) {
                break;
            }
            for (Offer o : offers) {
                Resources t = task.get(o.frameworkId());
                if (o.resources().contains(t)) {
                    assertThat(alloc.accept(o.id(), o.frameworkId(), t)).isInstanceOf(AcceptResult.Accepted.class);
                    launches.add(o.frameworkId());
                } else {
                    // Nothing of this framework fits any more: it stops wanting what is left.
                    assertThat(alloc.decline(o.id(), o.frameworkId(), Duration.ofDays(1))).isTrue();
                }
            }
            alloc.checkInvariants();
        }

        assertThat(launches).containsExactly(A, B, A, B, A);
        assertThat(alloc.allocate()).isEmpty();
        assertThat(alloc.dominantShare(A)).isEqualTo(2.0 / 3);
        assertThat(alloc.dominantShare(B)).isEqualTo(2.0 / 3);
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.of(3, 12288));
        assertThat(alloc.allocatedTo(B)).isEqualTo(Resources.of(6, 2048));
    }

    @Test
    void onePassSpreadsAgentsAcrossFrameworksAsTheirSharesGrow() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));
        for (int i = 0; i < 6; i++) {
            alloc.addAgent(AgentId.of("a" + i), "h" + i, Resources.of(4, 4096), Map.of());
        }
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        alloc.addFramework(FrameworkId.of("C"), "*");

        List<Offer> offers = alloc.allocate();

        assertThat(offers).extracting(o -> o.frameworkId().value()).containsExactly("A", "B", "C", "A", "B", "C");
        assertThat(offers).allSatisfy(o -> assertThat(o.resources()).isEqualTo(Resources.of(4, 4096)));
    }

    /** Four equal agents per round of 1 + 3 keep w1:w3 at exactly 1:3 whichever way ties break. */
    @Test
    void roleWeightsOneAndThreeSplitEqualAgentsOneToThree() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));
        for (int i = 0; i < 40; i++) {
            alloc.addAgent(AgentId.of(String.format("a%02d", i)), "h", Resources.of(1, 1024), Map.of());
        }
        alloc.setRoleWeight("w1", 1);
        alloc.setRoleWeight("w3", 3);
        FrameworkId light = FrameworkId.of("light");
        FrameworkId heavy1 = FrameworkId.of("heavy1");
        FrameworkId heavy2 = FrameworkId.of("heavy2");
        alloc.addFramework(light, "w1");
        alloc.addFramework(heavy1, "w3");
        alloc.addFramework(heavy2, "w3");

        Map<FrameworkId, Integer> agentsOffered = new HashMap<>();
        for (Offer o : alloc.allocate()) {
            agentsOffered.merge(o.frameworkId(), 1, Integer::sum);
        }

        assertThat(agentsOffered).containsEntry(light, 10).containsEntry(heavy1, 15).containsEntry(heavy2, 15);
        assertThat(alloc.dominantShare(light)).isEqualTo(0.25);
        alloc.checkInvariants();
    }

    @Test
    void usageOfAnUnregisteredFrameworkIsNotOfferedAndCountsInItsShareOnceRegistered() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));
        AgentId s1 = AgentId.of("s1");
        alloc.addAgent(s1, "h1", Resources.of(10, 10240), Map.of());
        FrameworkId early = FrameworkId.of("early");
        FrameworkId other = FrameworkId.of("other");
        alloc.recordUsed(s1, early, Resources.of(4, 1024));
        alloc.addFramework(other, "*");

        List<Offer> first = alloc.allocate();

        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.frameworkId()).isEqualTo(other);
            assertThat(o.resources()).isEqualTo(Resources.of(6, 9216));
        });
        assertThat(alloc.used(s1)).isEqualTo(Resources.of(4, 1024));
        assertThat(alloc.dominantShare(early)).isEqualTo(0.4);
        assertThat(alloc.hasFramework(early)).isFalse();

        // early holds 4 of 20 cpus (0.2); other holds an offer of 9216 of 20480 MB (0.45).
        alloc.addFramework(early, "*");
        alloc.addAgent(AgentId.of("s2"), "h2", Resources.of(10, 10240), Map.of());
        assertThat(alloc.allocate()).singleElement().extracting(Offer::frameworkId).isEqualTo(early);
        alloc.checkInvariants();
    }

    @Test
    void frameworkShareCountsOfferedAndUsedResourcesUntilRecovered() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));
        AgentId s1 = AgentId.of("s1");
        alloc.addAgent(s1, "h1", Resources.of(8, 8192), Map.of());
        alloc.addFramework(A, "*");
        Offer o = alloc.allocate().get(0);
        assertThat(alloc.dominantShare(A)).isEqualTo(1.0);

        alloc.accept(o.id(), A, Resources.of(2, 1024));
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.of(2, 1024));
        assertThat(alloc.dominantShare(A)).isEqualTo(0.25);

        alloc.recover(s1, A, Resources.of(2, 1024));
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.free(s1)).isEqualTo(Resources.of(8, 8192));
        alloc.checkInvariants();
    }

    @Test
    void largestFreeAgentHasMostFreeCpusThenMostFreeMemory() {
        DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));
        assertThat(alloc.largestFreeAgent()).isEmpty();
        alloc.addAgent(AgentId.of("a"), "h", Resources.of(4, 1024), Map.of());
        alloc.addAgent(AgentId.of("b"), "h", Resources.of(4, 2048), Map.of());
        alloc.addAgent(AgentId.of("c"), "h", Resources.of(8, 512), Map.of());
        alloc.recordUsed(AgentId.of("c"), A, Resources.of(5, 0));

        assertThat(alloc.largestFreeAgent()).contains(AgentId.of("b"));
    }
}
