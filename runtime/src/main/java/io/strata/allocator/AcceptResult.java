package io.strata.allocator;

import io.strata.resources.Offer;
import io.strata.resources.Resources;

/** What {@link DrfAllocator#accept} decided; a rejection carries a reason a person can read. */
public sealed interface AcceptResult {

    /** {@code used} is now held by the framework; {@code remainder} went back to the pool. */
    record Accepted(Offer offer, Resources used, Resources remainder) implements AcceptResult {}

    record Rejected(String reason) implements AcceptResult {}
}
