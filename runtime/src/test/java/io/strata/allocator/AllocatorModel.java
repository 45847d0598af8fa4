package io.strata.allocator;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A deliberately naive re-statement of the allocator's rules for property tests: plain maps,
 * everything recomputed from scratch, a full scan to pick a framework. It predicts each output of
 * {@link DrfAllocator} exactly, so a disagreement points at the incremental books.
 */
final class AllocatorModel {

    record Filter(Resources refused, Instant until) {}

    static final class Agent {
        final AgentId id;
        String host;
        Map<String, String> attributes;
        Resources total;
        final Map<FrameworkId, Resources> used = new TreeMap<>();
        Offer offer;
        Instant offerExpiry;
        long offerSeq;

        Agent(AgentId id) {
            this.id = id;
        }

        Resources usedSum() {
            Resources sum = Resources.EMPTY;
            for (Resources r : used.values()) {
                sum = sum.plus(r);
            }
            return sum;
        }

        Resources offered() {
            return offer == null ? Resources.EMPTY : offer.resources();
        }

        Resources free() {
            return total.minus(usedSum()).minus(offered());
        }
    }

    static final class Framework {
        final FrameworkId id;
        String role = "*";
        boolean registered;
        boolean active;
        boolean suppressed;
        final Map<AgentId, Filter> filters = new HashMap<>();

        Framework(FrameworkId id) {
            this.id = id;
        }
    }

    private final AllocatorConfig config;
    final TreeMap<AgentId, Agent> agents = new TreeMap<>();
    final TreeMap<FrameworkId, Framework> frameworks = new TreeMap<>();
    private final Map<String, Double> weights = new HashMap<>();
    private final Map<String, Resources> guarantees = new HashMap<>();
    private final Map<String, Resources> limits = new HashMap<>();
    private long offerCount;

    AllocatorModel(AllocatorConfig config) {
        this.config = config;
    }

    boolean canSetTotal(AgentId id, Resources total) {
        Agent a = agents.get(id);
        return a == null || total.contains(a.usedSum().plus(a.offered()));
    }

    void addAgent(AgentId id, String host, Resources total, Map<String, String> attributes) {
        Agent a = agents.computeIfAbsent(id, Agent::new);
        a.host = host;
        a.attributes = attributes;
        a.total = total;
    }

    List<Offer> removeAgent(AgentId id) {
        Agent a = agents.remove(id);
        if (a == null) {
            return List.of();
        }
        frameworks.values().forEach(f -> f.filters.remove(id));
        forgetIdle();
        return a.offer == null ? List.of() : List.of(a.offer);
    }

    void addFramework(FrameworkId id, String role) {
        Framework f = frameworks.computeIfAbsent(id, Framework::new);
        f.role = role;
        f.registered = true;
        f.active = true;
    }

    List<Offer> deactivate(FrameworkId id) {
        Framework f = frameworks.get(id);
        if (f == null) {
            return List.of();
        }
        f.active = false;
        List<Agent> holding = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.offer != null && a.offer.frameworkId().equals(id)) {
                holding.add(a);
            }
        }
        holding.sort(Comparator.comparingLong(a -> a.offerSeq));
        List<Offer> out = new ArrayList<>();
        for (Agent a : holding) {
            out.add(a.offer);
            a.offer = null;
        }
        return out;
    }

    List<Offer> removeFramework(FrameworkId id) {
        List<Offer> out = deactivate(id);
        Framework f = frameworks.get(id);
        if (f != null) {
            f.registered = false;
            f.suppressed = false;
            f.filters.clear();
        }
        forgetIdle();
        return out;
    }

    void setWeight(String role, double w) {
        weights.put(role, w);
    }

    void setQuota(String role, double w, Resources guarantee, Resources limit) {
        weights.put(role, w);
        guarantees.put(role, guarantee == null ? Resources.EMPTY : guarantee);
        limits.put(role, limit == null ? Resources.EMPTY : limit);
    }

    Resources limitOf(String role) {
        return limits.getOrDefault(role, Resources.EMPTY);
    }

    void suppress(FrameworkId id, boolean on) {
        Framework f = frameworks.get(id);
        if (f != null && f.registered) {
            f.suppressed = on;
            if (!on) {
                f.filters.clear();
            }
        }
    }

    void recordUsed(AgentId agent, FrameworkId fw, Resources r) {
        if (!r.isEmpty()) {
            frameworks.computeIfAbsent(fw, Framework::new);
            agents.get(agent).used.merge(fw, r, Resources::plus);
        }
    }

    void recover(AgentId agent, FrameworkId fw, Resources r) {
        Agent a = agents.get(agent);
        Resources left = a.used.get(fw).minus(r);
        if (left.isEmpty()) {
            a.used.remove(fw);
        } else {
            a.used.put(fw, left);
        }
        forgetIdle();
    }

    /** Checks a pass's offers one by one against a full-scan DRF pick, then applies them. */
    void applyPass(List<Offer> actual, Instant now) {
        int next = 0;
        for (Agent a : agents.values()) {
            if (a.offer != null || !worthOffering(a.free())) {
                continue;
            }
            Optional<Pick> pick = pick(a, now);
            if (pick.isEmpty()) {
                continue;
            }
            Offer expected = new Offer(OfferId.of(config.offerIdPrefix() + "-" + (++offerCount)),
                    pick.get().framework(), a.id, a.host, pick.get().resources(), a.attributes);
            int at = next;
            check(at < actual.size(), () -> "pass made too few offers; missing " + expected);
            check(expected.equals(actual.get(at)), () -> "pass offered " + actual.get(at) + ", expected " + expected);
            next++;
            a.offer = expected;
            a.offerSeq = offerCount;
            a.offerExpiry = Deadline.after(now, config.offerTimeout());
        }
        int made = next;
        check(made == actual.size(), () -> "pass made unexpected offers " + actual.subList(made, actual.size()));
    }

    /** Empty when the model expects a rejection. */
    Optional<Resources> accept(OfferId id, FrameworkId fw, Resources toUse, Instant now) {
        Agent a = holder(id);
        if (a == null || !a.offer.frameworkId().equals(fw) || !a.offer.resources().contains(toUse)) {
            return Optional.empty();
        }
        Resources remainder = a.offer.resources().minus(toUse);
        a.offer = null;
        recordUsed(a.id, fw, toUse);
        if (!remainder.isEmpty()) {
            filter(fw, a.id, remainder, config.defaultRefuse(), now);
        }
        return Optional.of(remainder);
    }

    boolean decline(OfferId id, FrameworkId fw, Duration d, Instant now) {
        Agent a = holder(id);
        if (a == null || !a.offer.frameworkId().equals(fw)) {
            return false;
        }
        Resources refused = a.offer.resources();
        a.offer = null;
        filter(fw, a.id, refused, d == null ? config.defaultRefuse() : d, now);
        return true;
    }

    List<Offer> rescind(OfferId id) {
        Agent a = holder(id);
        if (a == null) {
            return List.of();
        }
        Offer o = a.offer;
        a.offer = null;
        return List.of(o);
    }

    List<Offer> expire(Instant now) {
        List<Agent> due = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.offer != null && !now.isBefore(a.offerExpiry)) {
                due.add(a);
            }
        }
        due.sort(Comparator.comparingLong(a -> a.offerSeq));
        List<Offer> out = new ArrayList<>();
        for (Agent a : due) {
            out.add(a.offer);
            a.offer = null;
        }
        return out;
    }

    List<Offer> outstanding() {
        List<Agent> holding = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.offer != null) {
                holding.add(a);
            }
        }
        holding.sort(Comparator.comparingLong(a -> a.offerSeq));
        return holding.stream().map(a -> a.offer).toList();
    }

    /** Used + offered over all agents, scalars only. */
    long[] allocated(FrameworkId fw) {
        long[] sum = new long[3];
        for (Agent a : agents.values()) {
            add(sum, a.used.get(fw));
            if (a.offer != null && a.offer.frameworkId().equals(fw)) {
                add(sum, a.offer.resources());
            }
        }
        return sum;
    }

    long[] clusterTotal() {
        long[] sum = new long[3];
        agents.values().forEach(a -> add(sum, a.total));
        return sum;
    }

    static double dominantShare(long[] alloc, long[] total) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            if (total[i] > 0) {
                s = Math.max(s, (double) alloc[i] / total[i]);
            }
        }
        return s;
    }

    record Pick(FrameworkId framework, Resources resources) {}

    /** Used plus offered by a role's frameworks, scalars only. */
    long[] roleAllocated(String role) {
        long[] sum = new long[3];
        for (Framework f : frameworks.values()) {
            if (f.role.equals(role)) {
                long[] fa = allocated(f.id);
                for (int i = 0; i < 3; i++) {
                    sum[i] += fa[i];
                }
            }
        }
        return sum;
    }

    /** Sum over roles of what their guarantee still lacks. */
    long[] requiredHeadroom() {
        long[] sum = new long[3];
        guarantees.forEach((role, g) -> {
            long[] held = roleAllocated(role);
            long[] want = scalars(g);
            for (int i = 0; i < 3; i++) {
                sum[i] += Math.max(0, want[i] - held[i]);
            }
        });
        return sum;
    }

    boolean belowGuarantee(String role) {
        long[] held = roleAllocated(role);
        long[] want = scalars(guarantees.getOrDefault(role, Resources.EMPTY));
        for (int i = 0; i < 3; i++) {
            if (held[i] < want[i]) {
                return true;
            }
        }
        return false;
    }

    /** What of {@code free} the role may be offered, straight from the rules; null if not worth it. */
    Resources offerable(String role, Resources free) {
        long[] f = scalars(free);
        long[] limit = scalars(limits.getOrDefault(role, Resources.EMPTY));
        long[] guarantee = scalars(guarantees.getOrDefault(role, Resources.EMPTY));
        long[] held = roleAllocated(role);
        long[] total = clusterTotal();
        long[] required = requiredHeadroom();
        long[] allocatedAll = new long[3];
        for (Framework fw : frameworks.values()) {
            long[] fa = allocated(fw.id);
            for (int i = 0; i < 3; i++) {
                allocatedAll[i] += fa[i];
            }
        }
        long[] c = new long[3];
        for (int i = 0; i < 3; i++) {
            c[i] = f[i];
            if (limit[i] > 0) {
                c[i] = Math.min(c[i], Math.max(0, limit[i] - held[i]));
            }
            if (required[i] > 0) {
                long unmet = Math.max(0, guarantee[i] - held[i]);
                long spare = Math.max(0, total[i] - allocatedAll[i] - required[i]);
                c[i] = Math.min(c[i], unmet + spare);
            }
        }
        Resources capped = new Resources(c[0], c[1], c[2], free.ports());
        if (capped.equals(free)) {
            return free;
        }
        if (c[0] == 0 && f[0] > 0 || c[1] == 0 && f[1] > 0) {
            return null;
        }
        return worthOffering(capped) ? capped : null;
    }

    /** First the roles below their guarantee, then all roles; lowest weighted share first in each stage. */
    private Optional<Pick> pick(Agent a, Instant now) {
        boolean headroom = false;
        for (long r : requiredHeadroom()) {
            headroom |= r > 0;
        }
        if (headroom) {
            Optional<Pick> first = pickAmong(a, now, true);
            if (first.isPresent()) {
                return first;
            }
        }
        return pickAmong(a, now, false);
    }

    private Optional<Pick> pickAmong(Agent a, Instant now, boolean onlyBelowGuarantee) {
        long[] total = clusterTotal();
        List<Framework> candidates = new ArrayList<>();
        for (Framework f : frameworks.values()) {
            if (f.registered && f.active && !f.suppressed
                    && (!onlyBelowGuarantee || guarantees.containsKey(f.role) && belowGuarantee(f.role))) {
                candidates.add(f);
            }
        }
        candidates.sort(Comparator.<Framework>comparingDouble(
                        f -> dominantShare(roleAllocated(f.role), total) / weights.getOrDefault(f.role, 1.0))
                .thenComparing(f -> f.role)
                .thenComparingDouble(f -> dominantShare(allocated(f.id), total))
                .thenComparing(f -> f.id));
        for (Framework f : candidates) {
            Resources offerable = offerable(f.role, a.free());
            if (offerable != null && !refuses(f, a, offerable, now)) {
                return Optional.of(new Pick(f.id, offerable));
            }
        }
        return Optional.empty();
    }

    private static boolean refuses(Framework f, Agent a, Resources offerable, Instant now) {
        Filter filter = f.filters.get(a.id);
        return filter != null && now.isBefore(filter.until()) && filter.refused().contains(offerable);
    }

    private static long[] scalars(Resources r) {
        return new long[] {r.milliCpus(), r.memMb(), r.diskMb()};
    }

    private static boolean worthOffering(Resources free) {
        return free.milliCpus() >= 10 || free.memMb() >= 32;
    }

    private void filter(FrameworkId fw, AgentId agent, Resources refused, Duration d, Instant now) {
        if (d.compareTo(Duration.ZERO) > 0) {
            frameworks.get(fw).filters.put(agent, new Filter(refused, Deadline.after(now, d)));
        }
    }

    private Agent holder(OfferId id) {
        for (Agent a : agents.values()) {
            if (a.offer != null && a.offer.id().equals(id)) {
                return a;
            }
        }
        return null;
    }

    private void forgetIdle() {
        frameworks.values().removeIf(f -> !f.registered
                && agents.values().stream().noneMatch(a -> a.used.containsKey(f.id)));
    }

    private static void add(long[] sum, Resources r) {
        if (r != null) {
            sum[0] += r.milliCpus();
            sum[1] += r.memMb();
            sum[2] += r.diskMb();
        }
    }

    /** The message is built only on failure: formatting offers on every pass would dominate the run. */
    private static void check(boolean ok, Supplier<String> what) {
        if (!ok) {
            throw new AssertionError(what.get());
        }
    }
}
