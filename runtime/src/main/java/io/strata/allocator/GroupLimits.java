package io.strata.allocator;

import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sentences about group (role) quotas for people: why a request cannot fit its group's limit, why
 * it waits while resources are held for other groups' guarantees, and why a guarantee and limit
 * do not go together. Pure; the scheduler's PENDING reasons and the
 * groups API use it. Limits and guarantees count cpus, memory and disk; 0 for one resource (or a
 * null bundle) means none.
 */
public final class GroupLimits {

    private GroupLimits() {
    }

    /**
     * Why {@code wanted} cannot be placed in group {@code group}, which holds {@code used} (its
     * tasks plus its outstanding offers) under {@code limit}; empty when it fits. E.g. "group iot
     * is at its limit of 6 cpus", "group iot is at its limit of 8192 MB memory", or, for a
     * request bigger than the whole limit, "group iot has a limit of 6 cpus, less than the 8 cpus
     * this needs".
     */
    public static Optional<String> reason(String group, Resources limit, Resources used, Resources wanted) {
        if (limit == null || wanted == null) {
            return Optional.empty();
        }
        Resources held = used == null ? Resources.EMPTY : used;
        List<String> tooBig = new ArrayList<>();
        List<String> tooBigWanted = new ArrayList<>();
        List<String> atLimit = new ArrayList<>();
        check(limit.milliCpus(), held.milliCpus(), wanted.milliCpus(), Unit.CPUS, tooBig, tooBigWanted, atLimit);
        check(limit.memMb(), held.memMb(), wanted.memMb(), Unit.MEMORY, tooBig, tooBigWanted, atLimit);
        check(limit.diskMb(), held.diskMb(), wanted.diskMb(), Unit.DISK, tooBig, tooBigWanted, atLimit);
        if (!tooBig.isEmpty()) {
            return Optional.of("group " + group + " has a limit of " + String.join(" and ", tooBig)
                    + ", less than the " + String.join(" and ", tooBigWanted) + " this needs");
        }
        if (!atLimit.isEmpty()) {
            return Optional.of("group " + group + " is at its limit of " + String.join(" and ", atLimit));
        }
        return Optional.empty();
    }

    /** A group's guarantee and what it uses (held by tasks plus on offer), for {@link #heldForGuarantees}. */
    public record Usage(String group, Resources guarantee, Resources used) {
    }

    /**
     * Why {@code wanted}, though it would fit in what is unallocated in the cluster, waits: part of
     * that is held back for other groups below their guarantee (see the allocator's headroom).
     * E.g. "3 of the 4 free cpus are held for the guarantee of group iot". Empty when the
     * headroom is not what stops it. {@code unallocated} is the cluster's total less what tasks
     * hold and what is on offer.
     */
    public static Optional<String> heldForGuarantees(String group, Resources wanted, Resources unallocated,
                                                     List<Usage> groups) {
        long[] want = {wanted.milliCpus(), wanted.memMb(), wanted.diskMb()};
        long[] free = {unallocated.milliCpus(), unallocated.memMb(), unallocated.diskMb()};
        long[] required = new long[3];
        long[] ownUnmet = new long[3];
        List<String> holders = new ArrayList<>();
        for (Usage u : groups) {
            long[] g = {u.guarantee().milliCpus(), u.guarantee().memMb(), u.guarantee().diskMb()};
            long[] h = {u.used().milliCpus(), u.used().memMb(), u.used().diskMb()};
            boolean below = false;
            for (int i = 0; i < 3; i++) {
                long unmet = Math.max(0, g[i] - h[i]);
                required[i] += unmet;
                if (u.group().equals(group)) {
                    ownUnmet[i] = unmet;
                } else if (unmet > 0 && want[i] > 0) {
                    below = true;
                }
            }
            if (below) {
                holders.add(u.group());
            }
        }
        Unit[] units = Unit.values();
        for (int i = 0; i < 3; i++) {
            long may = ownUnmet[i] + Math.max(0, free[i] - required[i]);
            if (want[i] > 0 && want[i] <= free[i] && want[i] > may && !holders.isEmpty()) {
                long held = Math.min(free[i], required[i] - ownUnmet[i]);
                return Optional.of(heldAmount(units[i], held) + " of the " + freeAmount(units[i], free[i])
                        + " are held for the guarantee of group" + (holders.size() > 1 ? "s " : " ")
                        + String.join(", ", holders));
            }
        }
        return Optional.empty();
    }

    private static String freeAmount(Unit unit, long value) {
        return switch (unit) {
            case CPUS -> Resources.formatCpus(value) + " free cpus";
            case MEMORY -> value + " MB free memory";
            case DISK -> value + " MB free disk";
        };
    }

    private static String heldAmount(Unit unit, long value) {
        return unit == Unit.CPUS ? Resources.formatCpus(value) : value + " MB";
    }

    /** Why a guarantee does not fit under its limit (e.g. "guarantee of 8 cpus is above the limit of 6 cpus"). */
    public static Optional<String> invalidQuota(Resources guarantee, Resources limit) {
        if (guarantee == null || limit == null) {
            return Optional.empty();
        }
        List<String> over = new ArrayList<>();
        List<String> under = new ArrayList<>();
        overLimit(guarantee.milliCpus(), limit.milliCpus(), Unit.CPUS, over, under);
        overLimit(guarantee.memMb(), limit.memMb(), Unit.MEMORY, over, under);
        overLimit(guarantee.diskMb(), limit.diskMb(), Unit.DISK, over, under);
        if (over.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("guarantee of " + String.join(" and ", over) + " is above the limit of "
                + String.join(" and ", under));
    }

    /** E.g. "6 cpus", "8192 MB memory", "0 MB disk". */
    public static String amount(Unit unit, long value) {
        return switch (unit) {
            case CPUS -> Resources.formatCpus(value) + " cpus";
            case MEMORY -> value + " MB memory";
            case DISK -> value + " MB disk";
        };
    }

    /** The resources quotas count. */
    public enum Unit { CPUS, MEMORY, DISK }

    private static void check(long limit, long held, long wanted, Unit unit, List<String> tooBig,
                              List<String> tooBigWanted, List<String> atLimit) {
        if (limit <= 0 || wanted <= 0) {
            return;
        }
        if (wanted > limit) {
            tooBig.add(amount(unit, limit));
            tooBigWanted.add(amount(unit, wanted));
        } else if (held + wanted > limit) {
            atLimit.add(amount(unit, limit));
        }
    }

    private static void overLimit(long guarantee, long limit, Unit unit, List<String> over, List<String> under) {
        if (limit > 0 && guarantee > limit) {
            over.add(amount(unit, guarantee));
            under.add(amount(unit, limit));
        }
    }
}
