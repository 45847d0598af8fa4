package io.strata.allocator;

import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

/** What a request lacks, for rejection messages. */
final class Shortfall {

    private Shortfall() {
    }

    /**
     * {@link Resources#shortfall} compares port counts only; this also names the ports when the
     * count fits but the numbers do not ("2 cpus, ports 8080").
     */
    static String describe(Resources have, Resources wanted) {
        String scalars = have.shortfall(wanted);
        PortRanges missingPorts = wanted.ports().minus(have.ports());
        if (missingPorts.isEmpty() || scalars.contains("ports")) {
            return scalars;
        }
        String ports = "ports " + missingPorts;
        return scalars.isEmpty() ? ports : scalars + ", " + ports;
    }
}
