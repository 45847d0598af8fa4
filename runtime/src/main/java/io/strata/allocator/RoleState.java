package io.strata.allocator;

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
    /** Allocation of all its frameworks, including inactive ones: their holdings still count. */
    final ScalarSum allocated = new ScalarSum();
    /** The sort key among roles; changed by {@link ShareOrder} only, while dequeued. */
    double weightedShare;
    /** Its frameworks that want offers, lowest share first. */
    final TreeSet<FrameworkState> queue = new TreeSet<>(FrameworkState.BY_SHARE);

    RoleState(String name) {
        this.name = name;
    }
}
