package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recomputes the allocator's incremental books from scratch and compares. Slow on purpose; it is
 * what property tests run after every step. Messages are built only on failure, since formatting
 * resources would otherwise cost more than the checks.
 */
final class AllocatorInvariants {

    private AllocatorInvariants() {
    }

    static void verify(Map<AgentId, AgentState> agents, Map<FrameworkId, FrameworkState> frameworks,
                       OfferBook offers, ScalarSum clusterTotal) {
        ScalarSum totals = new ScalarSum();
        Map<FrameworkState, ScalarSum> allocated = new HashMap<>();
        Map<FrameworkState, Integer> agentsUsed = new HashMap<>();
        int agentsWithOffer = 0;
        for (AgentState a : agents.values()) {
            totals.add(a.total);
            Resources usedSum = Resources.EMPTY;
            long usedPorts = 0;
            for (Map.Entry<FrameworkState, Resources> e : a.usedBy.entrySet()) {
                FrameworkState fw = e.getKey();
                check(!e.getValue().isEmpty(), () -> "agent " + a.id + " keeps an empty entry for " + fw.id);
                check(frameworks.get(fw.id) == fw, () -> "agent " + a.id + " is used by forgotten " + fw.id);
                usedSum = usedSum.plus(e.getValue());
                usedPorts += e.getValue().ports().count();
                allocated.computeIfAbsent(fw, k -> new ScalarSum()).add(e.getValue());
                agentsUsed.merge(fw, 1, Integer::sum);
            }
            int covering = 0;
            int coveringWanted = 0;
            for (Map.Entry<FrameworkState, OfferFilter> e : a.filters.entrySet()) {
                FrameworkState fw = e.getKey();
                check(frameworks.get(fw.id) == fw && fw.filteredAgents.contains(a),
                        () -> "agent " + a.id + " keeps a filter of " + fw.id + " that the framework forgot");
                boolean covers = a.refusingFor != null && e.getValue().covers(a.refusingFor);
                check(a.refuses(fw) == covers, () -> "agent " + a.id + " refusal bit of " + fw.id + " is wrong");
                covering += covers ? 1 : 0;
                coveringWanted += covers && fw.wantsOffers() ? 1 : 0;
                check(!a.earliestFilterExpiry.isAfter(e.getValue().expiresAt()),
                        () -> "agent " + a.id + " tracks a later expiry than its filter of " + fw.id);
            }
            int bits = covering;
            int wanted = coveringWanted;
            check(a.refusingBits() == bits, () -> "agent " + a.id + " has refusal bits without filters");
            check(a.refusingWanted == wanted, () -> "agent " + a.id + " counts " + a.refusingWanted
                    + " refusing frameworks wanting offers, not " + wanted);
            Resources used = usedSum;
            Resources offered = a.offered();
            check(used.equals(a.used), () -> "agent " + a.id + " used " + a.used + " but its tasks hold " + used);
            check(usedPorts == used.ports().count(), () -> "agent " + a.id + " has a port used twice");
            check(a.total.contains(used.plus(offered)), () -> "agent " + a.id + " over-allocated: total "
                    + a.total + ", used " + used + ", offered " + offered);
            check(used.ports().minus(offered.ports()).equals(used.ports()),
                    () -> "agent " + a.id + " offers a used port");
            check(a.free.equals(a.total.minus(used).minus(offered)),
                    () -> "agent " + a.id + " free " + a.free + " is not total - used - offered");
            if (a.offer != null) {
                agentsWithOffer++;
                OfferState s = a.offer;
                check(s.agent == a && offers.get(s.offer.id()) == s, () -> "agent " + a.id + " offer not booked");
                check(s.framework.offers.contains(s), () -> "offer " + s.offer.id() + " unknown to its framework");
                check(s.framework.registered && s.framework.active,
                        () -> "offer " + s.offer.id() + " held by an inactive framework");
                check(frameworks.get(s.framework.id) == s.framework,
                        () -> "offer " + s.offer.id() + " held by a forgotten framework");
                allocated.computeIfAbsent(s.framework, k -> new ScalarSum()).add(offered);
            }
        }
        check(totals.sameAs(clusterTotal), () -> "cluster total " + clusterTotal + " but agents sum to " + totals);
        check(offers.size() == agentsWithOffer, () -> "offer book holds offers no agent knows");
        for (OfferState s : offers.all()) {
            check(agents.get(s.agent.id) == s.agent && s.agent.offer == s,
                    () -> "offer " + s.offer.id() + " is on a removed agent or not its agent's offer");
        }
        for (FrameworkState fw : frameworks.values()) {
            ScalarSum expected = allocated.getOrDefault(fw, new ScalarSum());
            check(fw.allocated.sameAs(expected),
                    () -> "framework " + fw.id + " allocated " + fw.allocated + " but holds " + expected);
            check(fw.agentsUsed == agentsUsed.getOrDefault(fw, 0), () -> "framework " + fw.id + " agent count off");
            check(fw.refusalsCounted == fw.wantsOffers(), () -> "framework " + fw.id + " refusals miscounted");
            check(!fw.forgettable(), () -> "framework " + fw.id + " should have been forgotten");
            for (AgentState a : fw.filteredAgents) {
                check(agents.get(a.id) == a, () -> "framework " + fw.id + " filters removed agent " + a.id);
                check(a.filters.containsKey(fw), () -> "framework " + fw.id + " lost its filter on " + a.id);
            }
            for (OfferState s : fw.offers) {
                check(s.framework == fw && offers.get(s.offer.id()) == s,
                        () -> "framework " + fw.id + " holds closed offer " + s.offer.id());
            }
        }
    }

    static void check(boolean ok, Supplier<String> what) {
        if (!ok) {
            throw new IllegalStateException("allocator invariant broken: " + what.get());
        }
    }
}
