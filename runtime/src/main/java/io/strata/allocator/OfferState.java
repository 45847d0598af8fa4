package io.strata.allocator;

import io.strata.resources.Offer;

import java.time.Instant;

/** An outstanding offer with the books it is charged to; identity-compared on purpose. */
final class OfferState {

    final Offer offer;
    final AgentState agent;
    final FrameworkState framework;
    final Instant expiresAt;

    OfferState(Offer offer, AgentState agent, FrameworkState framework, Instant expiresAt) {
        this.offer = offer;
        this.agent = agent;
        this.framework = framework;
        this.expiresAt = expiresAt;
    }
}
