package io.strata.master;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks the master knows: active ones (indexed by agent, so a heartbeat costs the agent's
 * tasks, not the cluster's) and a bounded history of ended ones for reconciliation and listings.
 */
final class TaskBook {

    /** How many ended tasks the master remembers for reconciliation and `task list`. */
    static final int COMPLETED_TASKS_KEPT = 2000;

    /**
     * One task; {@code launchSeq} is this master's number for its launch on its agent, 0 for a
     * task adopted from a heartbeat (its agent already had it).
     */
    record TaskEntry(FrameworkId frameworkId, TaskSpec spec, AgentId agentId, TaskStatus status,
                     long launchSeq) {

        TaskId id() {
            return spec.taskId();
        }

        TaskEntry withStatus(TaskStatus newStatus) {
            return new TaskEntry(frameworkId, spec, agentId, newStatus, launchSeq);
        }
    }

    private final Map<TaskId, TaskEntry> active = new LinkedHashMap<>();
    private final Map<AgentId, Set<TaskId>> activeByAgent = new HashMap<>();
    /** Oldest first; the eldest is dropped past the bound. */
    private final LinkedHashMap<TaskId, TaskEntry> completed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskId, TaskEntry> eldest) {
            return size() > COMPLETED_TASKS_KEPT;
        }
    };

    /** The active entry, else the ended one, else null. */
    TaskEntry task(TaskId id) {
        TaskEntry t = active.get(id);
        return t != null ? t : completed.get(id);
    }

    TaskEntry active(TaskId id) {
        return active.get(id);
    }

    Set<TaskId> activeIds() {
        return Collections.unmodifiableSet(active.keySet());
    }

    Collection<TaskEntry> active() {
        return Collections.unmodifiableCollection(active.values());
    }

    Collection<TaskEntry> completed() {
        return Collections.unmodifiableCollection(completed.values());
    }

    /** A copy, so the caller may end tasks while it walks them. */
    List<TaskEntry> activeOn(AgentId agent) {
        Set<TaskId> ids = activeByAgent.getOrDefault(agent, Set.of());
        List<TaskEntry> out = new ArrayList<>(ids.size());
        for (TaskId id : ids) {
            out.add(active.get(id));
        }
        return out;
    }

    int activeCountOn(AgentId agent) {
        return activeByAgent.getOrDefault(agent, Set.of()).size();
    }

    List<TaskEntry> activeOf(FrameworkId fw) {
        List<TaskEntry> out = new ArrayList<>();
        for (TaskEntry t : active.values()) {
            if (fw.equals(t.frameworkId())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Active tasks first, then ended ones, oldest first. */
    List<TaskEntry> of(FrameworkId fw) {
        List<TaskEntry> out = activeOf(fw);
        for (TaskEntry t : completed.values()) {
            if (fw.equals(t.frameworkId())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Adds or replaces an active task; returns the entry it replaced, or null. */
    TaskEntry putActive(TaskEntry t) {
        TaskEntry old = active.put(t.id(), t);
        if (old != null) {
            unindex(old);
        }
        activeByAgent.computeIfAbsent(t.agentId(), k -> new LinkedHashSet<>()).add(t.id());
        return old;
    }

    /** Moves an active task to the ended ones, with its terminal status. */
    void complete(TaskEntry ended) {
        TaskEntry old = active.remove(ended.id());
        if (old != null) {
            unindex(old);
        }
        completed.put(ended.id(), ended);
    }

    /**
     * Records a task an agent reports as already ended. An active entry of the same id (another
     * agent's) stays: that agent still reports it and still holds its resources.
     */
    void putCompleted(TaskEntry ended) {
        completed.put(ended.id(), ended);
    }

    private void unindex(TaskEntry t) {
        Set<TaskId> ids = activeByAgent.get(t.agentId());
        if (ids != null && ids.remove(t.id()) && ids.isEmpty()) {
            activeByAgent.remove(t.agentId());
        }
    }
}
