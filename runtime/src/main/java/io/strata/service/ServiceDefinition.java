package io.strata.service;

import io.strata.resources.TaskSpec;

import java.util.List;

/**
 * What a service is (the part a framework writes): its pods, the task that runs each pod given
 * where every pod lives, its readiness checks and how it deploys. The service SDK does the rest:
 * offers, placement, launches, restarts, rolling restarts, replace, scale and teardown.
 */
public interface ServiceDefinition {

    /** The pods, in deploy order. */
    List<PodTemplate> pods();

    /** Deploy all pods at once (after placing them all), or one after another. */
    DeployStrategy strategy();

    /**
     * The task for one pod. {@code view} has every placed pod (e.g. for quorum voters or seeds);
     * the SDK sets the task's id, volume and resources, so the returned spec gives the command,
     * arguments, environment and config files.
     */
    TaskSpec task(PodView pod, ServiceView view);

    /** Whether a running pod serves; called off the scheduler's thread, may block briefly. */
    boolean isReady(PodView pod, ServiceView view) throws Exception;

    /** Endpoints a user or pipeline connects to (e.g. "bootstrap" → "127.0.0.1:31000,…"). */
    java.util.Map<String, String> endpoints(ServiceView view);

    enum DeployStrategy {
        /** Place every pod first, then launch them together (quorum-based servers need every voter's address). */
        PARALLEL,
        /** Launch a pod once the previous one is ready (servers that join a ring one at a time). */
        SERIAL
    }
}
