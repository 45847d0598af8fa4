package io.strata.service;

import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.time.Duration;
import java.util.List;

/** What the service planner decided to do; the scheduler actor carries these out, in order. */
sealed interface ServiceAction {

    /** Write the service's record (always the first action of a decision that changed it). */
    record Save(ServiceRecord record) implements ServiceAction {
    }

    record Launch(OfferId offerId, List<TaskSpec> tasks) implements ServiceAction {
        public Launch {
            tasks = List.copyOf(tasks);
        }
    }

    record Decline(OfferId offerId, Duration refuse) implements ServiceAction {
    }

    /** {@code graceMillis}: the time between SIGTERM and SIGKILL; null for the agent's default. */
    record Kill(TaskId taskId, Long graceMillis) implements ServiceAction {
        Kill(TaskId taskId) {
            this(taskId, null);
        }
    }

    record DestroyVolume(String volumeId) implements ServiceAction {
    }

    record Revive() implements ServiceAction {
    }

    record Suppress() implements ServiceAction {
    }

    /** Run the definition's readiness check off the actor's thread and feed back a {@link ServiceInput.Readiness}. */
    record CheckReadiness(PodView pod, ServiceView view, String taskId) implements ServiceAction {
    }

    /** Ask the master which volumes of ours it holds and feed back a {@link ServiceInput.VolumesReport}. */
    record AskVolumes() implements ServiceAction {
    }

    /** The service is gone: tear its framework down, forget its record and stop. */
    record Finish() implements ServiceAction {
    }

    /** One log line of key=value pairs. */
    record Log(boolean warning, String line) implements ServiceAction {
    }
}
