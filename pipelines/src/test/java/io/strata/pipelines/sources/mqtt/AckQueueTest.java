package io.strata.pipelines.sources.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AckQueueTest {

    @Test
    void aLaterKafkaAckWaitsForTheEarlierPublish() {
        AckQueue q = new AckQueue();
        AckQueue.Slot a = q.add(7);
        AckQueue.Slot b = q.add(8);
        AckQueue.Slot c = q.add(9);
        assertThat(q.complete(c)).isEmpty();
        assertThat(q.complete(b)).isEmpty();
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.complete(a)).containsExactly(7, 8, 9);
        assertThat(q.size()).isZero();
    }

    @Test
    void anyCompletionOrderReleasesEveryIdOnceInArrivalOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            AckQueue q = new AckQueue();
            int n = 1 + random.nextInt(50);
            List<AckQueue.Slot> slots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                slots.add(q.add(i + 1));
            }
            Collections.shuffle(slots, random);
            List<Integer> released = new ArrayList<>();
            for (AckQueue.Slot s : slots) {
                released.addAll(q.complete(s));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i + 1);
            }
            assertThat(released).as("round %d", round).isEqualTo(expected);
            assertThat(q.size()).isZero();
        }
    }
}
