package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The allocator's books for one agent: total = used + offered + free, kept incrementally. */
final class AgentState {

    final AgentId id;
    String host;
    Map<String, String> attributes;
    Resources total;
    Resources used = Resources.EMPTY;
    Resources free;
    /**
     * At most one. An agent is offered whole unless a role's limit or others' guarantees cap the
     * offer; the rest then waits until this offer is answered, which keeps one offer per agent.
     */
    OfferState offer;
    /** Insertion-ordered so that anything iterating it stays deterministic. */
    final Map<FrameworkState, Resources> usedBy = new LinkedHashMap<>();
    /**
     * Filters on this agent by framework. Kept on the agent rather than the framework because a
     * pass looks up many frameworks for one agent in a row, so this small map stays in cache.
     */
    final Map<FrameworkState, OfferFilter> filters = new HashMap<>();

    AgentState(AgentId id, String host, Resources total, Map<String, String> attributes) {
        this.id = id;
        this.host = host;
        this.total = total;
        this.attributes = attributes;
        this.free = total;
    }

    /**
     * Whether {@code fw} refuses an offer of {@code offerable} (its share of the free resources);
     * O(1). Drops an expired filter on the way so filters do not pile up.
     */
    boolean refusedBy(FrameworkState fw, Resources offerable, Instant now) {
        OfferFilter f = filters.get(fw);
        if (f == null) {
            return false;
        }
        if (f.expired(now)) {
            dropFilter(fw);
            return false;
        }
        return f.covers(offerable);
    }

    void filter(FrameworkState fw, OfferFilter f) {
        filters.put(fw, f);
        fw.filteredAgents.add(this);
    }

    void dropFilter(FrameworkState fw) {
        filters.remove(fw);
        fw.filteredAgents.remove(this);
    }

    void dropAllFilters() {
        for (FrameworkState fw : filters.keySet()) {
            fw.filteredAgents.remove(this);
        }
        filters.clear();
    }

    Resources offered() {
        return offer == null ? Resources.EMPTY : offer.offer.resources();
    }

    /** Re-registration; throws rather than let a shrunk agent hold more than it has. */
    void update(String newHost, Map<String, String> newAttributes, Resources newTotal) {
        Resources held = used.plus(offered());
        if (!newTotal.contains(held)) {
            throw new IllegalArgumentException("agent " + id + ": new total " + newTotal
                    + " cannot hold its used and offered " + held + " (short of "
                    + Shortfall.describe(newTotal, held) + "); rescind its offer or recover tasks first");
        }
        host = newHost;
        attributes = newAttributes;
        total = newTotal;
        refreshFree();
    }

    /** Usually the whole of what is free is offered; a capped offer leaves the rest free. */
    void offerOpened(OfferState s) {
        offer = s;
        Resources offered = s.offer.resources();
        free = offered == free ? Resources.EMPTY : free.minus(offered);
    }

    void offerClosed() {
        Resources offered = offer.offer.resources();
        offer = null;
        if (free.isEmpty()) {
            // Nothing is free beside the offer, so free is exactly the offer (total - used), and
            // reusing that very object lets a filter on it match by identity (OfferFilter#covers).
            free = offered;
        } else {
            refreshFree();
        }
    }

    void addUsed(FrameworkState fw, Resources r) {
        Resources before = usedBy.get(fw);
        if (before == null) {
            fw.agentsUsed++;
        }
        usedBy.put(fw, before == null ? r : before.plus(r));
        used = used.plus(r);
        refreshFree();
    }

    /** {@code r} must be part of what {@code fw} uses here. */
    void removeUsed(FrameworkState fw, Resources r) {
        Resources left = usedBy.get(fw).minus(r);
        if (left.isEmpty()) {
            usedBy.remove(fw);
            fw.agentsUsed--;
        } else {
            usedBy.put(fw, left);
        }
        used = used.minus(r);
        refreshFree();
    }

    void refreshFree() {
        free = total.minus(used).minus(offered());
    }
}
