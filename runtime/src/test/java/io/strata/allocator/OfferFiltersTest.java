package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferFiltersTest {

    private static final AgentId S1 = AgentId.of("s1");
    private static final FrameworkId A = FrameworkId.of("A");
    private static final FrameworkId B = FrameworkId.of("B");

    private final FakeClock clock = new FakeClock();
    private final DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));

    private Offer onlyOffer() {
        List<Offer> offers = alloc.allocate();
        assertThat(offers).hasSize(1);
        alloc.checkInvariants();
        return offers.get(0);
    }

    @Test
    void declinedAgentIsNotReofferedBeforeFilterExpiresButIsOfferedToOthers() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        Offer toA = onlyOffer();
        assertThat(toA.frameworkId()).isEqualTo(A);

        alloc.decline(toA.id(), A, Duration.ofSeconds(10));
        Offer toB = onlyOffer();
        assertThat(toB.frameworkId()).isEqualTo(B);
        assertThat(toB.resources()).isEqualTo(toA.resources());

        alloc.decline(toB.id(), B, Duration.ZERO);
        clock.advance(Duration.ofSeconds(9));
        assertThat(onlyOffer().frameworkId()).isEqualTo(B);
    }

    @Test
    void declinedAgentIsReofferedOnceTheFilterExpires() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.decline(onlyOffer().id(), A, Duration.ofSeconds(10));
        clock.advance(Duration.ofMillis(9_999));
        assertThat(alloc.allocate()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(onlyOffer().frameworkId()).isEqualTo(A);
    }

    @Test
    void declinedAgentIsReofferedEarlyWhenMoreThanWasDeclinedBecomesFree() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.recordUsed(S1, B, Resources.of(1, 1024));
        alloc.addFramework(A, "*");
        Offer offer = onlyOffer();
        assertThat(offer.resources()).isEqualTo(Resources.of(3, 3072));
        alloc.decline(offer.id(), A, Duration.ofHours(1));
        assertThat(alloc.allocate()).isEmpty();

        alloc.recover(S1, B, Resources.of(1, 1024));

        Offer again = onlyOffer();
        assertThat(again.frameworkId()).isEqualTo(A);
        assertThat(again.resources()).isEqualTo(Resources.of(4, 4096));
    }

    @Test
    void declineWithZeroDurationSetsNoFilter() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.decline(onlyOffer().id(), A, Duration.ZERO);
        assertThat(onlyOffer().frameworkId()).isEqualTo(A);
    }

    @Test
    void declineWithoutDurationUsesTheDefaultRefusal() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.decline(onlyOffer().id(), A, null);
        clock.advance(Duration.ofMillis(4_999));
        assertThat(alloc.allocate()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(onlyOffer().frameworkId()).isEqualTo(A);
    }

    @Test
    void unusedRemainderOfAnAcceptedOfferIsFilteredForTheDefaultRefusal() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.accept(onlyOffer().id(), A, Resources.of(1, 1024));
        assertThat(alloc.allocate()).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        assertThat(onlyOffer().resources()).isEqualTo(Resources.of(3, 3072));
    }

    @Test
    void suppressedFrameworkGetsNoOffersUntilRevived() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.suppress(A);
        assertThat(alloc.allocate()).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(alloc.allocate()).isEmpty();

        alloc.revive(A);
        assertThat(onlyOffer().frameworkId()).isEqualTo(A);
    }

    @Test
    void suppressionSurvivesReactivationUntilRevive() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.suppress(A);
        alloc.deactivateFramework(A);
        alloc.addFramework(A, "*");
        assertThat(alloc.allocate()).isEmpty();
    }

    @Test
    void reviveClearsTheFrameworksFilters() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.decline(onlyOffer().id(), A, Duration.ofDays(365));
        assertThat(alloc.allocate()).isEmpty();

        alloc.revive(A);
        assertThat(onlyOffer().frameworkId()).isEqualTo(A);
    }

    @Test
    void foreverFilterDoesNotOverflowTheClock() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.decline(onlyOffer().id(), A, Duration.ofSeconds(Long.MAX_VALUE));
        clock.advance(Duration.ofDays(365 * 100));
        assertThat(alloc.allocate()).isEmpty();
    }
}
