package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.A2;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.protocol.ClusterState;
import io.strata.protocol.GroupQuota;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Groups are allocator roles: their quotas reach the allocator, and operators see their usage. */
class GroupQuotasTest {

    private static final FrameworkId SPARK = FrameworkId.of("spark");
    private static final FrameworkId KAFKA = FrameworkId.of("kafka");
    private static final GroupQuota SCIENCE = new GroupQuota("science", 1, null, Resources.of(4, 0));
    private static final GroupQuota IOT = new GroupQuota("iot", 2, Resources.of(2, 2048), Resources.of(6, 8192));

    private final MasterHarness h = new MasterHarness();

    private void register(FrameworkId fw, String group) {
        h.send(new MasterInput.FrameworkHeartbeat(fw, fw.value(), group, "conn-" + fw));
    }

    private ClusterState.GroupView group(String name) {
        return h.state().groups().stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name + " in " + h.state().groups()));
    }

    @Test
    void aGroupsLimitCapsWhatItsFrameworksAreOffered() {
        h.agentHeartbeat(A1);
        h.agentHeartbeat(A2);
        h.allocate();
        assertThat(h.send(new MasterInput.SetGroups(List.of(SCIENCE)))).contains(new AllocateSoon());
        register(SPARK, "science");

        List<Offer> offers = h.allocate();

        assertThat(offers).singleElement().satisfies(o -> assertThat(o.resources().milliCpus()).isEqualTo(4000));
        assertThat(group("science").used()).isEqualTo(Resources.of(4, 4096, 10_000));
        assertThat(group("science").limit()).isEqualTo(Resources.of(4, 0));
    }

    @Test
    void theDefaultGroupIsAlwaysListedAndEveryGroupShowsItsQuota() {
        assertThat(h.state().groups()).containsExactly(
                new ClusterState.GroupView("default", 1, Resources.EMPTY, Resources.EMPTY, Resources.EMPTY));

        h.send(new MasterInput.SetGroups(List.of(SCIENCE, IOT)));

        assertThat(h.state().groups()).extracting(ClusterState.GroupView::name)
                .containsExactly("default", "iot", "science");
        ClusterState.GroupView iot = group("iot");
        assertThat(iot.weight()).isEqualTo(2);
        assertThat(iot.guarantee()).isEqualTo(Resources.of(2, 2048));
        assertThat(iot.limit()).isEqualTo(Resources.of(6, 8192));
        assertThat(iot.used()).isEqualTo(Resources.EMPTY);
    }

    @Test
    void aGroupLeftOutOfTheListGetsTheDefaultsBack() {
        h.agentHeartbeat(A1);
        h.agentHeartbeat(A2);
        h.send(new MasterInput.SetGroups(List.of(SCIENCE)));
        register(SPARK, "science");
        assertThat(h.allocate()).hasSize(1);

        h.send(new MasterInput.SetGroups(List.of()));

        assertThat(h.allocate()).singleElement().satisfies(o -> assertThat(o.agentId()).isEqualTo(A2));
        assertThat(h.state().groups()).extracting(ClusterState.GroupView::name).containsExactly("default");
    }

    @Test
    void theStoredGroupsApplyAtTakeoverUnlessAnOperatorChangedThemSince() {
        h.agentHeartbeat(A1);
        h.agentHeartbeat(A2);
        register(SPARK, "science");
        register(KAFKA, "iot");

        h.send(new MasterInput.StoredGroups(List.of(SCIENCE)));
        assertThat(group("science").limit()).isEqualTo(Resources.of(4, 0));

        h.send(new MasterInput.SetGroups(List.of(IOT)));
        h.send(new MasterInput.StoredGroups(List.of(SCIENCE)));

        assertThat(h.state().groups()).extracting(ClusterState.GroupView::name).containsExactly("default", "iot");
    }

    @Test
    void aGroupBelowItsGuaranteeIsOfferedFirst() {
        h.agentHeartbeat(A1);
        register(SPARK, "science");
        register(KAFKA, "iot");
        h.send(new MasterInput.SetGroups(List.of(new GroupQuota("iot", 1, Resources.of(1, 512), null))));

        assertThat(h.allocate()).extracting(Offer::frameworkId).containsExactly(KAFKA);
    }
}
