package io.strata.service;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStatusTest {

    @Test
    void aNewServiceIsDeployingUntilEveryPodIsReadyThenRunningWithItsEndpoints() {
        PlannerHarness h = PlannerHarness.serial(2);
        var s = h.status();
        assertThat(s.state()).isEqualTo(ServiceState.DEPLOYING.name());
        assertThat(s.reason()).isEqualTo("node-0: waiting for resources");
        assertThat(s.endpoints()).isEmpty();
        assertThat(s.frameworkId()).isEqualTo("demo-demo");

        h.offers("a1");
        h.up("node-0");
        assertThat(h.status().state()).isEqualTo("DEPLOYING");
        assertThat(h.status().reason()).startsWith("node-1: ");

        h.offers("a2");
        h.up("node-1");
        s = h.status();
        assertThat(s.state()).isEqualTo("RUNNING");
        assertThat(s.reason()).isEmpty();
        assertThat(s.operation()).isEmpty();
        assertThat(s.endpoints()).isEqualTo(Map.of("peers", "10.0.0.1:31001,10.0.0.2:31001"));
        assertThat(s.pods()).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo("READY");
            assertThat(p.ready()).isTrue();
        });
    }

    @Test
    void aServiceThatWasUpOnceIsDegradedWithTheFirstUnreadyPodsReason() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.failed("node-1");
        var s = h.status();
        assertThat(s.state()).isEqualTo("DEGRADED");
        assertThat(s.reason()).isEqualTo("node-1: restarting in place after: exited with code 1 (restart 1)");
        var pod = s.pods().get(1);
        assertThat(pod.state()).isEqualTo("RESTARTING");
        assertThat(pod.ready()).isFalse();
        assertThat(pod.restarts()).isEqualTo(1);
        assertThat(pod.agentId()).isEqualTo("a2");
        assertThat(pod.host()).isEqualTo("10.0.0.2");
        assertThat(pod.ports()).isEqualTo(Map.of("client", 31000, "peer", 31001));
    }

    @Test
    void aRollingRestartShowsRestartingAndItsProgress() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.restart();
        var s = h.status();
        assertThat(s.state()).isEqualTo("RESTARTING");
        assertThat(s.operation()).isEqualTo("rolling restart: 2 pod(s) to go");
        assertThat(s.reason()).isEqualTo("node-0: stopping for a rolling restart");
    }
}
