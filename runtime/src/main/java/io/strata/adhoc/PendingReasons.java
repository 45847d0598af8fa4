package io.strata.adhoc;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;

/** Says, in a sentence, why a task that waits for resources cannot start yet. */
final class PendingReasons {

    private PendingReasons() {
    }

    static String reason(Resources wanted, ClusterState state) {
        if (state == null || state.agents().isEmpty()) {
            return "waiting for an agent to register";
        }
        ClusterState.AgentView biggest = null;
        ClusterState.AgentView mostFree = null;
        Resources mostFreeRes = null;
        for (ClusterState.AgentView a : state.agents()) {
            if (biggest == null || a.total().milliCpus() > biggest.total().milliCpus()
                    || a.total().milliCpus() == biggest.total().milliCpus() && a.total().memMb() > biggest.total().memMb()) {
                biggest = a;
            }
            Resources free = a.free();
            if (mostFreeRes == null || free.milliCpus() > mostFreeRes.milliCpus()
                    || free.milliCpus() == mostFreeRes.milliCpus() && free.memMb() > mostFreeRes.memMb()) {
                mostFree = a;
                mostFreeRes = free;
            }
        }
        boolean fitsSomewhere = false;
        for (ClusterState.AgentView a : state.agents()) {
            fitsSomewhere |= a.total().containsScalars(wanted);
        }
        if (!fitsSomewhere) {
            return "can never run: needs " + wanted.inWords() + " but the largest agent (" + biggest.id()
                    + ") has " + biggest.total().inWords() + " in all";
        }
        String missing = mostFreeRes.shortfall(wanted);
        if (missing.isEmpty()) {
            return "waiting for an offer (" + wanted.inWords() + " is free on " + mostFree.id() + ")";
        }
        return "waiting for " + missing + ": the agent with most free resources (" + mostFree.id() + ") has "
                + mostFreeRes.inWords() + " free";
    }
}
