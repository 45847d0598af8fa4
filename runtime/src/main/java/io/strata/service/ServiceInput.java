package io.strata.service;

import io.strata.resources.Resources;

import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the service planner reacts to: the master's callbacks, check results, the timer, operators. */
sealed interface ServiceInput {

    record OffersIn(List<Offer> offers) implements ServiceInput {
        public OffersIn {
            offers = List.copyOf(offers);
        }
    }

    record Rescinded(OfferId offerId) implements ServiceInput {
    }

    record TaskUpdate(TaskStatus status) implements ServiceInput {
    }

    /** The master lost an agent (silent past its timeout); {@code reason} says since when. */
    record AgentLost(String agentId, String reason) implements ServiceInput {
    }

    /** A readiness check's result for the task it ran against; {@code detail} says why not, if known. */
    record Readiness(String podId, String taskId, boolean ready, String detail) implements ServiceInput {
    }

    /** The ids of the volumes the master still holds for this service's framework. */
    record VolumesReport(Set<String> volumeIds) implements ServiceInput {
        public VolumesReport {
            volumeIds = Set.copyOf(volumeIds);
        }
    }

    /** The timer: readiness checks, held offers, backoffs, revive or suppress, the end of a delete. */
    record Tick() implements ServiceInput {
    }

    /** What the service's group holds now and its limit: waiting pods that would pass it say so. */
    record GroupRoom(String group, Resources used, Resources limit) implements ServiceInput {
    }

    record Restart() implements ServiceInput {
    }

    record Replace(String podId) implements ServiceInput {
    }

    record Scale(Map<String, String> config) implements ServiceInput {
        public Scale {
            config = Map.copyOf(config);
        }
    }

    /** {@code graceMillis}: how long each pod's task gets between SIGTERM and SIGKILL; null for the default. */
    record Delete(Long graceMillis) implements ServiceInput {
        Delete() {
            this(null);
        }
    }
}
