package io.strata.spark;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executors of one Spark application, decided purely: how many Spark wants (its target), which
 * to launch on an offer, which still-starting ones to cancel when the target drops, and when to
 * give up on executors that keep failing before they register. The actor applies the decisions.
 */
final class ExecutorPlan {

    /** One executor task. {@code registered}: its JVM reached the driver; {@code killed}: we asked it to end. */
    record Executor(String id, TaskId taskId, TaskState state, String agentId, boolean registered, boolean killed,
                    String reason) {

        boolean counts() {
            return !state.isTerminal() && !killed;
        }

        Executor with(TaskState s, String why) {
            return new Executor(id, taskId, s, agentId, registered, killed, why);
        }
    }

    private final String appId;
    private final int maxFailures;
    private final Map<String, Executor> executors = new LinkedHashMap<>();
    private int target;
    private int nextId = 1;
    private int failedStarts;
    private String problem;

    ExecutorPlan(String appId, int maxFailures) {
        this.appId = appId;
        this.maxFailures = maxFailures;
    }

    static String executorIdOf(TaskId taskId) {
        String v = taskId.value();
        return v.substring(v.lastIndexOf("-exec-") + "-exec-".length());
    }

    int target() {
        return target;
    }

    /** Why no more executors will be launched, or null. */
    String problem() {
        return problem;
    }

    List<Executor> executors() {
        return List.copyOf(executors.values());
    }

    /** Executors Spark wants that are neither running nor on their way. */
    int missing() {
        if (problem != null) {
            return 0;
        }
        return Math.max(0, target - (int) executors.values().stream().filter(Executor::counts).count());
    }

    /**
     * Takes Spark's new target and which executors have registered. Returns the tasks to cancel:
     * executors still starting when the target dropped, newest first (Spark itself only kills the
     * registered ones it finds idle).
     */
    List<TaskId> retarget(int newTarget, Set<String> registered) {
        target = Math.max(0, newTarget);
        executors.replaceAll((id, e) -> registered.contains(id) && !e.registered()
                ? new Executor(e.id(), e.taskId(), e.state(), e.agentId(), true, e.killed(), e.reason()) : e);
        long active = executors.values().stream().filter(Executor::counts).count();
        List<Executor> starting = new ArrayList<>(executors.values().stream()
                .filter(e -> e.counts() && !e.registered()).toList());
        List<TaskId> cancel = new ArrayList<>();
        for (int i = starting.size() - 1; i >= 0 && active > target; i--, active--) {
            cancel.add(markKilled(starting.get(i).id(), "cancelled: Spark no longer needs it"));
        }
        return cancel;
    }

    /** The ids of new executors to launch on an offer of {@code free}, each needing {@code each}. */
    List<String> claim(String agentId, Resources free, Resources each) {
        List<String> ids = new ArrayList<>();
        Resources left = free;
        int want = missing();
        while (ids.size() < want && left.containsScalars(each)) {
            left = left.minus(each);
            String id = Integer.toString(nextId++);
            executors.put(id, new Executor(id, taskIdOf(id), TaskState.STAGING, agentId, false, false, "launching"));
            ids.add(id);
        }
        return ids;
    }

    TaskId taskIdOf(String executorId) {
        return TaskId.of(appId + "-exec-" + executorId);
    }

    /** Spark asked to kill these executors; returns the tasks to kill. */
    List<TaskId> kill(Collection<String> ids) {
        List<TaskId> kills = new ArrayList<>();
        for (String id : ids) {
            Executor e = executors.get(id);
            if (e != null && !e.state().isTerminal()) {
                kills.add(markKilled(id, "killed: Spark released it"));
            }
        }
        return kills;
    }

    /** A status of one of this application's tasks. Counts executors that failed before registering. */
    void update(TaskStatus status) {
        String id = executorIdOf(status.taskId());
        Executor e = executors.get(id);
        if (e == null && !status.state().isTerminal()) {
            adopt(id, status);
            return;
        }
        if (e == null || e.state().isTerminal()) {
            return;
        }
        executors.put(id, new Executor(id, e.taskId(), status.state(),
                status.agentId() == null ? e.agentId() : status.agentId().value(), e.registered(), e.killed(),
                status.reason()));
        boolean failedToStart = (status.state() == TaskState.FAILED || status.state() == TaskState.LOST)
                && !e.registered() && !e.killed();
        if (failedToStart && ++failedStarts >= maxFailures && problem == null) {
            problem = failedStarts + " executors failed before reaching the driver; the last: " + status.reason();
        }
    }

    /** A live executor this plan did not launch: a framework instance before a failover did. */
    private void adopt(String id, TaskStatus status) {
        executors.put(id, new Executor(id, status.taskId(), status.state(),
                status.agentId() == null ? null : status.agentId().value(), false, false, status.reason()));
        try {
            nextId = Math.max(nextId, Integer.parseInt(id) + 1);
        } catch (NumberFormatException notOurs) {
            // an id we never give out cannot collide with ours
        }
    }

    /** Forgets executors that ended long ago, keeping the list readable; live ones always stay. */
    void pruneEnded(int keep) {
        List<String> ended = executors.values().stream().filter(e -> e.state().isTerminal()).map(Executor::id).toList();
        for (int i = 0; i < ended.size() - keep; i++) {
            executors.remove(ended.get(i));
        }
    }

    private TaskId markKilled(String id, String why) {
        Executor e = executors.get(id);
        executors.put(id, new Executor(id, e.taskId(), e.state(), e.agentId(), e.registered(), true, why));
        return e.taskId();
    }
}
