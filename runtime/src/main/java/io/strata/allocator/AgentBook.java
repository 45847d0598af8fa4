package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agents the allocator knows, by id, and the cluster total they sum to. Sorted so a pass
 * visits agents in the same order every time.
 */
final class AgentBook {

    private final TreeMap<AgentId, AgentState> byId = new TreeMap<>();
    private final ScalarSum clusterTotal;
    private final ShareOrder order;

    AgentBook(ScalarSum clusterTotal, ShareOrder order) {
        this.clusterTotal = clusterTotal;
        this.order = order;
    }

    /** Adds an agent, or updates one; a new total must still hold what is used and offered there. */
    void add(AgentId id, String host, Resources total, Map<String, String> attributes) {
        AgentState a = byId.get(id);
        if (a == null) {
            byId.put(id, new AgentState(id, host, total, attributes));
        } else {
            Resources before = a.total;
            a.update(host, attributes, total);
            clusterTotal.subtract(before);
        }
        clusterTotal.add(total);
        order.clusterTotalChanged();
    }

    /** Takes the agent out of the books and its total out of the cluster's; null if unknown. */
    AgentState remove(AgentId id) {
        AgentState a = byId.remove(id);
        if (a != null) {
            clusterTotal.subtract(a.total);
            order.clusterTotalChanged();
        }
        return a;
    }

    AgentState get(AgentId id) {
        return byId.get(id);
    }

    Collection<AgentState> inOrder() {
        return byId.values();
    }

    Map<AgentId, AgentState> byId() {
        return byId;
    }

    /** The agent with the most free cpus (then most free memory, then lowest id). */
    Optional<AgentId> largestFree() {
        AgentState best = null;
        for (AgentState a : byId.values()) {
            if (best == null || a.free.milliCpus() > best.free.milliCpus()
                    || (a.free.milliCpus() == best.free.milliCpus() && a.free.memMb() > best.free.memMb())) {
                best = a;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.id);
    }
}
