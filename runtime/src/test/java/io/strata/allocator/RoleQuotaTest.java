package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantees and limits of roles (groups): what is offered to whom, and how much. */
class RoleQuotaTest {

    private static final FrameworkId SPARK = FrameworkId.of("spark");
    private static final FrameworkId KAFKA = FrameworkId.of("kafka");

    private final FakeClock clock = new FakeClock();
    private final DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));

    private void agents(int n, Resources each) {
        for (int i = 1; i <= n; i++) {
            alloc.addAgent(AgentId.of("a" + i), "h" + i, each, Map.of());
        }
    }

    private void acceptAll(List<Offer> offers) {
        for (Offer o : offers) {
            assertThat(alloc.accept(o.id(), o.frameworkId(), o.resources())).isInstanceOf(AcceptResult.Accepted.class);
        }
        alloc.checkInvariants();
    }

    @Test
    void offersAreCutToWhatFitsUnderTheRolesLimit() {
        agents(2, Resources.of(4, 4096));
        alloc.setRoleQuota("science", 1, null, Resources.of(6, 0));
        alloc.addFramework(SPARK, "science");

        List<Offer> offers = alloc.allocate();

        assertThat(offers).extracting(Offer::resources)
                .containsExactly(Resources.of(4, 4096), Resources.of(2, 4096));
        assertThat(alloc.roleAllocation("science")).isEqualTo(Resources.of(6, 8192));
        // The cut-off rest of the second agent stays free for others.
        assertThat(alloc.free(AgentId.of("a2"))).isEqualTo(Resources.of(2, 0));
        alloc.checkInvariants();
    }

    @Test
    void aRoleAtItsLimitGetsNoMoreWhileOtherRolesGetTheRest() {
        agents(3, Resources.of(4, 4096));
        alloc.setRoleQuota("science", 1, null, Resources.of(8, 8192));
        alloc.addFramework(SPARK, "science");
        acceptAll(alloc.allocate());
        assertThat(alloc.roleAllocation("science")).isEqualTo(Resources.of(8, 8192));

        alloc.addFramework(KAFKA, "iot");
        List<Offer> offers = alloc.allocate();

        assertThat(offers).singleElement().satisfies(o -> {
            assertThat(o.frameworkId()).isEqualTo(KAFKA);
            assertThat(o.resources()).isEqualTo(Resources.of(4, 4096));
        });
        alloc.revive(SPARK);
        assertThat(alloc.allocate()).isEmpty();
    }

    @Test
    void aRoleAtItsCpuLimitIsNotOfferedMemoryAlone() {
        agents(2, Resources.of(4, 4096));
        alloc.setRoleQuota("science", 1, null, Resources.of(4, 0));
        alloc.addFramework(SPARK, "science");

        assertThat(alloc.allocate()).extracting(Offer::resources).containsExactly(Resources.of(4, 4096));
        assertThat(alloc.free(AgentId.of("a2"))).isEqualTo(Resources.of(4, 4096));
    }

    @Test
    void aDeclinedCutOfferIsNotOfferedAgainWhileItsFilterHolds() {
        agents(1, Resources.of(4, 4096));
        alloc.setRoleQuota("science", 1, null, Resources.of(1, 1024));
        alloc.addFramework(SPARK, "science");
        Offer first = alloc.allocate().get(0);
        assertThat(first.resources()).isEqualTo(Resources.of(1, 1024));

        alloc.decline(first.id(), SPARK, Duration.ofSeconds(30));

        assertThat(alloc.allocate()).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(alloc.allocate()).extracting(Offer::resources).containsExactly(Resources.of(1, 1024));
    }

    @Test
    void aLowerLimitKeepsWhatTheRoleHoldsAndOffersItNothingMore() {
        agents(2, Resources.of(4, 4096));
        alloc.addFramework(SPARK, "science");
        acceptAll(alloc.allocate());

        alloc.setRoleQuota("science", 1, null, Resources.of(2, 0));
        alloc.recover(AgentId.of("a1"), SPARK, Resources.of(1, 0));

        assertThat(alloc.roleAllocation("science")).isEqualTo(Resources.of(7, 8192));
        assertThat(alloc.allocate()).isEmpty();
    }

    @Test
    void aRoleBelowItsGuaranteeIsOfferedFreedResourcesBeforeARoleWithALowerShare() {
        alloc.addAgent(AgentId.of("a1"), "h1", Resources.of(8, 8192), Map.of());
        alloc.addAgent(AgentId.of("a2"), "h2", Resources.of(2, 2048), Map.of());
        alloc.recordUsed(AgentId.of("a1"), KAFKA, Resources.of(2, 2048));
        alloc.addFramework(KAFKA, "iot");
        alloc.addFramework(SPARK, "science");
        alloc.recordUsed(AgentId.of("a1"), SPARK, Resources.of(6, 6144));
        alloc.recover(AgentId.of("a1"), SPARK, Resources.of(6, 6144));
        // Without a guarantee the lower share (science, nothing held) gets the first agent.
        assertThat(alloc.allocate()).extracting(Offer::frameworkId).containsExactly(SPARK, KAFKA);
        alloc.outstandingOffers().forEach(o -> alloc.rescind(o.id()));

        alloc.setRoleQuota("iot", 1, Resources.of(4, 4096), null);

        assertThat(alloc.allocate()).extracting(Offer::frameworkId).containsExactly(KAFKA, SPARK);
        alloc.checkInvariants();
    }

    @Test
    void anUnmetGuaranteeStaysFreeWhileItsRoleIsAwayAndItsRoleGetsItBack() {
        agents(2, Resources.of(4, 4096));
        alloc.setRoleQuota("iot", 1, Resources.of(4, 4096), null);
        alloc.addFramework(SPARK, "science");

        List<Offer> offers = alloc.allocate();

        // Science takes the agent that is not needed for iot's guarantee, and not the other.
        assertThat(offers).extracting(Offer::resources).containsExactly(Resources.of(4, 4096));
        acceptAll(offers);
        alloc.revive(SPARK);
        assertThat(alloc.allocate()).isEmpty();

        alloc.addFramework(KAFKA, "iot");
        assertThat(alloc.allocate()).singleElement().satisfies(o -> {
            assertThat(o.frameworkId()).isEqualTo(KAFKA);
            assertThat(o.resources()).isEqualTo(Resources.of(4, 4096));
        });
        alloc.checkInvariants();
    }

    @Test
    void headroomIsHeldPerResourceSoOthersMayTakeWhatNoGuaranteeNeeds() {
        agents(2, Resources.of(4, 4096));
        alloc.setRoleQuota("iot", 1, Resources.of(6, 0), null);
        alloc.addFramework(SPARK, "science");

        List<Offer> offers = alloc.allocate();

        // 8 cpus, 6 of them guaranteed to iot: science may take 2 cpus, but memory freely; memory
        // alone is not offered, it would only hold the agent from iot.
        assertThat(offers).extracting(Offer::resources).containsExactly(Resources.of(2, 4096));
        alloc.checkInvariants();
    }

    @Test
    void aRoleWithAGuaranteeMayGrowPastItIntoWhatNobodyElseNeeds() {
        agents(2, Resources.of(4, 4096));
        alloc.setRoleQuota("iot", 1, Resources.of(2, 2048), null);
        alloc.addFramework(KAFKA, "iot");

        List<Offer> offers = alloc.allocate();

        assertThat(offers).extracting(Offer::resources)
                .containsExactly(Resources.of(4, 4096), Resources.of(4, 4096));
    }

    @Test
    void quotaWeightActsAsTheRoleWeightAndResetRestoresTheDefaults() {
        agents(4, Resources.of(4, 4096));
        alloc.setRoleQuota("iot", 3, null, Resources.of(4, 0));
        alloc.addFramework(KAFKA, "iot");
        alloc.addFramework(SPARK, "science");
        // iot's weight 3 would give it three agents in four, but its limit stops it at one.
        assertThat(alloc.allocate()).extracting(Offer::frameworkId).containsExactly(KAFKA, SPARK, SPARK, SPARK);
        alloc.outstandingOffers().forEach(o -> alloc.rescind(o.id()));

        alloc.setRoleQuota("iot", 3, null, null);
        assertThat(alloc.allocate()).extracting(Offer::frameworkId).containsExactly(KAFKA, SPARK, KAFKA, KAFKA);
        alloc.outstandingOffers().forEach(o -> alloc.rescind(o.id()));

        alloc.resetRole("iot");
        assertThat(alloc.allocate()).extracting(Offer::frameworkId).containsExactly(KAFKA, SPARK, KAFKA, SPARK);
        alloc.checkInvariants();
    }

    @Test
    void aGuaranteeAboveTheLimitOrABadWeightIsRefusedWithTheReason() {
        assertThatThrownBy(() -> alloc.setRoleQuota("iot", 1, Resources.of(8, 1024), Resources.of(6, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role iot: guarantee of 8 cpus is above the limit of 6 cpus");
        assertThatThrownBy(() -> alloc.setRoleQuota("iot", 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> alloc.setRoleQuota(" ", 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
