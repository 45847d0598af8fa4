package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.allocator.AcceptResult.Accepted;
import io.strata.allocator.AcceptResult.Rejected;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfferLifecycleTest {

    private static final AgentId S1 = AgentId.of("s1");
    private static final AgentId S2 = AgentId.of("s2");
    private static final FrameworkId A = FrameworkId.of("A");
    private static final FrameworkId B = FrameworkId.of("B");
    private static final Resources AGENT = Resources.of(4, 4096, 1000, PortRanges.range(31000, 31009));

    private final FakeClock clock = new FakeClock();
    private final DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("m1"));

    private Offer offerTo(FrameworkId fw) {
        alloc.addAgent(S1, "h1", AGENT, Map.of("rack", "r1"));
        alloc.addFramework(fw, "*");
        return alloc.allocate().get(0);
    }

    @Test
    void offerCarriesTheWholeFreeAgentWithHostAttributesAndSequentialId() {
        Offer o = offerTo(A);
        assertThat(o.id()).isEqualTo(OfferId.of("m1-1"));
        assertThat(o.host()).isEqualTo("h1");
        assertThat(o.attributes()).containsEntry("rack", "r1");
        assertThat(o.resources()).isEqualTo(AGENT);
        assertThat(alloc.offered(S1)).isEqualTo(AGENT);
        assertThat(alloc.free(S1)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.offer(o.id())).contains(o);
        assertThat(alloc.outstandingOffers()).containsExactly(o);
    }

    @Test
    void agentWithAnOutstandingOfferIsNotOfferedAgain() {
        offerTo(A);
        alloc.addFramework(B, "*");
        assertThat(alloc.allocate()).isEmpty();
    }

    @Test
    void agentWithLessThanTheMinimumFreeIsNotOffered() {
        alloc.addAgent(S1, "h1", new Resources(9, 31, 1000, PortRanges.range(31000, 31009)), Map.of());
        alloc.addFramework(A, "*");
        assertThat(alloc.allocate()).isEmpty();

        alloc.addAgent(S1, "h1", new Resources(9, 32, 0, PortRanges.EMPTY), Map.of());
        assertThat(alloc.allocate()).hasSize(1);
    }

    @Test
    void offersExpireOnlyOnceTheirTimeoutHasPassed() {
        Offer o = offerTo(A);
        assertThat(alloc.nextOfferExpiry()).contains(clock.instant().plusSeconds(60));
        clock.advance(Duration.ofMillis(59_999));
        assertThat(alloc.expireOffers()).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(alloc.expireOffers()).containsExactly(o);
        assertThat(alloc.outstandingOffers()).isEmpty();
        assertThat(alloc.free(S1)).isEqualTo(AGENT);
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.expireOffers()).isEmpty();
        assertThat(alloc.allocate()).hasSize(1);
        alloc.checkInvariants();
    }

    @Test
    void acceptKeepsWhatIsUsedAndReturnsTheRemainderToThePool() {
        Offer o = offerTo(A);
        Resources task = Resources.of(1, 512, 100, PortRanges.ports(31003));

        AcceptResult r = alloc.accept(o.id(), A, task);

        assertThat(r).isEqualTo(new Accepted(o, task, AGENT.minus(task)));
        assertThat(alloc.used(S1)).isEqualTo(task);
        assertThat(alloc.offered(S1)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.free(S1)).isEqualTo(AGENT.minus(task));
        assertThat(alloc.offer(o.id())).isEmpty();
        alloc.checkInvariants();
    }

    @Test
    void acceptRejectsAnUnknownOffer() {
        offerTo(A);
        assertThat(alloc.accept(OfferId.of("m1-99"), A, Resources.of(1, 1)))
                .isEqualTo(new Rejected("offer m1-99 is no longer valid (rescinded or expired)"));
    }

    @Test
    void acceptRejectsAnExpiredOffer() {
        Offer o = offerTo(A);
        clock.advance(Duration.ofSeconds(60));
        alloc.expireOffers();
        assertThat(alloc.accept(o.id(), A, Resources.of(1, 1))).isInstanceOf(Rejected.class);
    }

    @Test
    void acceptRejectsAnotherFrameworksOffer() {
        Offer o = offerTo(A);
        alloc.addFramework(B, "*");
        assertThat(alloc.accept(o.id(), B, Resources.of(1, 1)))
                .isEqualTo(new Rejected("offer m1-1 belongs to another framework"));
        assertThat(alloc.offer(o.id())).isPresent();
    }

    @Test
    void acceptRejectsALaunchBiggerThanTheOfferNamingWhatIsMissing() {
        Offer o = offerTo(A);
        AcceptResult r = alloc.accept(o.id(), A, Resources.of(6, 4096, 0, PortRanges.ports(8080)));

        assertThat(r).isInstanceOfSatisfying(Rejected.class, rej -> assertThat(rej.reason())
                .startsWith("launch needs cpus=6 mem=4096MB")
                .contains("but offer m1-1 has cpus=4 mem=4096MB")
                .endsWith("missing 2 cpus, ports 8080"));
        assertThat(alloc.offer(o.id())).isPresent();
    }

    @Test
    void acceptingTheSameOfferTwiceIsRejected() {
        Offer o = offerTo(A);
        assertThat(alloc.accept(o.id(), A, Resources.of(1, 1))).isInstanceOf(Accepted.class);
        assertThat(alloc.accept(o.id(), A, Resources.of(1, 1))).isInstanceOf(Rejected.class);
        assertThat(alloc.used(S1)).isEqualTo(Resources.of(1, 1));
    }

    @Test
    void declineAndRescindOfUnknownOrForeignOffersChangeNothing() {
        Offer o = offerTo(A);
        assertThat(alloc.decline(o.id(), B, Duration.ZERO)).isFalse();
        assertThat(alloc.decline(OfferId.of("nope"), A, Duration.ZERO)).isFalse();
        assertThat(alloc.rescind(OfferId.of("nope"))).isEmpty();
        assertThat(alloc.rescind(o.id())).containsExactly(o);
        assertThat(alloc.rescind(o.id())).isEmpty();
        assertThat(alloc.free(S1)).isEqualTo(AGENT);
    }

    @Test
    void removeAgentReturnsItsOffersAndForgetsWhatWasUsedOnIt() {
        Offer o = offerTo(A);
        alloc.addAgent(S2, "h2", AGENT, Map.of());
        alloc.recordUsed(S2, B, Resources.of(1, 1024));

        assertThat(alloc.removeAgent(S1)).containsExactly(o);
        assertThat(alloc.removeAgent(S2)).isEmpty();

        assertThat(alloc.hasAgent(S1)).isFalse();
        assertThat(alloc.outstandingOffers()).isEmpty();
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.allocatedTo(B)).isEqualTo(Resources.EMPTY);
        assertThat(alloc.clusterTotal()).isEqualTo(Resources.EMPTY);
        assertThat(alloc.removeAgent(S1)).isEmpty();
        alloc.checkInvariants();
    }

    @Test
    void removeFrameworkWithdrawsItsOffersSoOthersGetTheAgent() {
        Offer o = offerTo(A);
        alloc.addFramework(B, "*");

        assertThat(alloc.removeFramework(A)).containsExactly(o);

        assertThat(alloc.hasFramework(A)).isFalse();
        assertThat(alloc.allocate()).singleElement().extracting(Offer::frameworkId).isEqualTo(B);
        alloc.checkInvariants();
    }

    @Test
    void removedFrameworksUsageStaysOnTheAgentUntilRecovered() {
        Offer o = offerTo(A);
        alloc.accept(o.id(), A, Resources.of(1, 1024));
        alloc.removeFramework(A);
        assertThat(alloc.used(S1)).isEqualTo(Resources.of(1, 1024));
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.of(1, 1024));

        alloc.recover(S1, A, Resources.of(1, 1024));
        assertThat(alloc.used(S1)).isEqualTo(Resources.EMPTY);
        alloc.checkInvariants();
    }

    @Test
    void deactivatedFrameworkGetsNoOffersAndKeepsItsUsage() {
        Offer o = offerTo(A);
        alloc.accept(o.id(), A, Resources.of(1, 1024));
        clock.advance(Duration.ofSeconds(5));
        assertThat(alloc.allocate()).hasSize(1);

        assertThat(alloc.deactivateFramework(A)).hasSize(1);
        assertThat(alloc.allocate()).isEmpty();
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.of(1, 1024));

        alloc.addFramework(A, "*");
        assertThat(alloc.allocate()).hasSize(1);
    }

    @Test
    void reAddingAnAgentUpdatesItButMustStillHoldWhatIsUsed() {
        offerTo(A);
        alloc.addAgent(S2, "h2", Resources.of(4, 4096), Map.of());
        alloc.recordUsed(S2, B, Resources.of(2, 1024));

        alloc.addAgent(S2, "h2b", Resources.of(8, 4096), Map.of("zone", "z"));
        assertThat(alloc.free(S2)).isEqualTo(Resources.of(6, 3072));
        assertThat(alloc.clusterTotal()).isEqualTo(Resources.of(12, 8192, 1000));
        assertThatThrownBy(() -> alloc.addAgent(S2, "h2", Resources.of(1, 4096), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cpus");
        assertThatThrownBy(() -> alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        alloc.checkInvariants();
    }

    @Test
    void recordUsedNeedsAKnownAgentWithRoomAndRecoverNeedsWhatWasRecorded() {
        alloc.addAgent(S1, "h1", Resources.of(2, 2048), Map.of());
        assertThatThrownBy(() -> alloc.recordUsed(S2, A, Resources.of(1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alloc.recordUsed(S1, A, Resources.of(3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cpus");
        alloc.recordUsed(S1, A, Resources.of(1, 1));
        assertThatThrownBy(() -> alloc.recover(S1, A, Resources.of(2, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        alloc.recover(S2, A, Resources.of(2, 1));
        assertThat(alloc.used(S1)).isEqualTo(Resources.of(1, 1));
        alloc.checkInvariants();
    }

    @Test
    void frameworkMovingToAnotherRoleTakesItsAllocationAlong() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addAgent(S2, "h2", Resources.of(4, 4096), Map.of());
        alloc.recordUsed(S1, A, Resources.of(4, 4096));
        FrameworkId c = FrameworkId.of("C");
        alloc.addFramework(A, "x");
        alloc.addFramework(B, "y");
        alloc.addFramework(c, "x");
        // Role x holds half the cluster through A, so y (B) would be next; once A moves to y, x is.
        alloc.addFramework(A, "y");

        assertThat(alloc.allocate()).singleElement().extracting(Offer::frameworkId).isEqualTo(c);
        assertThat(alloc.allocatedTo(A)).isEqualTo(Resources.of(4, 4096));
        alloc.checkInvariants();
    }
}
