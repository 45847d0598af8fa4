package io.strata.service;

import io.strata.resources.Resources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLimitTest {

    @Test
    void waitingPodsThatWouldPassTheirGroupsLimitSaySo() {
        PlannerHarness h = PlannerHarness.serial(2);

        h.feed(new ServiceInput.GroupRoom("iot", Resources.of(5.5, 1024), Resources.of(6, 8192, 100_000)));

        assertThat(h.pod("node-0").state()).isEqualTo(PodState.WAITING);
        assertThat(h.pod("node-0").reason()).isEqualTo("group iot is at its limit of 6 cpus");
    }

    @Test
    void podsThatFitTheirGroupKeepTheirReason() {
        PlannerHarness h = PlannerHarness.serial(2);
        String before = h.pod("node-0").reason();

        h.feed(new ServiceInput.GroupRoom("iot", Resources.of(1, 1024), Resources.of(6, 8192, 100_000)));

        assertThat(h.pod("node-0").reason()).isEqualTo(before);
    }
}
