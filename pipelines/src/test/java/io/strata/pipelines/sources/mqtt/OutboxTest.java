package io.strata.pipelines.sources.mqtt;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {

    @Test
    void theWindowLimitsMessagesInFlight() {
        Outbox o = new Outbox(10, 3);
        Outbox.Send a = o.next();
        o.next();
        o.next();
        assertThat(o.next()).as("window of 3 is full").isNull();
        assertThat(o.ack(a.packetId())).hasValue(0);
        assertThat(o.next().seq()).isEqualTo(3);
    }

    @Test
    void afterAReconnectEveryUnackedMessageIsSentAgainOldestFirst() {
        Outbox o = new Outbox(5, 5);
        Outbox.Send s0 = o.next();
        Outbox.Send s1 = o.next();
        Outbox.Send s2 = o.next();
        o.ack(s1.packetId());
        assertThat(o.resend()).containsExactly(new Outbox.Send(s0.packetId(), 0, true), new Outbox.Send(s2.packetId(), 2, true));
        assertThat(o.ack(s1.packetId())).as("a second PUBACK for the same id counts nothing").isEmpty();
        assertThat(o.acked()).isEqualTo(1);
    }

    @Test
    void packetIdsWrapAroundAndNeverCollideWithOnesInFlight() {
        Outbox o = new Outbox(200_000, 2);
        Outbox.Send stuck = o.next();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 150_000; i++) {
            Outbox.Send s = o.next();
            assertThat(s.packetId()).isBetween(1, 65535).isNotEqualTo(stuck.packetId());
            seen.add(s.packetId());
            o.ack(s.packetId());
        }
        assertThat(seen).hasSize(65534);
        assertThat(o.done()).isFalse();
    }

    @Test
    void doneOnlyWhenEveryMessageIsAcknowledged() {
        Outbox o = new Outbox(2, 10);
        Outbox.Send a = o.next();
        Outbox.Send b = o.next();
        assertThat(o.next()).isNull();
        o.ack(b.packetId());
        assertThat(o.done()).isFalse();
        o.ack(a.packetId());
        assertThat(o.done()).isTrue();
    }

    @Test
    void paceAllowsRateTimesElapsedPlusOne() {
        Pace p = new Pace(100);
        assertThat(p.allowed(0)).isEqualTo(1);
        assertThat(p.allowed(1_000_000_000L)).isEqualTo(101);
        assertThat(p.allowed(15_000_000L)).isEqualTo(2);
        assertThat(new Pace(0).allowed(123)).isEqualTo(Long.MAX_VALUE);
    }
}
