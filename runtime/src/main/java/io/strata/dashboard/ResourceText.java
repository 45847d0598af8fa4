package io.strata.dashboard;

import io.strata.resources.Resources;

/** Resources in the words of the dashboard's sentences, as the PENDING reasons write them: "2 cpus, 512 MB mem". */
final class ResourceText {

    private ResourceText() {
    }

    static String describe(Resources r) {
        String s = Resources.formatCpus(r.milliCpus()) + " cpus, " + r.memMb() + " MB mem";
        return r.diskMb() > 0 ? s + ", " + r.diskMb() + " MB disk" : s;
    }

    static String cpus(long milliCpus) {
        return Resources.formatCpus(milliCpus);
    }
}
