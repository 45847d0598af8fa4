package io.strata.apps;

import java.util.Map;

/**
 * One instance of an app as the apps framework keeps it (saved with the app's record): the task that
 * runs it now, if any, where, its health and why it is in its state.
 *
 * @param stale          marked for replacement by a restart deployment (same version, new instances)
 * @param taskId         its current task, or null while it waits for an offer or its restart backoff
 * @param notBeforeMillis when it may be launched (its restart backoff), 0 for at once
 * @param recentFailures how often its process ended since it was last stable (drives the backoff)
 * @param health         its checks' verdict while its task runs, or null
 * @param stickTo        where it ran, for a sticky app's instance waiting to start again there; else null
 */
public record AppInstance(String id, int version, boolean stale, InstanceState state, String reason, String taskId,
                          String agentId, String host, Map<String, Integer> ports, int restarts, int recentFailures,
                          long startedAtMillis, long notBeforeMillis, InstanceHealth health,
                          StickySpot stickTo) {

    public AppInstance {
        ports = ports == null ? Map.of() : Map.copyOf(ports);
    }

    /** A new instance of {@code version}, waiting for an offer. */
    public static AppInstance pending(String id, int version) {
        return pending(id, version, null);
    }

    /** A new instance of {@code version} replacing one that ran at {@code spot} (null: anywhere). */
    public static AppInstance pending(String id, int version, StickySpot spot) {
        return new AppInstance(id, version, false, InstanceState.STARTING, spot == null ? "waiting for an offer"
                : "waiting for an offer from " + spot.where() + ", where the instance it replaces ran (sticky)", null,
                null, null, Map.of(), 0, 0, 0, 0, null, spot);
    }

    /** Whether it waits for a launch (no task) and may be launched at {@code now}. */
    public boolean launchable(long now) {
        return taskId == null && state != InstanceState.KILLING && notBeforeMillis <= now;
    }

    /** The instance as the deployment core sees it: a stale one counts as another version. */
    Instance core() {
        return new Instance(id, stale ? STALE_VERSION : version, state);
    }

    static final int STALE_VERSION = Integer.MAX_VALUE;

    public AppInstance withState(InstanceState s, String why) {
        return new AppInstance(id, version, stale, s, why, taskId, agentId, host, ports, restarts, recentFailures,
                startedAtMillis, notBeforeMillis, health, stickTo);
    }

    public AppInstance markedStale() {
        return new AppInstance(id, version, true, state, reason, taskId, agentId, host, ports, restarts, recentFailures,
                startedAtMillis, notBeforeMillis, health, stickTo);
    }

    /** Launched on {@code agent}: back where it ran, or (a sticky instance) elsewhere once its window ran out. */
    public AppInstance launched(String task, String agent, String onHost, Map<String, Integer> given) {
        String where = stickTo == null ? "launched on " + agent : stickTo.agentId().equals(agent)
                ? "launched again on " + agent + ", where it ran, with ports " + given
                : "launched on " + agent + ": its sticky window on " + stickTo.where() + " ran out";
        return new AppInstance(id, version, stale, InstanceState.STARTING, where + "; waiting for its process to start",
                task, agent, onHost, given, restarts, recentFailures, 0, 0, null, null);
    }

    public AppInstance running(HealthCheck check, long now) {
        InstanceHealth h = InstanceHealth.running(check, now);
        return new AppInstance(id, version, stale, h.state(), h.reason(), taskId, agentId, host, ports, restarts,
                recentFailures, now, notBeforeMillis, h, stickTo);
    }

    public AppInstance withHealth(InstanceHealth h) {
        InstanceState s = state == InstanceState.KILLING ? state : h.state();
        return new AppInstance(id, version, stale, s, state == InstanceState.KILLING ? reason : h.reason(), taskId,
                agentId, host, ports, restarts, recentFailures, startedAtMillis, notBeforeMillis, h, stickTo);
    }

    /**
     * Its process ended on its own: it starts again at {@code restartAtMillis}, at {@code spot} (a sticky app's)
     * or on any agent that fits (null).
     */
    public AppInstance ended(String why, int failures, long restartAtMillis, StickySpot spot) {
        return new AppInstance(id, version, stale, InstanceState.STARTING, why, null, null, null, Map.of(), restarts + 1,
                failures, 0, restartAtMillis, null, spot);
    }
}
