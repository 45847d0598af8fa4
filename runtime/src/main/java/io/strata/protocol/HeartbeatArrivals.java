package io.strata.protocol;

import io.strata.resources.AgentId;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When heartbeats reached this JVM, for measuring how long the master took to process them
 * (arrival to processed, {@link HeartbeatLags}) apart from how long they took to get here. Off
 * unless {@link #enable}d (the heartbeat bench enables it in the master's JVM); then every
 * {@link MasterCommand.AgentHeartbeat} that carries a send time notes its arrival as it is
 * constructed, which in the master's JVM is when it is deserialised off the wire, and the master
 * {@link #take}s it when it processes the heartbeat. Each agent keeps its last {@link #KEPT}
 * arrivals (allocated once per agent), so an arrival is found while fewer than that many later
 * heartbeats of the same agent have arrived.
 */
public final class HeartbeatArrivals {

    public static final int KEPT = 8;

    private static volatile Clock clock;
    private static final ConcurrentHashMap<AgentId, Ring> RINGS = new ConcurrentHashMap<>();

    private HeartbeatArrivals() {
    }

    /** Starts noting arrivals by {@code arrivalClock} (the master's wall clock); forgets earlier ones. */
    public static void enable(Clock arrivalClock) {
        RINGS.clear();
        clock = arrivalClock;
    }

    /** Stops noting arrivals and forgets them. */
    public static void disable() {
        clock = null;
        RINGS.clear();
    }

    /** Notes that the heartbeat {@code agent} sent at {@code sentAtMillis} has arrived; nothing when off. */
    public static void arrived(AgentId agent, long sentAtMillis) {
        Clock c = clock;
        if (c == null || agent == null) {
            return;
        }
        RINGS.computeIfAbsent(agent, a -> new Ring()).put(sentAtMillis, c.millis());
    }

    /**
     * The arrival time (wall clock, ms) of the heartbeat {@code agent} sent at {@code sentAtMillis},
     * forgotten once taken; -1 when off or not noted (or pushed out by {@value #KEPT} later ones).
     */
    public static long take(AgentId agent, long sentAtMillis) {
        if (clock == null) {
            return -1;
        }
        Ring r = RINGS.get(agent);
        return r == null ? -1 : r.take(sentAtMillis);
    }

    /** One agent's last arrivals: (sent, arrived) pairs, oldest overwritten first. */
    private static final class Ring {
        private final long[] sent = new long[KEPT];
        private final long[] arrivedAt = new long[KEPT];
        private int next;

        Ring() {
            java.util.Arrays.fill(arrivedAt, -1);
        }

        synchronized void put(long sentAtMillis, long arrivedAtMillis) {
            sent[next] = sentAtMillis;
            arrivedAt[next] = arrivedAtMillis;
            next = (next + 1) % KEPT;
        }

        synchronized long take(long sentAtMillis) {
            for (int i = 0; i < KEPT; i++) {
                if (arrivedAt[i] >= 0 && sent[i] == sentAtMillis) {
                    long at = arrivedAt[i];
                    arrivedAt[i] = -1;
                    return at;
                }
            }
            return -1;
        }
    }
}
