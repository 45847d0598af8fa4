package io.strata.group;

import io.strata.protocol.ClusterState;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupUsageTest {

    private static ClusterState using(ClusterState.FrameworkView... frameworks) {
        return new ClusterState("e", "m", 0, List.of(), List.of(frameworks), List.of(), 0, null, List.of());
    }

    private static ClusterState.FrameworkView framework(String id, String role, double cpus, long mem) {
        return new ClusterState.FrameworkView(FrameworkId.of(id), id, role, true, Resources.of(cpus, mem), 0, 1);
    }

    @Test
    void aGroupUsesWhatItsFrameworksHold() {
        ClusterState s = using(framework("kafka-a", "iot", 2, 2048), framework("strata-tasks-iot", "iot", 0.5, 64),
                framework("strata-tasks", "*", 1, 128), framework("spark-app", "science", 4, 4096));

        assertThat(GroupUsage.of(s, "iot")).isEqualTo(Resources.of(2.5, 2112));
        assertThat(GroupUsage.of(s, "default")).isEqualTo(Resources.of(1, 128));
        assertThat(GroupUsage.of(s, "nobody")).isEqualTo(Resources.EMPTY);
    }

    @Test
    void aRequestPastTheGroupsLimitSaysSo() {
        Group iot = new Group("iot", 1, Quota.NONE, new Quota(6.0, 8192L, null), List.of());
        ClusterState s = using(framework("kafka-a", "iot", 5.5, 2048));

        assertThat(GroupUsage.limitReason(iot, Resources.of(1, 64), s)).isEqualTo("group iot is at its limit of 6 cpus");
        assertThat(GroupUsage.limitReason(iot, Resources.of(0.5, 64), s)).isNull();
        assertThat(GroupUsage.limitReason(iot, Resources.of(0.5, 7000), s))
                .isEqualTo("group iot is at its limit of 8192 MB memory");
        assertThat(GroupUsage.limitReason(Group.defaultGroup(), Resources.of(100, 1), s)).isNull();
    }
}
