package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceHealthTest {

    private static final HealthCheck HTTP = new HealthCheck(HealthCheck.Type.HTTP, "http", "/", List.of(),
            Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1), 3);

    @Test
    void failuresInTheGracePeriodDoNotCountUntilTheFirstPass() {
        InstanceHealth h = InstanceHealth.running(HTTP, 0);
        assertThat(h.checkDue(HTTP, 0)).isTrue();
        h = h.checkStarted(0).failed(HTTP, "connection refused", 1_000);
        assertThat(h.state()).isEqualTo(InstanceState.STARTING);
        assertThat(h.reason()).isEqualTo("in its grace period of 10 s: connection refused");
        assertThat(h.checkDue(HTTP, 1_999)).isFalse();
        assertThat(h.checkDue(HTTP, 2_000)).isTrue();

        h = h.failed(HTTP, "connection refused", 10_000);
        assertThat(h.state()).isEqualTo(InstanceState.UNHEALTHY);
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        assertThat(h.reason()).isEqualTo("health check failed 1 of 3 times in a row: connection refused");
    }

    @Test
    void afterItsFirstPassEveryFailureCountsAndMaxFailuresInARowReplaceIt() {
        InstanceHealth h = InstanceHealth.running(HTTP, 0).passed();
        assertThat(h.state()).isEqualTo(InstanceState.HEALTHY);
        h = h.failed(HTTP, "GET / answered 503", 3_000).failed(HTTP, "GET / answered 503", 5_000);
        assertThat(h.toReplace(HTTP)).isFalse();
        assertThat(h.passed().consecutiveFailures()).as("a pass breaks the row").isZero();
        h = h.failed(HTTP, "timed out after 1 s", 7_000);
        assertThat(h.state()).isEqualTo(InstanceState.UNHEALTHY);
        assertThat(h.toReplace(HTTP)).isTrue();
    }

    @Test
    void withoutAHealthCheckARunningInstanceIsHealthy() {
        InstanceHealth h = InstanceHealth.running(null, 0);
        assertThat(h.state()).isEqualTo(InstanceState.HEALTHY);
        assertThat(h.checkDue(null, 1_000_000)).isFalse();
        assertThat(h.toReplace(null)).isFalse();
    }

    @Test
    void restartsBackOffDoublingUpToTheMaximum() {
        Duration b = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        assertThat(RestartBackoff.delay(b, max, 0)).isZero();
        assertThat(RestartBackoff.delay(b, max, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RestartBackoff.delay(b, max, 3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RestartBackoff.delay(b, max, 7)).isEqualTo(max);
        assertThat(RestartBackoff.delay(b, max, 1_000)).isEqualTo(max);
    }
}
