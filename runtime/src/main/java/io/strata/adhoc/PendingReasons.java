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
            Resources free = free(a);
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
            return "can never run: needs " + describe(wanted) + " but the largest agent (" + biggest.id()
                    + ") has " + describe(biggest.total()) + " in all";
        }
        String missing = mostFreeRes.shortfall(wanted);
        if (missing.isEmpty()) {
            return "waiting for an offer (" + describe(wanted) + " is free on " + mostFree.id() + ")";
        }
        return "waiting for " + missing + ": the agent with most free resources (" + mostFree.id() + ") has "
                + describe(mostFreeRes) + " free";
    }

    private static Resources free(ClusterState.AgentView a) {
        Resources taken = a.used().plus(a.offered());
        return new Resources(Math.max(0, a.total().milliCpus() - taken.milliCpus()),
                Math.max(0, a.total().memMb() - taken.memMb()), Math.max(0, a.total().diskMb() - taken.diskMb()),
                a.total().ports().minus(taken.ports()));
    }

    static String describe(Resources r) {
        String s = Resources.formatCpus(r.milliCpus()) + " cpus, " + r.memMb() + " MB mem";
        return r.diskMb() > 0 ? s + ", " + r.diskMb() + " MB disk" : s;
    }
}
