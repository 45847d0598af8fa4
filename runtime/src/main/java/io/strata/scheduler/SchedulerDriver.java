package io.strata.scheduler;

import io.strata.resources.FrameworkId;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** What a framework can ask of the master. Safe to call from any thread. */
public interface SchedulerDriver {

    FrameworkId frameworkId();

    /** Accepts an offer by launching tasks on it; what they leave unused goes back to the pool. */
    void launch(OfferId offerId, List<TaskSpec> tasks);

    /** Declines an offer; its agent is not offered to this framework again for {@code refuse}. */
    void decline(OfferId offerId, Duration refuse);

    /** Stop sending offers until {@link #revive()}. */
    void suppress();

    /** Resume offers and forget every decline filter. */
    void revive();

    /** Kills a task with the master's {@code kill-grace} between SIGTERM and SIGKILL. */
    void kill(TaskId taskId);

    /** Kills a task with this grace between SIGTERM and SIGKILL ({@link Duration#ZERO}: SIGKILL at once). */
    void kill(TaskId taskId, Duration grace);

    /** Asks for the latest status of these tasks; an empty collection asks for all of them. */
    void reconcile(Collection<TaskId> taskIds);

    /**
     * Destroys one of the framework's persistent volumes, giving its disk back; if a task still
     * uses it, the master destroys it when that task has ended.
     */
    void destroyVolume(String volumeId);

    /**
     * Stops the driver. With {@code teardown} the master kills every task of the framework and
     * forgets it; without, tasks keep running and a new driver with the same id takes them over.
     */
    void stop(boolean teardown);
}
