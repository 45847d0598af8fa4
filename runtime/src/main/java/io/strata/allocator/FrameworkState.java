package io.strata.allocator;

import io.strata.resources.FrameworkId;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The allocator's books for one framework. An entry also exists for a framework that is not
 * registered (yet, or any more) while it still uses resources, so that its share counts.
 */
final class FrameworkState {

    /** Lowest dominant share first; the id breaks ties so the order is total and deterministic. */
    static final Comparator<FrameworkState> BY_SHARE = (a, b) -> {
        int c = Double.compare(a.share, b.share);
        return c != 0 ? c : a.id.compareTo(b.id);
    };

    final FrameworkId id;
    /** Dense among the frameworks the allocator knows, reused once forgotten: a bit in agents' refusal sets. */
    final int index;
    RoleState role;
    boolean registered;
    boolean active;
    boolean suppressed;
    /** Whether it sits in its role's queue; maintained by {@link ShareOrder} only. */
    boolean queued;
    /** Used + offered, over all agents. */
    final ScalarSum allocated = new ScalarSum();
    /** The sort key in its role's queue; changed by {@link ShareOrder} only, while dequeued. */
    double share;
    /** The agents holding a filter of this framework, so revive can clear them in O(own filters). */
    final Set<AgentState> filteredAgents = new HashSet<>();
    final Set<OfferState> offers = new LinkedHashSet<>();
    /** Whether agents count its refusals in {@link AgentState#refusingWanted}; follows wantsOffers. */
    boolean refusalsCounted;
    /** How many agents have a usedBy entry for this framework. */
    int agentsUsed;

    FrameworkState(FrameworkId id, int index, RoleState role) {
        this.id = id;
        this.index = index;
        this.role = role;
    }

    boolean wantsOffers() {
        return registered && active && !suppressed;
    }

    /** Nothing left to remember once it is unregistered and holds nothing. */
    boolean forgettable() {
        return !registered && agentsUsed == 0 && offers.isEmpty();
    }
}
