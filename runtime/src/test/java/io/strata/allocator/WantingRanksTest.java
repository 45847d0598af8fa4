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
 * The flat (share, id rank) arrays that pick the least framework among an agent's non-refusing
 * bits: they must order exactly as {@link FrameworkState#BY_SHARE}, also when dense indices do
 * not follow id order and when an index is reused by a framework that was never ranked.
 */
class WantingRanksTest {

    private final RoleState role = new RoleState("*");
    private final AgentState agent = new AgentState(AgentId.of("s1"), "h1", Resources.of(4, 4096), Map.of());
    private final WantingRanks ranks = new WantingRanks();
    private final FrameworkState[] byIndex = new FrameworkState[8];
    private final long[] bits = new long[1];

    private FrameworkState join(String id, int index, double share) {
        FrameworkState fw = new FrameworkState(FrameworkId.of(id), index, role);
        fw.share = share;
        fw.queued = true;
        byIndex[index] = fw;
        bits[0] |= 1L << index;
        ranks.joined(fw);
        return fw;
    }

    private void leave(FrameworkState fw) {
        fw.queued = false;
        byIndex[fw.index] = null;
        bits[0] &= ~(1L << fw.index);
    }

    private String least() {
        ranks.refresh(byIndex);
        int i = ranks.leastNotRefusing(bits, agent);
        return i < 0 ? null : byIndex[i].id.value();
    }

    @Test
    void equalSharesGoToTheLowestIdWhateverTheIndexOrder() {
        FrameworkState c = join("c", 0, 0.1);
        FrameworkState a = join("a", 1, 0.1);
        join("b", 2, 0.1);
        assertThat(least()).isEqualTo("a");

        agent.setRefusing(a, true);
        assertThat(least()).isEqualTo("b");
        ranks.verify(List.of(c, a, byIndex[2]), false);
    }

    @Test
    void aLowerShareBeatsALowerIdAndShareChangesCount() {
        FrameworkState a = join("a", 0, 0.3);
        FrameworkState b = join("b", 1, 0.2);
        assertThat(least()).isEqualTo("b");

        b.share = 0.4;
        ranks.shareChanged(b);
        assertThat(least()).isEqualTo("a");
        ranks.verify(List.of(a, b), false);
    }

    @Test
    void anIndexReusedByANewFrameworkIsRankedAfresh() {
        join("b", 0, 0);
        FrameworkState a = join("a", 1, 0);
        assertThat(least()).isEqualTo("a");

        leave(a);
        FrameworkState z = join("z", 1, 0);
        assertThat(least()).as("z took a's index but not its rank").isEqualTo("b");
        agent.setRefusing(byIndex[0], true);
        assertThat(least()).isEqualTo("z");
        agent.setRefusing(z, true);
        assertThat(least()).isNull();
    }

    @Test
    void aFrameworkLeavingAndComingBackKeepsItsRank() {
        join("b", 0, 0);
        FrameworkState a = join("a", 1, 0);
        assertThat(least()).isEqualTo("a");
        leave(a);
        assertThat(least()).isEqualTo("b");
        byIndex[1] = a;
        a.queued = true;
        bits[0] |= 1L << 1;
        ranks.joined(a);
        assertThat(least()).isEqualTo("a");
    }

    /** Through the allocator: most frameworks refuse the agent, so the bit scan picks among the rest. */
    @Test
    void aMostlyRefusedAgentGoesToTheLowestIdAmongThoseNotRefusing() {
        DrfAllocator alloc = new DrfAllocator(new FakeClock(), AllocatorConfig.defaults("o"));
        AgentId s1 = AgentId.of("s1");
        alloc.addAgent(s1, "h1", Resources.of(4, 4096), Map.of());
        for (int f = 9; f >= 0; f--) { // dense indices run against id order
            alloc.addFramework(FrameworkId.of("fw-" + f), "*");
        }
        for (int round = 0; round < 7; round++) {
            List<Offer> offers = alloc.allocate();
            assertThat(offers).extracting(o -> o.frameworkId().value()).containsExactly("fw-" + round);
            alloc.decline(offers.get(0).id(), offers.get(0).frameworkId(), Duration.ofHours(1));
            alloc.checkInvariants();
        }
        alloc.suppress(FrameworkId.of("fw-8"));
        assertThat(alloc.allocate()).extracting(o -> o.frameworkId().value()).containsExactly("fw-7");
        alloc.checkInvariants();
    }
}
