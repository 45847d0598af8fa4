package io.strata.allocator;

import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.List;

/**
 * Roles' guarantees and limits, and the headroom the guarantees need, as Mesos quota does it. A
 * role is never offered more than takes it past its limit (what it holds plus has on offer). The
 * resources that roles below their guarantee still lack (the required headroom) stay unallocated:
 * any role may take its own unmet guarantee, but beyond that only what leaves the required
 * headroom free across the cluster. So a role reaches its guarantee before others grow past
 * theirs, even when its frameworks come late (a broker restarting).
 *
 * <p>Kept incrementally with the {@link ShareOrder}: the total allocation and the required
 * headroom change in O(1) per charge, so an offer's cap costs a few comparisons.
 */
final class Quotas {

    private final ScalarSum clusterTotal;
    private final AllocatorConfig config;
    /** Used plus offered, over all roles. */
    final ScalarSum allocated = new ScalarSum();
    /** Sum over roles of what their guarantee still lacks. */
    final ScalarSum required = new ScalarSum();
    /** The roles with a guarantee, for the first stage of a pick. */
    final List<RoleState> guaranteed = new ArrayList<>();

    Quotas(ScalarSum clusterTotal, AllocatorConfig config) {
        this.clusterTotal = clusterTotal;
        this.config = config;
    }

    /** Call before a role's allocation or guarantee changes; {@link #afterCharge} after. */
    void beforeCharge(RoleState role) {
        if (role.hasGuarantee()) {
            role.addUnmetGuarantee(required, -1);
        }
    }

    void afterCharge(RoleState role) {
        if (role.hasGuarantee()) {
            role.addUnmetGuarantee(required, 1);
        }
    }

    void charged(Resources r, int sign) {
        if (sign > 0) {
            allocated.add(r);
        } else {
            allocated.subtract(r);
        }
    }

    void set(RoleState role, Resources guarantee, Resources limit) {
        beforeCharge(role);
        guaranteed.remove(role);
        role.guarantee = guarantee;
        role.limit = limit;
        if (role.hasGuarantee()) {
            guaranteed.add(role);
        }
        afterCharge(role);
    }

    /** Some role holds less than its guarantee, so offers are capped to keep headroom. */
    boolean headroomNeeded() {
        return !required.isZero();
    }

    /**
     * What of an agent's {@code free} resources may be offered to {@code role}: capped by its
     * limit and by the headroom others' guarantees need. {@code free} itself when nothing caps it
     * (the common case, and it keeps filters matching by identity); null when what is left is not
     * worth an offer, or was cut to no cpus or no memory at all while the agent has some free: such
     * an offer fits almost no task and would only keep the agent from other roles until declined.
     * Ports are never capped.
     */
    Resources offerable(RoleState role, Resources free) {
        if (!role.hasLimit() && required.isZero()) {
            return free;
        }
        long cpus = cap(free.milliCpus(), role.limit.milliCpus(), role.allocated.milliCpus,
                role.guarantee.milliCpus(), clusterTotal.milliCpus - allocated.milliCpus, required.milliCpus);
        long mem = cap(free.memMb(), role.limit.memMb(), role.allocated.memMb,
                role.guarantee.memMb(), clusterTotal.memMb - allocated.memMb, required.memMb);
        long disk = cap(free.diskMb(), role.limit.diskMb(), role.allocated.diskMb,
                role.guarantee.diskMb(), clusterTotal.diskMb - allocated.diskMb, required.diskMb);
        if (cpus == free.milliCpus() && mem == free.memMb() && disk == free.diskMb()) {
            return free;
        }
        if (cpus == 0 && free.milliCpus() > 0 || mem == 0 && free.memMb() > 0) {
            // Memory without cpus (or the reverse) would only hold the agent from others until declined.
            return null;
        }
        Resources capped = new Resources(cpus, mem, disk, free.ports());
        return config.worthOffering(capped) ? capped : null;
    }

    /**
     * One scalar: at most what keeps the role under its limit, and at most its own unmet
     * guarantee plus what is free beyond everybody's unmet guarantees. Taking x of it leaves
     * {@code unallocated - x} free and {@code required - min(x, unmet)} needed, so this is the
     * most that still leaves the required headroom free; when guarantees add up to more than is
     * free, roles below their guarantee may still take their own unmet part and nobody more.
     */
    private static long cap(long free, long limit, long held, long guarantee, long unallocated, long required) {
        long c = free;
        if (limit > 0) {
            c = Math.min(c, Math.max(0, limit - held));
        }
        if (required > 0) {
            long unmet = Math.max(0, guarantee - held);
            c = Math.min(c, unmet + Math.max(0, unallocated - required));
        }
        return c;
    }
}
