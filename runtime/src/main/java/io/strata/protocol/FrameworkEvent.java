package io.strata.protocol;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskStatus;

import java.util.List;

/** What the master tells a framework's scheduler driver. */
public interface FrameworkEvent extends StrataMessage {

    record Registered(FrameworkId frameworkId, String masterEpoch) implements FrameworkEvent {
    }

    record Offers(List<Offer> offers) implements FrameworkEvent {
    }

    record OfferRescinded(OfferId offerId) implements FrameworkEvent {
    }

    record StatusUpdate(TaskStatus status) implements FrameworkEvent {
    }

    record AgentLost(AgentId agentId, String reason) implements FrameworkEvent {
    }

    /** A request of the framework was refused (e.g. an invalid accept). */
    record Error(String message) implements FrameworkEvent {
    }
}
