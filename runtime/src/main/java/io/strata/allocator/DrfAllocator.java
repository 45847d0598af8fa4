package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hierarchical Dominant Resource Fairness over whole-agent offers, as in Mesos: each pass offers
 * every idle agent's free resources to one framework, chosen as the lowest weighted role share,
 * then the lowest framework share in that role, skipping frameworks whose filter refuses the agent.
 *
 * <p>Pure and single-threaded: no threads, no I/O, time only from the injected clock. The master
 * actor owns it, calls it, and tells frameworks and agents what the returned values say. Framework
 * allocations, role shares, per-agent free resources and filters are all kept incrementally so a
 * pass costs O(agents × log frameworks), not a sort per offer (see {@link ShareOrder}); what
 * each step of an offer's life moves on those books is in {@link OfferLedger}. Filters are bits
 * per agent over dense framework indices ({@link FrameworkBook}, {@link FilterBook}): an agent that
 * every framework wanting offers refuses is skipped in O(1), and filters are expired per agent at
 * its earliest deadline, never by a scan of all of them.
 *
 * <p>Roles may have a weight, a guarantee and a limit ({@link #setRoleQuota}, see {@link Quotas}):
 * an offer is then cut to what the role may take, so an agent may keep a rest that waits until
 * its offer is answered.
 *
 * <p>Framework-level and cluster-level sums ({@link #allocatedTo}, {@link #clusterTotal}) carry no
 * ports: ports only mean something on one host. Views of unknown agents or frameworks are empty.
 */
public final class DrfAllocator {

    private final Clock clock;
    private final AllocatorConfig config;
    private final ScalarSum clusterTotal = new ScalarSum();
    private final ShareOrder order;
    private final AgentBook agents;
    private final FilterBook filters = new FilterBook();
    private final FrameworkBook frameworks;
    private final OfferLedger offers;

    public DrfAllocator(Clock clock, AllocatorConfig config) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.order = new ShareOrder(clusterTotal, config);
        this.agents = new AgentBook(clusterTotal, order);
        this.frameworks = new FrameworkBook(order, filters);
        this.offers = new OfferLedger(clock, config, order, filters);
    }

    // ---- agents

    /** Adds an agent, or updates one; a new total must still hold what is used and offered there. */
    public void addAgent(AgentId id, String host, Resources total, Map<String, String> attributes) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(total, "total");
        agents.add(id, host == null ? "" : host, total, attributes == null ? Map.of() : Map.copyOf(attributes));
    }

    /** Forgets an agent and what is used on it; returns its outstanding offer, now rescinded. */
    public List<Offer> removeAgent(AgentId id) {
        AgentState a = agents.remove(id);
        if (a == null) {
            return List.of();
        }
        List<Offer> rescinded = a.offer == null ? List.of() : List.of(a.offer.offer);
        if (a.offer != null) {
            offers.close(a.offer);
        }
        filters.dropAll(a);
        for (Map.Entry<FrameworkState, Resources> e : a.usedBy.entrySet()) {
            FrameworkState fw = e.getKey();
            order.charge(fw, e.getValue(), -1);
            fw.agentsUsed--;
            frameworks.forgetIfDone(fw);
        }
        return rescinded;
    }

    public boolean hasAgent(AgentId id) {
        return agents.get(id) != null;
    }

    // ---- frameworks

    /**
     * Registers a framework or re-activates it, moving it (and what it holds) to {@code role} if
     * that changed. Suppression and filters survive re-activation: only {@link #revive} clears them.
     */
    public void addFramework(FrameworkId id, String role) {
        Objects.requireNonNull(id, "id");
        RoleState r = order.role(role == null || role.isBlank() ? "*" : role);
        FrameworkState fw = frameworks.getOrCreate(id, r);
        if (fw.role != r) {
            order.moveToRole(fw, r);
        }
        fw.registered = true;
        fw.active = true;
        frameworks.sync(fw);
    }

    /** Stops offering to a framework and withdraws its offers; what it uses stays counted. */
    public List<Offer> deactivateFramework(FrameworkId id) {
        FrameworkState fw = frameworks.get(id);
        if (fw == null) {
            return List.of();
        }
        fw.active = false;
        frameworks.sync(fw);
        List<Offer> withdrawn = new ArrayList<>(fw.offers.size());
        for (OfferState s : List.copyOf(fw.offers)) {
            withdrawn.add(s.offer);
            offers.close(s);
        }
        return withdrawn;
    }

    /**
     * Deactivates and unregisters a framework, dropping its filters and suppression. Its used
     * resources stay on the agents (and in its role's share) until {@link #recover}ed; then the
     * entry is forgotten.
     */
    public List<Offer> removeFramework(FrameworkId id) {
        List<Offer> withdrawn = deactivateFramework(id);
        FrameworkState fw = frameworks.get(id);
        if (fw != null) {
            fw.registered = false;
            fw.suppressed = false;
            filters.clear(fw);
            frameworks.forgetIfDone(fw);
        }
        return withdrawn;
    }

    public boolean hasFramework(FrameworkId id) {
        FrameworkState fw = frameworks.get(id);
        return fw != null && fw.registered;
    }

    public void setRoleWeight(String role, double weight) {
        Objects.requireNonNull(role, "role");
        checkWeight(role, weight);
        order.setWeight(role, weight);
    }

    /**
     * A role's weight, guarantee and limit (Mesos quota). The limit caps what the role holds plus
     * has on offer: an offer to one of its frameworks is cut to what fits under it. Roles below
     * their guarantee are offered first, and other roles only get what leaves free the resources
     * those guarantees still lack, so a role reaches its guarantee before others grow past theirs.
     * Guarantee and limit count cpus, memory and disk (ports are ignored); null, or 0 for one
     * resource, means none. What a role already holds beyond a new limit stays; it only gets no
     * more. Takes effect from the next pass.
     */
    public void setRoleQuota(String role, double weight, Resources guarantee, Resources limit) {
        Objects.requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role name must not be blank");
        }
        checkWeight(role, weight);
        Resources g = scalars(guarantee);
        Resources l = scalars(limit);
        Optional<String> invalid = GroupLimits.invalidQuota(g, l);
        if (invalid.isPresent()) {
            throw new IllegalArgumentException("role " + role + ": " + invalid.get());
        }
        order.setQuota(role, weight, g, l);
    }

    /** Weight 1, no guarantee, no limit: what every role has until told otherwise. */
    public void resetRole(String role) {
        setRoleQuota(role, 1.0, null, null);
    }

    private static void checkWeight(String role, double weight) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("role " + role + ": weight must be a finite number > 0, got "
                    + weight);
        }
    }

    private static Resources scalars(Resources r) {
        return r == null ? Resources.EMPTY : new Resources(r.milliCpus(), r.memMb(), r.diskMb(), PortRanges.EMPTY);
    }

    /** No offers to this framework until {@link #revive}; offers it holds stay with it. */
    public void suppress(FrameworkId id) {
        FrameworkState fw = frameworks.get(id);
        if (fw != null && fw.registered) {
            fw.suppressed = true;
            frameworks.sync(fw);
        }
    }

    /** Clears suppression and every filter of this framework: it wants to see everything again. */
    public void revive(FrameworkId id) {
        FrameworkState fw = frameworks.get(id);
        if (fw != null && fw.registered) {
            fw.suppressed = false;
            filters.clear(fw);
            frameworks.sync(fw);
        }
    }

    // ---- resources used by tasks

    /**
     * Records resources already in use, e.g. tasks an agent reports when it re-registers. The
     * framework need not be registered yet; its entry is kept so its share counts. They must fit
     * in the agent's free resources (rescind its offer first if need be).
     */
    public void recordUsed(AgentId agent, FrameworkId fw, Resources used) {
        Objects.requireNonNull(fw, "fw");
        Objects.requireNonNull(used, "used");
        AgentState a = agents.get(agent);
        if (a == null) {
            throw new IllegalArgumentException("recordUsed: unknown agent " + agent);
        }
        if (!a.free.contains(used)) {
            throw new IllegalArgumentException("agent " + agent + " cannot record " + used + " for "
                    + fw + ": free is " + a.free + ", short of " + Shortfall.describe(a.free, used));
        }
        if (used.isEmpty()) {
            return;
        }
        FrameworkState f = frameworks.getOrCreate(fw, order.role("*"));
        offers.addUsed(a, f, used);
    }

    /**
     * A task ended: its resources go back to the pool, without a filter. Does nothing for an agent
     * already removed (its usage was forgotten with it); throws if the framework does not hold
     * {@code used} there, since that means the caller counts twice.
     */
    public void recover(AgentId agent, FrameworkId fw, Resources used) {
        Objects.requireNonNull(used, "used");
        AgentState a = agents.get(agent);
        if (a == null || used.isEmpty()) {
            return;
        }
        FrameworkState f = frameworks.get(fw);
        Resources held = f == null ? null : a.usedBy.get(f);
        if (held == null || !held.contains(used)) {
            throw new IllegalArgumentException("recover: framework " + fw + " does not use " + used
                    + " on agent " + agent + " (it uses " + (held == null ? "nothing" : held) + ")");
        }
        a.removeUsed(f, used);
        order.charge(f, used, -1);
        frameworks.forgetIfDone(f);
    }

    // ---- offers

    /** One pass over all agents; returns the offers made, in agent id order. */
    public List<Offer> allocate() {
        if (order.nobodyWantsOffers()) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant expiresAt = Deadline.after(now, config.offerTimeout());
        order.refreshIfStale();
        filters.expire(now);
        int wanting = order.wantingCount();
        List<Offer> made = new ArrayList<>();
        for (AgentState a : agents.inOrder()) {
            if (a.offer != null || !config.worthOffering(a.free)) {
                continue;
            }
            filters.refresh(a);
            if (a.refusedByAll(wanting)) {
                continue;
            }
            ShareOrder.Choice c = order.pick(a);
            if (c != null) {
                made.add(offers.open(a, c.framework(), c.resources(), expiresAt));
            }
        }
        return made;
    }

    /**
     * Uses part of an offer. The rest goes back to the pool with a {@code defaultRefuse} filter for
     * that framework and agent, as Mesos does, so the framework is not re-offered its own leftovers.
     */
    public AcceptResult accept(OfferId offerId, FrameworkId fw, Resources toUse) {
        Objects.requireNonNull(toUse, "toUse");
        return offers.accept(offerId, fw, toUse);
    }

    /**
     * Returns an offer to the pool. With a positive {@code refuseFor} (null means the default), the
     * framework is not offered this agent again before then, unless more than it declined is free.
     */
    public boolean decline(OfferId offerId, FrameworkId fw, Duration refuseFor) {
        return offers.decline(offerId, fw, refuseFor);
    }

    /** Withdraws an offer on the master's initiative, without a filter. */
    public List<Offer> rescind(OfferId offerId) {
        return offers.rescind(offerId);
    }

    /** Withdraws offers at or past their timeout; the master tells their frameworks "rescinded". */
    public List<Offer> expireOffers() {
        return offers.expire();
    }

    /** When the oldest outstanding offer times out, so the master can schedule {@link #expireOffers}. */
    public Optional<Instant> nextOfferExpiry() {
        return offers.book().nextExpiry();
    }

    public Optional<Offer> offer(OfferId id) {
        return offers.offer(id);
    }

    /** A snapshot, oldest first. */
    public Collection<Offer> outstandingOffers() {
        return offers.book().offers();
    }

    // ---- views

    public Resources total(AgentId a) {
        return agentView(a, s -> s.total);
    }

    public Resources used(AgentId a) {
        return agentView(a, s -> s.used);
    }

    public Resources offered(AgentId a) {
        return agentView(a, AgentState::offered);
    }

    public Resources free(AgentId a) {
        return agentView(a, s -> s.free);
    }

    private Resources agentView(AgentId id, Function<AgentState, Resources> view) {
        AgentState s = agents.get(id);
        return s == null ? Resources.EMPTY : view.apply(s);
    }

    /** Used plus offered over all agents, scalars only. */
    public Resources allocatedTo(FrameworkId fw) {
        FrameworkState f = frameworks.get(fw);
        return f == null ? Resources.EMPTY : f.allocated.toResources();
    }

    /** Used plus offered by all frameworks of a role, scalars only (what its limit caps). */
    public Resources roleAllocation(String role) {
        RoleState r = order.existingRole(role);
        return r == null ? Resources.EMPTY : r.allocated.toResources();
    }

    /** Unweighted DRF share in [0, 1]. */
    public double dominantShare(FrameworkId fw) {
        FrameworkState f = frameworks.get(fw);
        return f == null ? 0 : f.allocated.dominantShareOf(clusterTotal);
    }

    /** Sum of all agents' totals, scalars only. */
    public Resources clusterTotal() {
        return clusterTotal.toResources();
    }

    /** The agent with the most free cpus (then most free memory, then lowest id). */
    public Optional<AgentId> largestFreeAgent() {
        return agents.largestFree();
    }

    /** Throws {@link IllegalStateException} if any books disagree; for tests, O(everything). */
    public void checkInvariants() {
        AllocatorInvariants.verify(agents.byId(), frameworks.byId(), offers.book(), clusterTotal);
        order.checkInvariants(frameworks.all());
    }

}
