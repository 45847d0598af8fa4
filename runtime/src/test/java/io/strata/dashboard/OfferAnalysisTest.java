package io.strata.dashboard;

import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OfferAnalysisTest {

    static OfferAnalysis.Demand demand(double cpus, long memMb, long diskMb, int ports) {
        return new OfferAnalysis.Demand(Resources.milliCpus(cpus), memMb, diskMb, ports, null, Map.of(), null, null);
    }

    static Snapshots oneAgent(Resources used, Resources offered, Map<String, String> attributes, boolean active) {
        return Snapshots.cluster().agent("agent-1", active, Resources.of(3, 4096, 1000, PortRanges.range(31000, 31003)),
                used, offered, attributes);
    }

    static List<OfferAnalysis.Lack> lacks(OfferAnalysis.Result r) {
        return r.agents().get(0).lacks();
    }

    @Test
    void aDemandThatFitsNamesTheAgent() {
        OfferAnalysis.Result r = OfferAnalysis.analyze(demand(1, 512, 0, 1), oneAgent(Resources.of(1, 1024),
                Resources.EMPTY, Map.of(), true).state());

        assertThat(r.agents()).singleElement().satisfies(a -> {
            assertThat(a.fits()).isTrue();
            assertThat(a.free()).isEqualTo(new OfferAnalysis.Free(2000, 3072, 1000, 4));
        });
        assertThat(r.summary()).isEqualTo("fits on agent-1; it starts with the next offer to its framework");
    }

    @Test
    void missingCpusNamesWhatIsFree() {
        OfferAnalysis.Result r = OfferAnalysis.analyze(demand(4, 64, 0, 0), oneAgent(Resources.of(1.5, 0),
                Resources.EMPTY, Map.of(), true).state());

        assertThat(lacks(r)).singleElement().satisfies(l -> {
            assertThat(l.resource()).isEqualTo("cpus");
            assertThat(l.text()).isEqualTo("needs 4 cpus, 1.5 of 3 free");
            assertThat(l.wanted()).isEqualTo(4.0);
            assertThat(l.free()).isEqualTo(1.5);
            assertThat(l.total()).isEqualTo(3.0);
        });
        assertThat(r.summary()).isEqualTo("can never run: needs 4 cpus, 64 MB mem but the largest agent (agent-1) "
                + "has 3 cpus, 4096 MB mem, 1000 MB disk in all");
    }

    @Test
    void missingMemoryDiskAndPortsAreEachNamed() {
        OfferAnalysis.Result r = OfferAnalysis.analyze(demand(1, 4000, 800, 3), oneAgent(
                Resources.of(0, 1024, 500, PortRanges.range(31000, 31001)), Resources.EMPTY, Map.of(), true).state());

        assertThat(lacks(r)).extracting(OfferAnalysis.Lack::resource, OfferAnalysis.Lack::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mem", "needs 4000 MB memory, 3072 of 4096 MB free"),
                org.assertj.core.groups.Tuple.tuple("disk", "needs 800 MB disk, 500 of 1000 MB free"),
                org.assertj.core.groups.Tuple.tuple("ports", "needs 3 ports, 2 of 4 free"));
        assertThat(r.summary()).isEqualTo("no agent has room now; the closest, agent-1, needs 4000 MB memory, "
                + "3072 of 4096 MB free");
    }

    @Test
    void resourcesOnOfferToAFrameworkAreNotFreeAndItSaysSo() {
        OfferAnalysis.Result r = OfferAnalysis.analyze(demand(2, 64, 0, 0), oneAgent(Resources.of(0.5, 0),
                Resources.of(1.5, 2048), Map.of(), true).state());

        assertThat(lacks(r)).singleElement().satisfies(l -> assertThat(l.text()).isEqualTo(
                "needs 2 cpus, 1 of 3 free; 1.5 cpus more are on offer to a framework and free again once it declines them"));
    }

    @Test
    void anAttributeConstraintNamesTheValueTheAgentHas() {
        var d = new OfferAnalysis.Demand(1000, 64, 0, 0, null, Map.of("rack", "r1"), null, null);
        OfferAnalysis.Result r = OfferAnalysis.analyze(d, oneAgent(Resources.EMPTY, Resources.EMPTY, Map.of("rack", "r2"),
                true).state());

        assertThat(lacks(r)).singleElement().satisfies(l -> {
            assertThat(l.resource()).isEqualTo("constraint");
            assertThat(l.text()).isEqualTo("needs attribute rack=r1; this agent has rack=r2");
        });
        assertThat(r.summary()).isEqualTo("no agent has the attributes it needs (rack=r1)");
    }

    @Test
    void anInactiveAgentIsNamed() {
        OfferAnalysis.Result r = OfferAnalysis.analyze(demand(1, 64, 0, 0), oneAgent(Resources.EMPTY, Resources.EMPTY,
                Map.of(), false).state());

        assertThat(r.agents().get(0).active()).isFalse();
        assertThat(lacks(r)).extracting(OfferAnalysis.Lack::resource).containsExactly("inactive");
        assertThat(r.summary()).isEqualTo("no active agent can take it: agent agent-1 is not active: it was lost or "
                + "has not re-registered");
    }

    @Test
    void aDemandPinnedToItsVolumesAgentLacksTheVolumeElsewhere() {
        var d = new OfferAnalysis.Demand(1000, 64, 0, 0, null, Map.of(), "agent-2", "kafka-0-data");
        var state = Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0).agent("agent-2", 4, 4096, 3.5, 0).state();

        OfferAnalysis.Result r = OfferAnalysis.analyze(d, state);

        assertThat(r.agents().get(0).lacks()).extracting(OfferAnalysis.Lack::resource, OfferAnalysis.Lack::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("volume",
                        "volume kafka-0-data lives on agent-2, so it can only run there"));
        assertThat(r.agents().get(1).lacks()).extracting(OfferAnalysis.Lack::resource).containsExactly("cpus");
        assertThat(r.summary()).isEqualTo("no agent has room now; the closest, agent-2, needs 1 cpus, 0.5 of 4 free");
        assertThat(OfferAnalysis.analyze(new OfferAnalysis.Demand(1000, 64, 0, 0, null, Map.of(), "agent-9", null), state)
                .summary()).isEqualTo("its volume lives on agent-9, which is not registered now; it waits for that agent");
    }

    @Test
    void aGroupAtItsLimitBlocksEveryAgentWithTheAllocatorsSentence() {
        var d = new OfferAnalysis.Demand(2000, 64, 0, 0, "iot", Map.of(), null, null);
        var state = Snapshots.cluster().agent("agent-1", 8, 8192, 0, 0)
                .group("iot", Resources.of(6, 0), Resources.of(5, 1024)).state();

        OfferAnalysis.Result r = OfferAnalysis.analyze(d, state);

        assertThat(r.group().name()).isEqualTo("iot");
        assertThat(r.group().blocked()).isEqualTo("group iot is at its limit of 6 cpus");
        assertThat(lacks(r)).singleElement().satisfies(l -> {
            assertThat(l.resource()).isEqualTo("quota");
            assertThat(l.text()).isEqualTo("group iot is at its limit of 6 cpus");
        });
        assertThat(r.summary()).isEqualTo("waits for its group: group iot is at its limit of 6 cpus");
    }

    @Test
    void freeResourcesHeldForAnotherGroupsGuaranteeAreTheReason() {
        var d = new OfferAnalysis.Demand(2000, 64, 0, 0, "default", Map.of(), null, null);
        var state = Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0)
                .group("iot", Resources.of(3, 0), Resources.EMPTY, Resources.EMPTY).state();

        assertThat(OfferAnalysis.analyze(d, state).summary())
                .isEqualTo("waits: 3 of the 4 free cpus are held for the guarantee of group iot");
    }

    @Test
    void noAgentsYet() {
        assertThat(OfferAnalysis.analyze(demand(1, 64, 0, 0), Snapshots.cluster().state()).summary())
                .isEqualTo("no agent has registered yet");
    }
}
