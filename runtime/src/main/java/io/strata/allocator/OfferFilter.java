package io.strata.allocator;

import io.strata.resources.Resources;

import java.time.Instant;

/**
 * A framework's refusal of one agent (Mesos filter semantics): until {@code expiresAt} it does not
 * want that agent again as long as what the agent has free is no more than what it turned down.
 */
record OfferFilter(Resources refused, Instant expiresAt) {

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * More free than was refused is a different offer, so the filter no longer applies. The
     * identity test is the common case (an agent declined and left alone gets back the very
     * resources object it offered, see OfferLedger#close) and spares a port-range walk per check.
     */
    boolean covers(Resources free) {
        return free == refused || refused.contains(free);
    }
}
