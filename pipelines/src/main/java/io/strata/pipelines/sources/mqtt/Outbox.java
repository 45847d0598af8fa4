package io.strata.pipelines.sources.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One device's messages: sequence numbers 0..messages-1, at most {@code maxInflight} sent but not
 * acknowledged, each under a packet id (1..65535, never two in flight at once). After a reconnect
 * every un-acknowledged message is sent again, oldest first. Single-threaded, no I/O.
 */
final class Outbox {

    /** A publish to write: its packet id, the message's sequence number, and whether it is a re-send. */
    record Send(int packetId, int seq, boolean dup) {
    }

    private final int messages;
    private final int maxInflight;
    private final Map<Integer, Integer> unacked = new LinkedHashMap<>();
    private int nextSeq;
    private int nextPacketId = 1;
    private int acked;

    Outbox(int messages, int maxInflight) {
        this.messages = messages;
        this.maxInflight = maxInflight;
    }

    /** The next new message, when there is one and the window has room. */
    Send next() {
        if (nextSeq >= messages || unacked.size() >= maxInflight) {
            return null;
        }
        while (unacked.containsKey(nextPacketId)) {
            nextPacketId = nextPacketId % 65535 + 1;
        }
        Send s = new Send(nextPacketId, nextSeq++, false);
        unacked.put(s.packetId(), s.seq());
        nextPacketId = nextPacketId % 65535 + 1;
        return s;
    }

    /** Every message sent but not acknowledged, oldest first, marked as re-sends. */
    List<Send> resend() {
        List<Send> all = new ArrayList<>();
        unacked.forEach((id, seq) -> all.add(new Send(id, seq, true)));
        return all;
    }

    /** The sequence number the packet id stood for, or empty for an unknown (already acked) id. */
    OptionalInt ack(int packetId) {
        Integer seq = unacked.remove(packetId);
        if (seq == null) {
            return OptionalInt.empty();
        }
        acked++;
        return OptionalInt.of(seq);
    }

    /** New messages handed out so far (for pacing). */
    int started() {
        return nextSeq;
    }

    int acked() {
        return acked;
    }

    boolean done() {
        return acked == messages;
    }
}
