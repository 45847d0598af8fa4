package io.strata.spark;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;

/** Whether a task of some size could ever run: some agent must be at least that big in all. */
final class PoolFit {

    private PoolFit() {
    }

    /** A sentence saying why {@code what} can never run, or null when it can (or nothing is known yet). */
    static String neverFits(String what, Resources wanted, ClusterState state) {
        if (state == null || state.agents().isEmpty()) {
            return null;
        }
        ClusterState.AgentView largest = null;
        for (ClusterState.AgentView a : state.agents()) {
            if (a.total().containsScalars(wanted)) {
                return null;
            }
            if (largest == null || a.total().milliCpus() > largest.total().milliCpus()
                    || a.total().milliCpus() == largest.total().milliCpus() && a.total().memMb() > largest.total().memMb()) {
                largest = a;
            }
        }
        return what + " needs " + DriverQueue.describe(wanted) + " but the largest agent (" + largest.id().value()
                + ") has " + DriverQueue.describe(largest.total()) + " in all; ask for less (e.g. --executor-memory, "
                + "--driver-memory, spark.strata.executor.cpus)";
    }
}
