package io.strata.master;

import io.strata.protocol.ClusterState;

/** The allocation counters of this master incarnation, shown to operators. */
final class AllocationCounters {

    private long rounds;
    private long offersMade;
    private long offersDeclined;
    private long offersRescinded;
    private double lastRoundMillis;
    private double maxRoundMillis;
    private double totalRoundMillis;

    void round(double millis, int offers) {
        rounds++;
        lastRoundMillis = millis;
        maxRoundMillis = Math.max(maxRoundMillis, millis);
        totalRoundMillis += millis;
        offersMade += offers;
    }

    void declined() {
        offersDeclined++;
    }

    void rescinded() {
        offersRescinded++;
    }

    ClusterState.AllocationStats view() {
        return new ClusterState.AllocationStats(rounds, offersMade, offersDeclined, offersRescinded,
                lastRoundMillis, maxRoundMillis, totalRoundMillis);
    }
}
