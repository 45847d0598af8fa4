package io.strata.allocator;

import io.strata.resources.Resources;

/**
 * STAND-IN (GROUPS branch) for ALLOC's helper that says why a request cannot fit its group;
 * ALLOC's version wins at merge (the callers in adhoc/, service/ and spark/ call {@link #reason}).
 */
public final class GroupLimits {

    private GroupLimits() {
    }

    /**
     * "group iot is at its limit of 6 cpus" when {@code used + wanted} goes past {@code limit} in some
     * resource; null when it fits or the group has no limit.
     */
    public static String reason(String group, Resources wanted, Resources used, Resources limit) {
        if (limit == null) {
            return null;
        }
        if (used.milliCpus() + wanted.milliCpus() > limit.milliCpus()) {
            return "group " + group + " is at its limit of " + Resources.formatCpus(limit.milliCpus()) + " cpus";
        }
        if (used.memMb() + wanted.memMb() > limit.memMb()) {
            return "group " + group + " is at its limit of " + limit.memMb() + " MB mem";
        }
        if (used.diskMb() + wanted.diskMb() > limit.diskMb()) {
            return "group " + group + " is at its limit of " + limit.diskMb() + " MB disk";
        }
        return null;
    }
}
