package io.strata.allocator;

import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

/**
 * A running total of the scalar resources (cpus, mem, disk). Ports are left out on purpose: they
 * are per host, so a sum across agents would merge equal port numbers of different hosts.
 */
final class ScalarSum {

    long milliCpus;
    long memMb;
    long diskMb;

    void add(Resources r) {
        milliCpus += r.milliCpus();
        memMb += r.memMb();
        diskMb += r.diskMb();
    }

    void subtract(Resources r) {
        milliCpus -= r.milliCpus();
        memMb -= r.memMb();
        diskMb -= r.diskMb();
    }

    void add(ScalarSum s, int sign) {
        milliCpus += sign * s.milliCpus;
        memMb += sign * s.memMb;
        diskMb += sign * s.diskMb;
    }

    boolean isZero() {
        return milliCpus == 0 && memMb == 0 && diskMb == 0;
    }

    boolean sameAs(ScalarSum o) {
        return milliCpus == o.milliCpus && memMb == o.memMb && diskMb == o.diskMb;
    }

    /**
     * The DRF dominant share: the largest fraction of any one resource of {@code total}. A resource
     * the cluster has none of cannot dominate (and must not divide by zero).
     */
    double dominantShareOf(ScalarSum total) {
        double share = 0;
        if (total.milliCpus > 0) {
            share = Math.max(share, (double) milliCpus / total.milliCpus);
        }
        if (total.memMb > 0) {
            share = Math.max(share, (double) memMb / total.memMb);
        }
        if (total.diskMb > 0) {
            share = Math.max(share, (double) diskMb / total.diskMb);
        }
        return share;
    }

    Resources toResources() {
        return new Resources(milliCpus, memMb, diskMb, PortRanges.EMPTY);
    }

    @Override
    public String toString() {
        return toResources().toString();
    }
}
