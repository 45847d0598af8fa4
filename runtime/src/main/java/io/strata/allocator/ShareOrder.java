package io.strata.allocator;

import static io.strata.allocator.AllocatorInvariants.check;

import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Hierarchical DRF order, kept sorted incrementally: roles by weighted dominant share, and in each
 * role its frameworks that want offers by dominant share. A change of one framework's allocation
 * repositions that framework and its role in O(log n); nothing is re-sorted per offer.
 *
 * <p>Keys live in the elements, so an element is always taken out of its tree before its key
 * changes and put back after; otherwise the tree could no longer find it. When the cluster total
 * changes every share changes at once; rather than re-sorting per added agent (10,000 agents
 * register at start-up), the order is marked stale and rebuilt before the next pass.
 */
final class ShareOrder {

    /** A framework and what of the agent to offer it. */
    record Choice(FrameworkState framework, Resources resources) {
    }

    private final ScalarSum clusterTotal;
    private final Quotas quotas;
    private final Map<String, RoleState> roles = new HashMap<>();
    /** Exactly the roles whose queue is not empty. */
    private final TreeSet<RoleState> queue = new TreeSet<>(RoleState.BY_WEIGHTED_SHARE);
    private boolean stale;
    private int wanting;
    /** The frameworks wanting offers by dense index, as bits and as entries, for {@link #leastShareNotRefusing}. */
    private long[] wantingBits = new long[0];
    private FrameworkState[] wantingByIndex = new FrameworkState[0];
    /**
     * The same frameworks' shares and id ranks by dense index, so {@link #leastShareNotRefusing}
     * compares array entries instead of chasing each framework and comparing its id string.
     */
    private final WantingRanks ranks = new WantingRanks();
    /** Scratch list for the first stage of {@link #pick}, kept to spare an allocation per agent. */
    private final List<RoleState> belowGuarantee = new ArrayList<>();

    ShareOrder(ScalarSum clusterTotal, AllocatorConfig config) {
        this.clusterTotal = clusterTotal;
        this.quotas = new Quotas(clusterTotal, config);
    }

    RoleState role(String name) {
        return roles.computeIfAbsent(name, RoleState::new);
    }

    /** The role if it was ever named, else null. */
    RoleState existingRole(String name) {
        return roles.get(name);
    }

    /** Weight, guarantee and limit of a role; guarantee and limit scalars only, 0 meaning none. */
    void setQuota(String roleName, double weight, Resources guarantee, Resources limit) {
        RoleState r = role(roleName);
        quotas.set(r, guarantee, limit);
        setWeight(roleName, weight);
    }

    void setWeight(String roleName, double weight) {
        RoleState r = role(roleName);
        boolean queued = queue.remove(r);
        r.weight = weight;
        r.weightedShare = weightedShare(r);
        if (queued) {
            queue.add(r);
        }
    }

    void clusterTotalChanged() {
        stale = true;
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) resources allocated to {@code fw}. */
    void charge(FrameworkState fw, Resources r, int sign) {
        RoleState role = fw.role;
        boolean fwQueued = fw.queued;
        boolean roleQueued = !role.queue.isEmpty();
        if (fwQueued) {
            role.queue.remove(fw);
        }
        if (roleQueued) {
            queue.remove(role);
        }
        quotas.beforeCharge(role);
        if (sign > 0) {
            fw.allocated.add(r);
            role.allocated.add(r);
        } else {
            fw.allocated.subtract(r);
            role.allocated.subtract(r);
        }
        quotas.charged(r, sign);
        quotas.afterCharge(role);
        fw.share = fw.allocated.dominantShareOf(clusterTotal);
        role.weightedShare = weightedShare(role);
        if (fwQueued) {
            role.queue.add(fw);
            ranks.shareChanged(fw);
        }
        if (roleQueued) {
            queue.add(role);
        }
    }

    /** Moves a framework, with its allocation, to another role. */
    void moveToRole(FrameworkState fw, RoleState to) {
        boolean wasQueued = fw.queued;
        if (wasQueued) {
            dequeue(fw);
        }
        RoleState from = fw.role;
        boolean fromQueued = queue.remove(from);
        quotas.beforeCharge(from);
        from.allocated.add(fw.allocated, -1);
        quotas.afterCharge(from);
        from.weightedShare = weightedShare(from);
        if (fromQueued) {
            queue.add(from);
        }
        boolean toQueued = queue.remove(to);
        quotas.beforeCharge(to);
        to.allocated.add(fw.allocated, 1);
        quotas.afterCharge(to);
        to.weightedShare = weightedShare(to);
        if (toQueued) {
            queue.add(to);
        }
        fw.role = to;
        if (wasQueued) {
            enqueue(fw);
        }
    }

    /** Puts a framework in or takes it out of the order after its flags changed. */
    void sync(FrameworkState fw) {
        if (fw.wantsOffers() && !fw.queued) {
            enqueue(fw);
        } else if (!fw.wantsOffers() && fw.queued) {
            dequeue(fw);
        }
    }

    /**
     * Whom to offer {@code agent} to, and how much of it: first the roles below their guarantee,
     * then every role, each in weighted-share order, then its lowest framework not refusing what
     * the role may be offered ({@link Quotas#offerable}). Null when nobody gets it.
     */
    Choice pick(AgentState agent) {
        if (quotas.headroomNeeded()) {
            belowGuarantee.clear();
            for (RoleState role : quotas.guaranteed) {
                if (!role.queue.isEmpty() && role.belowGuarantee()) {
                    belowGuarantee.add(role);
                }
            }
            belowGuarantee.sort(RoleState.BY_WEIGHTED_SHARE);
            for (RoleState role : belowGuarantee) {
                Choice c = pickIn(role, agent);
                if (c != null) {
                    return c;
                }
            }
        }
        for (RoleState role : queue) {
            Choice c = pickIn(role, agent);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private Choice pickIn(RoleState role, AgentState agent) {
        Resources offerable = quotas.offerable(role, agent.free);
        if (offerable == null) {
            return null;
        }
        if (queue.size() == 1 && offerable == agent.free && agent.refusingWanted * 2 > wanting) {
            FrameworkState fw = leastShareNotRefusing(agent);
            return fw == null ? null : new Choice(fw, offerable);
        }
        for (FrameworkState fw : role.queue) {
            if (!FilterBook.refuses(agent, fw, offerable)) {
                return new Choice(fw, offerable);
            }
        }
        return null;
    }

    /**
     * With one role and the whole of the agent on offer, the first framework of the role's order
     * that does not refuse the agent is the least by share among those whose refusal bit is clear.
     * Found from the bits when most refuse, so a pass pays min(refusing, not refusing) per agent
     * rather than a walk past every refuser.
     */
    private FrameworkState leastShareNotRefusing(AgentState agent) {
        ranks.refresh(wantingByIndex);
        int best = ranks.leastNotRefusing(wantingBits, agent);
        return best < 0 ? null : wantingByIndex[best];
    }

    boolean nobodyWantsOffers() {
        return queue.isEmpty();
    }

    /** How many frameworks want offers (sit in a role's queue). */
    int wantingCount() {
        return wanting;
    }

    void refreshIfStale() {
        if (!stale) {
            return;
        }
        queue.clear();
        for (RoleState role : roles.values()) {
            List<FrameworkState> members = new ArrayList<>(role.queue);
            role.queue.clear();
            for (FrameworkState fw : members) {
                fw.share = fw.allocated.dominantShareOf(clusterTotal);
                ranks.shareChanged(fw);
            }
            role.queue.addAll(members);
            role.weightedShare = weightedShare(role);
            if (!role.queue.isEmpty()) {
                queue.add(role);
            }
        }
        stale = false;
    }

    private void enqueue(FrameworkState fw) {
        RoleState role = fw.role;
        if (role.queue.isEmpty()) {
            role.weightedShare = weightedShare(role);
            queue.add(role);
        }
        fw.share = fw.allocated.dominantShareOf(clusterTotal);
        role.queue.add(fw);
        fw.queued = true;
        wanting++;
        int word = fw.index >>> 6;
        if (word >= wantingBits.length) {
            wantingBits = Arrays.copyOf(wantingBits, Math.max(word + 1, wantingBits.length * 2));
            wantingByIndex = Arrays.copyOf(wantingByIndex, wantingBits.length * 64);
        }
        wantingBits[word] |= 1L << fw.index;
        wantingByIndex[fw.index] = fw;
        ranks.joined(fw);
    }

    private void dequeue(FrameworkState fw) {
        RoleState role = fw.role;
        role.queue.remove(fw);
        fw.queued = false;
        wanting--;
        wantingBits[fw.index >>> 6] &= ~(1L << fw.index);
        wantingByIndex[fw.index] = null;
        if (role.queue.isEmpty()) {
            queue.remove(role);
        }
    }

    private double weightedShare(RoleState role) {
        return role.allocated.dominantShareOf(clusterTotal) / role.weight;
    }

    /** Throws if the trees disagree with the frameworks' books. */
    void checkInvariants(Collection<FrameworkState> frameworks) {
        Map<RoleState, ScalarSum> sums = new HashMap<>();
        Map<RoleState, Integer> queued = new HashMap<>();
        for (FrameworkState fw : frameworks) {
            check(roles.get(fw.role.name) == fw.role, () -> "framework " + fw.id + " has an unknown role");
            sums.computeIfAbsent(fw.role, r -> new ScalarSum()).add(fw.allocated, 1);
            check(fw.queued == fw.wantsOffers(), () -> "framework " + fw.id + " queued=" + fw.queued
                    + " but wantsOffers=" + fw.wantsOffers());
            if (fw.queued) {
                queued.merge(fw.role, 1, Integer::sum);
                check(fw.role.queue.contains(fw), () -> "framework " + fw.id + " is lost in its role's tree");
                check(stale || fw.share == fw.allocated.dominantShareOf(clusterTotal),
                        () -> "framework " + fw.id + " has a stale share");
            }
        }
        int nonEmpty = 0;
        ScalarSum allocated = new ScalarSum();
        ScalarSum required = new ScalarSum();
        for (RoleState role : roles.values()) {
            allocated.add(role.allocated, 1);
            role.addUnmetGuarantee(required, 1);
            check(quotas.guaranteed.contains(role) == role.hasGuarantee(),
                    () -> "role " + role.name + " is missing from, or wrongly in, the guaranteed roles");
            ScalarSum expected = sums.getOrDefault(role, new ScalarSum());
            check(role.allocated.sameAs(expected), () -> "role " + role.name + " allocated " + role.allocated
                    + " but its frameworks hold " + expected);
            check(role.queue.size() == queued.getOrDefault(role, 0),
                    () -> "role " + role.name + " queue holds frameworks that do not want offers");
            if (!role.queue.isEmpty()) {
                nonEmpty++;
                check(queue.contains(role), () -> "role " + role.name + " is lost in the role tree");
                check(stale || role.weightedShare == weightedShare(role),
                        () -> "role " + role.name + " has a stale share");
            }
        }
        check(wanting == queued.values().stream().mapToInt(Integer::intValue).sum(),
                () -> "wanting count " + wanting + " disagrees with the queues");
        for (FrameworkState fw : frameworks) {
            boolean bit = (fw.index >>> 6) < wantingBits.length && (wantingBits[fw.index >>> 6] & (1L << fw.index)) != 0;
            check(bit == fw.queued && (wantingByIndex.length <= fw.index || (wantingByIndex[fw.index] == fw) == fw.queued),
                    () -> "framework " + fw.id + " is wrongly in, or missing from, the wanting bits");
        }
        ranks.verify(frameworks, stale);
        check(queue.size() == nonEmpty, () -> "role tree holds roles without frameworks wanting offers");
        check(quotas.guaranteed.size() == quotas.guaranteed.stream().distinct().count(),
                () -> "a role is listed twice among the guaranteed roles");
        check(allocated.sameAs(quotas.allocated), () -> "roles hold " + allocated + " but the quota books say "
                + quotas.allocated);
        check(required.sameAs(quotas.required), () -> "unmet guarantees sum to " + required
                + " but the quota books say " + quotas.required);
    }
}
