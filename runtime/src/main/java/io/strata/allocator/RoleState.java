package io.strata.allocator;

import io.strata.resources.Resources;

import java.util.Comparator;
import java.util.TreeSet;

/** A role: the first level of hierarchical DRF, holding the frameworks that want offers. */
final class RoleState {

    /** Lowest weighted share first; the name breaks ties. */
    static final Comparator<RoleState> BY_WEIGHTED_SHARE = (a, b) -> {
        int c = Double.compare(a.weightedShare, b.weightedShare);
        return c != 0 ? c : a.name.compareTo(b.name);
    };

    final String name;
    double weight = 1.0;
    /** What it is entitled to before other roles grow past their own guarantee; scalars, 0 = none. */
    Resources guarantee = Resources.EMPTY;
    /** The most it may hold plus have on offer, per scalar; 0 = no limit on that resource. */
    Resources limit = Resources.EMPTY;
    /** Allocation of all its frameworks, including inactive ones: their holdings still count. */
    final ScalarSum allocated = new ScalarSum();
    /** The sort key among roles; changed by {@link ShareOrder} only, while dequeued. */
    double weightedShare;
    /** Its frameworks that want offers, lowest share first. */
    final TreeSet<FrameworkState> queue = new TreeSet<>(FrameworkState.BY_SHARE);

    RoleState(String name) {
        this.name = name;
    }

    boolean hasGuarantee() {
        return guarantee.milliCpus() > 0 || guarantee.memMb() > 0 || guarantee.diskMb() > 0;
    }

    boolean hasLimit() {
        return limit.milliCpus() > 0 || limit.memMb() > 0 || limit.diskMb() > 0;
    }

    /** Holds less than its guarantee of some resource. */
    boolean belowGuarantee() {
        return allocated.milliCpus < guarantee.milliCpus() || allocated.memMb < guarantee.memMb()
                || allocated.diskMb < guarantee.diskMb();
    }

    /** Adds ({@code sign} 1) or removes (-1) what its guarantee still lacks to {@code sum}. */
    void addUnmetGuarantee(ScalarSum sum, int sign) {
        sum.milliCpus += sign * Math.max(0, guarantee.milliCpus() - allocated.milliCpus);
        sum.memMb += sign * Math.max(0, guarantee.memMb() - allocated.memMb);
        sum.diskMb += sign * Math.max(0, guarantee.diskMb() - allocated.diskMb);
    }
}
