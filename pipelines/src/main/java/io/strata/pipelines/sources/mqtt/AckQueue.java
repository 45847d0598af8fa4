package io.strata.pipelines.sources.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The QoS 1 publishes of one connection in arrival order. Kafka may acknowledge them out of order
 * (different partitions); {@link #complete} releases packet ids only from the head, so PUBACKs go
 * out in the order the publishes came in (MQTT 3.1.1, 4.6). Single-threaded: the connection's
 * event loop owns it.
 */
final class AckQueue {

    /** One publish waiting for Kafka; the caller keeps it as the handle to complete. */
    static final class Slot {
        private final int packetId;
        private boolean done;

        private Slot(int packetId) {
            this.packetId = packetId;
        }
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>();

    Slot add(int packetId) {
        Slot s = new Slot(packetId);
        slots.addLast(s);
        return s;
    }

    /** Marks {@code slot} acknowledged by Kafka; returns the packet ids to PUBACK now, in order. */
    List<Integer> complete(Slot slot) {
        slot.done = true;
        List<Integer> released = new ArrayList<>();
        while (!slots.isEmpty() && slots.peekFirst().done) {
            released.add(slots.removeFirst().packetId);
        }
        return released;
    }

    /** Publishes not yet PUBACKed (waiting for Kafka or for an earlier one). */
    int size() {
        return slots.size();
    }
}
