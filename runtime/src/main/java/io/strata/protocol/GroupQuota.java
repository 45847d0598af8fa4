package io.strata.protocol;

import io.strata.allocator.GroupLimits;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.util.Optional;

/**
 * A group's share of the cluster, as the master's allocator applies it to the role of the same
 * name: a DRF weight, a guarantee (what the group reaches before others grow past their own) and
 * a limit (what it may hold plus have on offer, at most). Guarantee and limit count cpus, memory
 * and disk; ports are dropped; null, or 0 for one resource, means none. Invalid values are refused
 * with a sentence naming the group and the field.
 */
public record GroupQuota(String name, double weight, Resources guarantee, Resources limit) implements StrataMessage {

    /** The group every piece of work belongs to unless it names another; it always exists. */
    public static final String DEFAULT_GROUP = "default";

    public GroupQuota {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("group name must not be blank");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("group " + name + ": weight must be a finite number > 0, got " + weight);
        }
        guarantee = scalars(guarantee);
        limit = scalars(limit);
        Optional<String> invalid = GroupLimits.invalidQuota(guarantee, limit);
        if (invalid.isPresent()) {
            throw new IllegalArgumentException("group " + name + ": " + invalid.get());
        }
    }

    /** Weight 1, no guarantee, no limit: what a group has until told otherwise. */
    public static GroupQuota defaults(String name) {
        return new GroupQuota(name, 1.0, null, null);
    }

    private static Resources scalars(Resources r) {
        return r == null ? Resources.EMPTY : new Resources(r.milliCpus(), r.memMb(), r.diskMb(), PortRanges.EMPTY);
    }
}
