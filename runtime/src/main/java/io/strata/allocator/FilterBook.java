package io.strata.allocator;

import io.strata.resources.Resources;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decline filters (Mesos semantics, see {@link OfferFilter}) and what makes them cheap to apply.
 * Each agent keeps its filters by framework, plus a bit set over dense framework indices of the
 * filters that cover its current free resources, and how many of those belong to frameworks that
 * want offers: when that count equals the number of frameworks wanting offers nobody would take
 * the agent, so a pass skips it in O(1) (see {@link AgentState#refusing}).
 *
 * <p>Expiry is tracked per agent by its earliest filter deadline, in a set ordered by it, so
 * expiring looks only at agents with a filter due; a pass expires before it looks at any agent,
 * so every filter it sees is live.
 */
final class FilterBook {

    private final TreeSet<AgentState> byEarliestExpiry = new TreeSet<>(
            Comparator.comparing((AgentState a) -> a.earliestFilterExpiry).thenComparing(a -> a.id));

    /** {@code fw} refuses {@code a} as {@code f} says, replacing any filter it had there. */
    void add(AgentState a, FrameworkState fw, OfferFilter f) {
        if (a.filters.put(fw, f) == null) {
            fw.filteredAgents.add(a);
        }
        a.setRefusing(fw, a.refusingFor != null && f.covers(a.refusingFor));
        if (f.expiresAt().isBefore(a.earliestFilterExpiry)) {
            untrack(a);
            a.earliestFilterExpiry = f.expiresAt();
            byEarliestExpiry.add(a);
        }
    }

    /** An agent leaves: its filters go. */
    void dropAll(AgentState a) {
        for (FrameworkState fw : a.filters.keySet()) {
            fw.filteredAgents.remove(a);
            a.setRefusing(fw, false);
        }
        a.filters.clear();
        untrack(a);
    }

    /** A framework revives or leaves: all its filters go, in O(its filters). */
    void clear(FrameworkState fw) {
        for (AgentState a : fw.filteredAgents) {
            a.filters.remove(fw);
            a.setRefusing(fw, false);
        }
        fw.filteredAgents.clear();
    }

    /** Drops every filter due at {@code now}, looking only at agents holding one. */
    void expire(Instant now) {
        while (!byEarliestExpiry.isEmpty() && !now.isBefore(byEarliestExpiry.first().earliestFilterExpiry)) {
            AgentState a = byEarliestExpiry.pollFirst();
            Instant earliest = Instant.MAX;
            for (Iterator<Map.Entry<FrameworkState, OfferFilter>> it = a.filters.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<FrameworkState, OfferFilter> e = it.next();
                if (e.getValue().expired(now)) {
                    it.remove();
                    e.getKey().filteredAgents.remove(a);
                    a.setRefusing(e.getKey(), false);
                } else if (e.getValue().expiresAt().isBefore(earliest)) {
                    earliest = e.getValue().expiresAt();
                }
            }
            a.earliestFilterExpiry = earliest;
            if (earliest != Instant.MAX) {
                byEarliestExpiry.add(a);
            }
        }
    }

    /**
     * Counts or stops counting {@code fw}'s refusals on every agent after it started or stopped
     * wanting offers; O(its filters), and only when that changed.
     */
    void syncWanting(FrameworkState fw) {
        boolean wants = fw.wantsOffers();
        if (wants == fw.refusalsCounted) {
            return;
        }
        fw.refusalsCounted = wants;
        for (AgentState a : fw.filteredAgents) {
            if (a.refuses(fw)) {
                a.refusingWanted += wants ? 1 : -1;
            }
        }
    }

    /** Brings the agent's refusal bits up to its free resources; O(its filters) when they changed. */
    void refresh(AgentState a) {
        if (a.refusingFor == a.free) {
            return;
        }
        a.clearRefusing();
        a.refusingFor = a.free;
        for (Map.Entry<FrameworkState, OfferFilter> e : a.filters.entrySet()) {
            if (e.getValue().covers(a.free)) {
                a.setRefusing(e.getKey(), true);
            }
        }
    }

    /**
     * Whether {@code fw} refuses {@code offerable}, part or all of the agent's free resources
     * (bits current, filters live). A filter covering all that is free covers any part of it, so
     * the bit answers; only a capped offer needs the filter itself.
     */
    static boolean refuses(AgentState a, FrameworkState fw, Resources offerable) {
        if (a.refuses(fw)) {
            return true;
        }
        if (offerable == a.free || a.filters.isEmpty()) {
            return false;
        }
        OfferFilter f = a.filters.get(fw);
        return f != null && f.covers(offerable);
    }

    private void untrack(AgentState a) {
        if (a.earliestFilterExpiry != Instant.MAX) {
            byEarliestExpiry.remove(a);
            a.earliestFilterExpiry = Instant.MAX;
        }
    }
}
