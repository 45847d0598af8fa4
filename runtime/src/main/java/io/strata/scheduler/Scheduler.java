package io.strata.scheduler;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskStatus;

import java.util.List;

/**
 * A framework's callbacks. The driver calls them one at a time, never concurrently, on its own
 * actor; they must not block for long.
 */
public interface Scheduler {

    /** The master took the framework's registration (again, after a master failover). */
    default void registered(SchedulerDriver driver, FrameworkId frameworkId, String masterEpoch) {
    }

    void resourceOffers(SchedulerDriver driver, List<Offer> offers);

    default void offerRescinded(SchedulerDriver driver, OfferId offerId) {
    }

    void statusUpdate(SchedulerDriver driver, TaskStatus status);

    default void agentLost(SchedulerDriver driver, AgentId agentId, String reason) {
    }

    /** The master refused a request of this framework. */
    default void error(SchedulerDriver driver, String message) {
    }
}
