package io.strata.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    @Test
    void whileTheServiceDeploysARunningPodIsCheckedEvery200MsAndNeverTwiceAtOnce() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.offers("a1", "a2");
        h.running("node-0");
        h.tick();
        assertThat(h.last(ServiceAction.CheckReadiness.class)).singleElement().satisfies(c -> {
            assertThat(c.pod().id()).isEqualTo("node-0");
            assertThat(c.taskId()).isEqualTo(h.pod("node-0").taskId());
            assertThat(c.view().pods()).hasSize(2);
        });
        h.after(Duration.ofSeconds(3));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).as("the first check has not answered").isEmpty();

        h.notReady("node-0", "connection refused");
        h.after(Duration.ofMillis(100));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).as("3.1 s since the last one started").hasSize(1);
        h.notReady("node-0", "connection refused");
        h.after(Duration.ofMillis(100));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).isEmpty();
        h.after(Duration.ofMillis(100));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).as("200 ms after the last one").hasSize(1);
    }

    @Test
    void onceTheServiceHasDeployedARestartedPodIsCheckedAtMostEveryTwoSeconds() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.offers("a1");
        h.up("node-0");
        assertThat(h.state.record().deployedOnce()).isTrue();
        h.failed("node-0");
        h.after(Duration.ofSeconds(2));
        h.offers("a1");
        h.running("node-0");
        h.tick();
        assertThat(h.last(ServiceAction.CheckReadiness.class)).hasSize(1);
        h.notReady("node-0", "connection refused");
        h.after(Duration.ofMillis(1500));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).isEmpty();
        h.after(Duration.ofMillis(500));
        assertThat(h.last(ServiceAction.CheckReadiness.class)).hasSize(1);
    }

    @Test
    void aFailingCheckShowsWhyAndAPassingOneMakesThePodReady() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.offers("a1");
        h.running("node-0");
        assertThat(h.pod("node-0").reason()).isEqualTo("running; waiting for its readiness check");
        h.tick();
        h.notReady("node-0", "broker 1 is not yet registered");
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.RUNNING);
        assertThat(h.status().reason()).isEqualTo("node-0: not ready yet: broker 1 is not yet registered");

        h.after(Duration.ofSeconds(2));
        h.ready("node-0");
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.READY);
        assertThat(h.pod("node-0").reason()).isEqualTo("ready");
        assertThat(h.state.record().deployedOnce()).isTrue();
        h.tick();
        assertThat(h.last(ServiceAction.CheckReadiness.class)).as("ready pods are not checked").isEmpty();
    }

    @Test
    void aCheckResultForAnEarlierTaskOfThePodIsIgnored() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.offers("a1");
        h.running("node-0");
        String oldTask = h.pod("node-0").taskId();
        h.failed("node-0");
        h.after(Duration.ofSeconds(1));
        h.offers("a1");
        h.running("node-0");
        h.feed(new ServiceInput.Readiness("node-0", oldTask, true, ""));
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.RUNNING);
    }
}
