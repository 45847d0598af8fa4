package io.strata.service;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OfferMatcherTest {

    static final PodTemplate BROKER = new PodTemplate("broker", 3, Resources.of(1, 1024), List.of("client", "peer"),
            512, 1, Map.of());

    static Offer offer(String agent, double cpus, long mem, long disk, String ports) {
        return new Offer(OfferId.of("o-" + agent), FrameworkId.of("fw"), AgentId.of(agent), "host-" + agent,
                Resources.of(cpus, mem, disk, PortRanges.parse(ports)), Map.of("zone", agent.endsWith("1") ? "a" : "b"));
    }

    static OfferMatcher.Need need(String pod) {
        return new OfferMatcher.Need(pod, BROKER, null, null, null, true, null);
    }

    @Test
    void spreadPutsEachPodOnItsOwnAgentWithTheLowestFreePorts() {
        var matches = OfferMatcher.match(List.of(offer("a1", 4, 4096, 4096, "31000-31009"),
                offer("a2", 4, 4096, 4096, "31000-31009")), List.of(need("broker-0"), need("broker-1"), need("broker-2")), Map.of());
        assertThat(matches).hasSize(2);
        assertThat(matches).extracting(m -> m.placement().agentId().value()).containsExactly("a1", "a2");
        assertThat(matches.get(0).placement().ports()).containsEntry("client", 31000).containsEntry("peer", 31001);
        assertThat(matches.get(0).taskResources().ports()).isEqualTo(PortRanges.range(31000, 31001));
    }

    @Test
    void aNewVolumeNeedsItsDiskInTheOfferButARestartedPodDoesNot() {
        Offer small = offer("a1", 4, 4096, 100, "31000-31009");
        assertThat(OfferMatcher.match(List.of(small), List.of(need("broker-0")), Map.of())).isEmpty();
        var restart = new OfferMatcher.Need("broker-0", BROKER, AgentId.of("a1"), Map.of("client", 31005, "peer", 31006),
                null, false, null);
        var matches = OfferMatcher.match(List.of(small), List.of(restart), Map.of());
        assertThat(matches).singleElement().satisfies(m ->
                assertThat(m.placement().ports()).containsEntry("client", 31005).containsEntry("peer", 31006));
    }

    @Test
    void aStickyPodOnlyGoesBackToItsAgentAndItsPorts() {
        var restart = new OfferMatcher.Need("broker-0", BROKER, AgentId.of("a1"), Map.of("client", 31005, "peer", 31006),
                null, false, null);
        assertThat(OfferMatcher.match(List.of(offer("a2", 4, 4096, 4096, "31000-31009")), List.of(restart), Map.of())).isEmpty();
        assertThat(OfferMatcher.match(List.of(offer("a1", 4, 4096, 4096, "31000-31004")), List.of(restart), Map.of())).isEmpty();
    }

    @Test
    void aReplacedPodAvoidsItsOldAgentAndKeepsItsPortNumbersWhereItCan() {
        var replace = new OfferMatcher.Need("broker-1", BROKER, null, null, AgentId.of("a1"), true,
                Map.of("client", 31007, "peer", 31008));
        var matches = OfferMatcher.match(List.of(offer("a1", 4, 4096, 4096, "31000-31009"),
                offer("a3", 4, 4096, 4096, "31000-31009")), List.of(replace), Map.of());
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.placement().agentId().value()).isEqualTo("a3");
            assertThat(m.placement().ports()).containsEntry("client", 31007).containsEntry("peer", 31008);
        });
    }

    @Test
    void agentsThatAlreadyHoldAPodOfTheTypeAreSkippedAndAttributesAreRequired() {
        var existing = Map.of(AgentId.of("a1"), Map.of("broker", 1));
        var matches = OfferMatcher.match(List.of(offer("a1", 8, 8192, 8192, "31000-31009"),
                offer("a2", 8, 8192, 8192, "31000-31009")), List.of(need("broker-1")), existing);
        assertThat(matches).singleElement().satisfies(m -> assertThat(m.placement().agentId().value()).isEqualTo("a2"));
        PodTemplate zoned = new PodTemplate("broker", 1, Resources.of(1, 1024), List.of(), 0, 1, Map.of("zone", "a"));
        var z = OfferMatcher.match(List.of(offer("a2", 8, 8192, 8192, ""), offer("a1", 8, 8192, 8192, "")),
                List.of(new OfferMatcher.Need("broker-0", zoned, null, null, null, true, null)), Map.of());
        assertThat(z).singleElement().satisfies(m -> assertThat(m.placement().agentId().value()).isEqualTo("a1"));
    }

    @Test
    void twoPodsShareALargeOfferOnlyWhenTheirTypeAllowsIt() {
        PodTemplate packed = new PodTemplate("worker", 2, Resources.of(1, 512), List.of("p"), 0, 2, Map.of());
        var matches = OfferMatcher.match(List.of(offer("a1", 4, 4096, 0, "31000-31009")),
                List.of(new OfferMatcher.Need("worker-0", packed, null, null, null, true, null),
                        new OfferMatcher.Need("worker-1", packed, null, null, null, true, null)), Map.of());
        assertThat(matches).hasSize(2);
        assertThat(matches).extracting(m -> m.placement().port("p")).containsExactly(31000, 31001);
    }
}
