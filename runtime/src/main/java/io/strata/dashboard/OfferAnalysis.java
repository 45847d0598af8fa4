package io.strata.dashboard;

import io.strata.allocator.GroupLimits;
import io.strata.group.Group;
import io.strata.protocol.ClusterState;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a piece of work waits ("why it waits"): for a demand, every agent of a cluster snapshot with
 * what it has free and what it lacks (cpus, memory, disk, ports, the pinned agent of a volume, an
 * attribute constraint, the group's quota, being inactive), and one sentence that sums it up. Pure.
 * Resources on offer to a framework are not free: a framework holds them until it accepts or declines.
 */
public final class OfferAnalysis {

    /**
     * What the work asks for.
     *
     * @param group      null = the default group
     * @param attributes the agent attributes it needs (name → value)
     * @param agent      the agent it is pinned to (its persistent volume lives there), or null
     * @param volume     that volume's name, or null
     */
    public record Demand(long milliCpus, long memMb, long diskMb, int ports, String group, Map<String, String> attributes,
                         String agent, String volume) {

        public Demand {
            if (milliCpus < 0 || memMb < 0 || diskMb < 0 || ports < 0) {
                throw new IllegalArgumentException("a demand cannot be negative");
            }
            group = group == null ? Group.DEFAULT : group;
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        Resources scalars() {
            return new Resources(milliCpus, memMb, diskMb, PortRanges.EMPTY);
        }
    }

    /**
     * One thing an agent lacks. {@code wanted}, {@code free} and {@code total} are numbers for
     * resources (cpus as a decimal), the attribute values for a constraint, null where they do not apply.
     *
     * @param resource cpus, mem, disk, ports, volume, constraint, quota or inactive
     */
    public record Lack(String resource, Object wanted, Object free, Object total, String text) {
    }

    /** What an agent has free now: its total less what tasks hold and what is on offer. */
    public record Free(long milliCpus, long memMb, long diskMb, int ports) {
    }

    public record AgentFit(String id, String host, boolean active, boolean fits, Free free, List<Lack> lacks) {
    }

    /** The demand's group: its limit (0 = none), what it holds plus has on offer, and why it blocks the demand. */
    public record GroupFit(String name, Resources limit, Resources used, String blocked) {
    }

    public record Result(String summary, Demand demand, GroupFit group, List<AgentFit> agents) {
    }

    private OfferAnalysis() {
    }

    public static Result analyze(Demand demand, ClusterState state) {
        GroupFit group = group(demand, state);
        List<AgentFit> agents = new ArrayList<>();
        for (ClusterState.AgentView a : state.agents()) {
            agents.add(agent(demand, a, group.blocked()));
        }
        return new Result(summary(demand, state, group, agents), demand, group, agents);
    }

    private static GroupFit group(Demand demand, ClusterState state) {
        for (ClusterState.GroupView g : state.groups()) {
            if (g.name().equals(demand.group())) {
                Optional<String> blocked = GroupLimits.reason(g.name(), g.limit(), g.used(), demand.scalars());
                return new GroupFit(g.name(), g.limit(), g.used(), blocked.orElse(null));
            }
        }
        return new GroupFit(demand.group(), Resources.EMPTY, Resources.EMPTY, null);
    }

    private static AgentFit agent(Demand d, ClusterState.AgentView a, String quotaBlocked) {
        Resources available = a.free();
        Free free = new Free(available.milliCpus(), available.memMb(), available.diskMb(),
                (int) available.ports().count());
        List<Lack> lacks = new ArrayList<>();
        String id = a.id().value();
        if (!a.active()) {
            lacks.add(new Lack("inactive", null, null, null, "agent " + id + " is not active: it was lost or has not "
                    + "re-registered"));
        }
        if (d.agent() != null && !d.agent().equals(id)) {
            lacks.add(new Lack("volume", d.agent(), null, null, (d.volume() == null ? "its volume" : "volume " + d.volume())
                    + " lives on " + d.agent() + ", so it can only run there"));
        }
        d.attributes().forEach((name, wanted) -> {
            String has = a.attributes().get(name);
            if (!wanted.equals(has)) {
                lacks.add(new Lack("constraint", wanted, has, null, has == null
                        ? "needs attribute " + name + "=" + wanted + "; this agent has no " + name
                        : "needs attribute " + name + "=" + wanted + "; this agent has " + name + "=" + has));
            }
        });
        if (d.milliCpus() > free.milliCpus()) {
            lacks.add(new Lack("cpus", d.milliCpus() / 1000.0, free.milliCpus() / 1000.0, a.total().milliCpus() / 1000.0,
                    "needs " + Resources.formatCpus(d.milliCpus()) + " cpus, " + Resources.formatCpus(free.milliCpus()) + " of "
                            + Resources.formatCpus(a.total().milliCpus()) + " free"
                            + onOffer(d.milliCpus() <= free.milliCpus() + a.offered().milliCpus(),
                            Resources.formatCpus(a.offered().milliCpus()) + " cpus")));
        }
        if (d.memMb() > free.memMb()) {
            lacks.add(new Lack("mem", d.memMb(), free.memMb(), a.total().memMb(), "needs " + d.memMb() + " MB memory, "
                    + free.memMb() + " of " + a.total().memMb() + " MB free"
                    + onOffer(d.memMb() <= free.memMb() + a.offered().memMb(), a.offered().memMb() + " MB")));
        }
        if (d.diskMb() > free.diskMb()) {
            lacks.add(new Lack("disk", d.diskMb(), free.diskMb(), a.total().diskMb(), "needs " + d.diskMb() + " MB disk, "
                    + free.diskMb() + " of " + a.total().diskMb() + " MB free"
                    + onOffer(d.diskMb() <= free.diskMb() + a.offered().diskMb(), a.offered().diskMb() + " MB")));
        }
        if (d.ports() > free.ports()) {
            int offeredPorts = (int) a.offered().ports().count();
            lacks.add(new Lack("ports", d.ports(), free.ports(), a.total().ports().count(), "needs " + d.ports()
                    + " ports, " + free.ports() + " of " + a.total().ports().count() + " free"
                    + onOffer(d.ports() <= free.ports() + offeredPorts, offeredPorts + " ports")));
        }
        if (quotaBlocked != null) {
            lacks.add(new Lack("quota", null, null, null, quotaBlocked));
        }
        return new AgentFit(id, a.host(), a.active(), lacks.isEmpty(), free, List.copyOf(lacks));
    }

    /** Says so when what is on offer to a framework is what keeps the demand off this agent. */
    private static String onOffer(boolean offerIsWhatStopsIt, String offered) {
        return offerIsWhatStopsIt ? "; " + offered + " more are on offer to a framework and free again once it "
                + "declines them" : "";
    }

    private static String summary(Demand d, ClusterState state, GroupFit group, List<AgentFit> agents) {
        if (agents.isEmpty()) {
            return "no agent has registered yet";
        }
        if (d.agent() != null && agents.stream().noneMatch(a -> a.id().equals(d.agent()))) {
            return (d.volume() == null ? "its volume" : "volume " + d.volume()) + " lives on " + d.agent()
                    + ", which is not registered now; it waits for that agent";
        }
        if (group.blocked() != null) {
            return "waits for its group: " + group.blocked();
        }
        List<AgentFit> fitting = agents.stream().filter(AgentFit::fits).toList();
        if (!fitting.isEmpty()) {
            Optional<String> held = heldForGuarantees(d, state);
            if (held.isPresent()) {
                return "waits: " + held.get();
            }
            return "fits on " + fitting.get(0).id() + (fitting.size() > 1 ? " and " + (fitting.size() - 1) + " more" : "")
                    + "; it starts with the next offer to its framework";
        }
        List<AgentFit> eligible = agents.stream().filter(a -> a.lacks().stream().noneMatch(l ->
                l.resource().equals("inactive") || l.resource().equals("volume") || l.resource().equals("constraint")))
                .toList();
        if (eligible.isEmpty()) {
            if (!d.attributes().isEmpty() && agents.stream().allMatch(a -> a.lacks().stream()
                    .anyMatch(l -> l.resource().equals("constraint")))) {
                return "no agent has the attributes it needs (" + attributes(d.attributes()) + ")";
            }
            return "no active agent can take it: " + firstText(agents.get(0));
        }
        ClusterState.AgentView biggest = null;
        for (ClusterState.AgentView a : state.agents()) {
            if (eligible.stream().anyMatch(e -> e.id().equals(a.id().value()))
                    && (biggest == null || a.total().milliCpus() > biggest.total().milliCpus())) {
                biggest = a;
            }
        }
        boolean canEverFit = false;
        for (ClusterState.AgentView a : state.agents()) {
            if (eligible.stream().anyMatch(e -> e.id().equals(a.id().value()))
                    && a.total().containsScalars(d.scalars()) && a.total().ports().count() >= d.ports()) {
                canEverFit = true;
            }
        }
        if (!canEverFit) {
            return "can never run: needs " + d.scalars().inWords() + (d.ports() > 0 ? ", " + d.ports()
                    + " ports" : "") + " but the largest agent (" + biggest.id().value() + ") has "
                    + biggest.total().inWords() + " in all";
        }
        AgentFit closest = eligible.stream().min((x, y) -> Integer.compare(x.lacks().size(), y.lacks().size())
                != 0 ? Integer.compare(x.lacks().size(), y.lacks().size())
                : Long.compare(y.free().milliCpus(), x.free().milliCpus())).orElseThrow();
        return "no agent has room now; the closest, " + closest.id() + ", " + firstText(closest);
    }

    private static String firstText(AgentFit a) {
        return a.lacks().isEmpty() ? "fits" : a.lacks().get(0).text();
    }

    private static Optional<String> heldForGuarantees(Demand d, ClusterState state) {
        Resources unallocated = Resources.EMPTY;
        for (ClusterState.AgentView a : state.agents()) {
            if (a.active()) {
                Resources taken = a.used().plus(a.offered());
                unallocated = unallocated.plus(new Resources(Math.max(0, a.total().milliCpus() - taken.milliCpus()),
                        Math.max(0, a.total().memMb() - taken.memMb()), Math.max(0, a.total().diskMb() - taken.diskMb()),
                        PortRanges.EMPTY));
            }
        }
        List<GroupLimits.Usage> usage = state.groups().stream()
                .map(g -> new GroupLimits.Usage(g.name(), g.guarantee(), g.used())).toList();
        return GroupLimits.heldForGuarantees(d.group(), d.scalars(), unallocated, usage);
    }

    private static String attributes(Map<String, String> attrs) {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(attrs).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
