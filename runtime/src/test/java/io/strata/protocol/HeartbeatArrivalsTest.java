package io.strata.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Arrivals are noted by the injected clock per agent and send time, taken once, and only while enabled. */
class HeartbeatArrivalsTest {

    private static final AgentId A = AgentId.of("a");
    private static final AgentId B = AgentId.of("b");

    @AfterEach
    void off() {
        HeartbeatArrivals.disable();
    }

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void anArrivalIsFoundByAgentAndSendTimeOnce() {
        HeartbeatArrivals.enable(at(1_000));
        HeartbeatArrivals.arrived(A, 900);
        HeartbeatArrivals.arrived(B, 950);

        assertThat(HeartbeatArrivals.take(B, 900)).isEqualTo(-1);
        assertThat(HeartbeatArrivals.take(A, 950)).isEqualTo(-1);
        assertThat(HeartbeatArrivals.take(A, 900)).isEqualTo(1_000);
        assertThat(HeartbeatArrivals.take(A, 900)).isEqualTo(-1);
        assertThat(HeartbeatArrivals.take(B, 950)).isEqualTo(1_000);
    }

    @Test
    void enablingAgainForgetsEarlierArrivals() {
        HeartbeatArrivals.enable(at(1_000));
        HeartbeatArrivals.arrived(A, 900);
        HeartbeatArrivals.enable(at(2_000));
        assertThat(HeartbeatArrivals.take(A, 900)).isEqualTo(-1);
        HeartbeatArrivals.arrived(A, 1_900);
        assertThat(HeartbeatArrivals.take(A, 1_900)).isEqualTo(2_000);
    }

    @Test
    void olderArrivalsArePushedOutByLaterOnes() {
        HeartbeatArrivals.enable(at(5_000));
        for (long sent = 0; sent <= HeartbeatArrivals.KEPT; sent++) {
            HeartbeatArrivals.arrived(A, sent);
        }
        assertThat(HeartbeatArrivals.take(A, 0)).isEqualTo(-1);
        assertThat(HeartbeatArrivals.take(A, 1)).isEqualTo(5_000);
        assertThat(HeartbeatArrivals.take(A, HeartbeatArrivals.KEPT)).isEqualTo(5_000);
    }

    @Test
    void nothingIsNotedWhileDisabled() {
        HeartbeatArrivals.arrived(A, 100);
        assertThat(HeartbeatArrivals.take(A, 100)).isEqualTo(-1);
        HeartbeatArrivals.enable(at(200));
        assertThat(HeartbeatArrivals.take(A, 100)).isEqualTo(-1);
        HeartbeatArrivals.arrived(A, 100);
        HeartbeatArrivals.disable();
        assertThat(HeartbeatArrivals.take(A, 100)).isEqualTo(-1);
    }
}
