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

/**
 * The refusal bits and counts behind the O(1) skip of fully refused agents: each follows who wants
 * offers, the agent's free resources, expiry and framework indices being reused, so a skipped agent
 * is exactly one nobody would take. {@link DrfAllocator#checkInvariants} checks bits against filters.
 */
class RefusalBitsTest {

    private static final AgentId S1 = AgentId.of("s1");
    private static final AgentId S2 = AgentId.of("s2");
    private static final FrameworkId A = FrameworkId.of("A");
    private static final FrameworkId B = FrameworkId.of("B");
    private static final FrameworkId C = FrameworkId.of("C");
    private static final Duration LONG = Duration.ofHours(1);

    private final FakeClock clock = new FakeClock();
    private final DrfAllocator alloc = new DrfAllocator(clock, AllocatorConfig.defaults("o"));

    private List<Offer> pass() {
        List<Offer> offers = alloc.allocate();
        alloc.checkInvariants();
        return offers;
    }

    private void declineAll(List<Offer> offers, Duration d) {
        for (Offer o : offers) {
            assertThat(alloc.decline(o.id(), o.frameworkId(), d)).isTrue();
        }
        alloc.checkInvariants();
    }

    @Test
    void anAgentEveryWantingFrameworkRefusesIsOfferedToANewcomer() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        declineAll(pass(), LONG);
        declineAll(pass(), LONG);
        assertThat(pass()).isEmpty();

        alloc.addFramework(C, "*");
        assertThat(pass()).extracting(Offer::frameworkId).containsExactly(C);
    }

    @Test
    void aSuppressedRefuserDoesNotCountAndItsFilterStillHoldsOnceItIsBack() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        declineAll(pass(), LONG); // A refuses S1
        List<Offer> toB = pass();
        assertThat(toB).extracting(Offer::frameworkId).containsExactly(B);
        alloc.rescind(toB.get(0).id());

        alloc.deactivateFramework(B);
        assertThat(pass()).as("A refuses and B wants nothing").isEmpty();
        alloc.addFramework(B, "*");
        List<Offer> again = pass();
        assertThat(again).extracting(Offer::frameworkId).containsExactly(B);
        alloc.rescind(again.get(0).id());

        alloc.suppress(B);
        alloc.deactivateFramework(A);
        alloc.addFramework(A, "*");
        assertThat(pass()).as("A's filter survived its re-activation").isEmpty();
    }

    @Test
    void moreFreeThanWasRefusedIsOfferedAgainToTheRefuser() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.recordUsed(S1, A, Resources.of(1, 1024));
        declineAll(pass(), LONG);
        assertThat(pass()).isEmpty();

        alloc.recover(S1, A, Resources.of(1, 1024));
        assertThat(pass()).extracting(Offer::resources).containsExactly(Resources.of(4, 4096));
    }

    @Test
    void filtersExpireAtTheirOwnDeadlinesAgentByAgent() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addAgent(S2, "h2", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        List<Offer> first = pass();
        assertThat(alloc.decline(first.get(0).id(), A, Duration.ofSeconds(10))).isTrue();
        assertThat(alloc.decline(first.get(1).id(), A, Duration.ofSeconds(20))).isTrue();
        assertThat(pass()).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        assertThat(pass()).extracting(Offer::agentId).containsExactly(S1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(pass()).extracting(Offer::agentId).containsExactly(S2);
    }

    @Test
    void aNewFrameworkReusingAForgottenOnesIndexIsNotRefused() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        declineAll(pass(), LONG); // A refuses S1
        declineAll(pass(), LONG); // B refuses S1
        alloc.removeFramework(A);
        assertThat(alloc.hasFramework(A)).isFalse();

        alloc.addFramework(C, "*");
        assertThat(pass()).extracting(Offer::frameworkId).containsExactly(C);
    }

    @Test
    void reviveClearsTheRefusalsOfAnAgentWhoseOfferIsOutstanding() {
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        alloc.addFramework(A, "*");
        alloc.addFramework(B, "*");
        declineAll(pass(), LONG); // A refuses S1
        List<Offer> toB = pass();
        alloc.revive(A);
        alloc.rescind(toB.get(0).id());
        alloc.checkInvariants();
        assertThat(pass()).extracting(Offer::frameworkId).containsExactly(A);
    }

    @Test
    void whenMostFrameworksRefuseTheAgentGoesToTheLeastShareOfTheOthers() {
        AgentId busy = AgentId.of("s0");
        FrameworkId d = FrameworkId.of("D");
        FrameworkId e = FrameworkId.of("E");
        alloc.addAgent(busy, "h0", Resources.of(3, 3072), Map.of());
        alloc.addAgent(S1, "h1", Resources.of(4, 4096), Map.of());
        for (FrameworkId fw : List.of(A, B, C, d, e)) {
            alloc.addFramework(fw, "*");
        }
        alloc.recordUsed(busy, e, Resources.of(2, 2048));
        alloc.recordUsed(busy, d, Resources.of(1, 1024));
        for (FrameworkId refuser : List.of(A, B, C)) {
            List<Offer> offers = pass();
            assertThat(offers).extracting(Offer::frameworkId).containsExactly(refuser);
            declineAll(offers, LONG);
        }
        assertThat(pass()).as("three of five refuse; D holds less than E").extracting(Offer::frameworkId)
                .containsExactly(d);
    }
}
