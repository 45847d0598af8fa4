package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsGroupsTest {

    @Test
    void groupsShowUsageAlwaysAndGuaranteeAndLimitWhereSet() {
        ClusterState s = new ClusterState("e", "addr", 0, List.of(), List.of(), List.of(), 0,
                new ClusterState.AllocationStats(0, 0, 0, 0, 0, 0, 0), List.of(), List.of(
                        new ClusterState.GroupView("default", 1, Resources.EMPTY, Resources.EMPTY, Resources.of(1, 512)),
                        new ClusterState.GroupView("iot", 2, Resources.of(2, 0), Resources.of(6, 8192),
                                Resources.of(4.5, 6144, 100))));

        String text = Metrics.render(s, 0);

        assertThat(text).contains(
                "strata_group_weight{group=\"iot\"} 2\n",
                "strata_group_used{group=\"iot\",resource=\"cpus\"} 4.500000\n",
                "strata_group_used{group=\"iot\",resource=\"mem_mb\"} 6144\n",
                "strata_group_used{group=\"iot\",resource=\"disk_mb\"} 100\n",
                "strata_group_used{group=\"default\",resource=\"cpus\"} 1\n",
                "strata_group_guarantee{group=\"iot\",resource=\"cpus\"} 2\n",
                "strata_group_limit{group=\"iot\",resource=\"cpus\"} 6\n",
                "strata_group_limit{group=\"iot\",resource=\"mem_mb\"} 8192\n",
                "# TYPE strata_group_limit gauge\n");
        assertThat(text).doesNotContain("strata_group_limit{group=\"default\"",
                "strata_group_guarantee{group=\"iot\",resource=\"mem_mb\"}");
    }
}
