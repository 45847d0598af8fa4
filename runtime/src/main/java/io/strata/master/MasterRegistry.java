package io.strata.master;

import io.strata.allocator.DrfAllocator;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.ClusterState;
import io.strata.protocol.FrameworkEvent;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The master's registries of agents, frameworks and tasks. Owned by the master actor alone. */
final class MasterRegistry {

    /** How many ended tasks the master remembers for reconciliation and `task list`. */
    static final int COMPLETED_TASKS_KEPT = 2000;

    static final class AgentEntry {
        final AgentId id;
        String host;
        Resources total;
        Map<String, String> attributes;
        ActorRef<AgentCommand> ref;
        long lastSeenMillis;

        AgentEntry(AgentId id, String host, Resources total, Map<String, String> attributes,
                   ActorRef<AgentCommand> ref, long now) {
            this.id = id;
            this.host = host;
            this.total = total;
            this.attributes = attributes;
            this.ref = ref;
            this.lastSeenMillis = now;
        }
    }

    static final class FrameworkEntry {
        final FrameworkId id;
        String name;
        String role;
        ActorRef<FrameworkEvent> ref;
        long lastSeenMillis;
        boolean active = true;
        long deactivatedAtMillis;

        FrameworkEntry(FrameworkId id, String name, String role, ActorRef<FrameworkEvent> ref, long now) {
            this.id = id;
            this.name = name;
            this.role = role;
            this.ref = ref;
            this.lastSeenMillis = now;
        }
    }

    static final class TaskEntry {
        final FrameworkId frameworkId;
        final TaskSpec spec;
        final AgentId agentId;
        TaskStatus status;
        final long launchedAtMillis;

        TaskEntry(FrameworkId frameworkId, TaskSpec spec, AgentId agentId, TaskStatus status, long now) {
            this.frameworkId = frameworkId;
            this.spec = spec;
            this.agentId = agentId;
            this.status = status;
            this.launchedAtMillis = now;
        }
    }

    /** A persistent volume: its disk stays allocated to its framework on its agent until destroyed. */
    record VolumeEntry(String id, AgentId agentId, FrameworkId frameworkId, long sizeMb) {
    }

    final Map<AgentId, AgentEntry> agents = new HashMap<>();
    final Map<String, VolumeEntry> volumes = new HashMap<>();
    /** Volumes to destroy as soon as no live task uses them. */
    final java.util.Set<String> volumesToDestroy = new java.util.HashSet<>();
    final Map<FrameworkId, FrameworkEntry> frameworks = new HashMap<>();
    /** Tasks not yet ended. */
    final Map<TaskId, TaskEntry> active = new HashMap<>();
    /** Ended tasks, oldest first, bounded. */
    final LinkedHashMap<TaskId, TaskEntry> completed = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskId, TaskEntry> eldest) {
            return size() > COMPLETED_TASKS_KEPT;
        }
    };

    TaskEntry task(TaskId id) {
        TaskEntry t = active.get(id);
        return t != null ? t : completed.get(id);
    }

    List<TaskEntry> activeTasksOn(AgentId agent) {
        List<TaskEntry> out = new ArrayList<>();
        for (TaskEntry t : active.values()) {
            if (agent.equals(t.agentId)) {
                out.add(t);
            }
        }
        return out;
    }

    List<TaskEntry> tasksOf(FrameworkId fw) {
        List<TaskEntry> out = new ArrayList<>();
        for (TaskEntry t : active.values()) {
            if (fw.equals(t.frameworkId)) {
                out.add(t);
            }
        }
        for (TaskEntry t : completed.values()) {
            if (fw.equals(t.frameworkId)) {
                out.add(t);
            }
        }
        return out;
    }

    boolean volumeInUse(String volumeId) {
        for (TaskEntry t : active.values()) {
            if (t.spec.volume() != null && t.spec.volume().id().equals(volumeId)) {
                return true;
            }
        }
        return false;
    }

    void markCompleted(TaskEntry t) {
        active.remove(t.spec.taskId());
        completed.put(t.spec.taskId(), t);
    }

    ClusterState snapshot(String epoch, String address, long leaderSince, DrfAllocator allocator,
                          ClusterState.AllocationStats stats) {
        Map<AgentId, Integer> tasksPerAgent = new HashMap<>();
        Map<FrameworkId, Integer> tasksPerFramework = new HashMap<>();
        for (TaskEntry t : active.values()) {
            tasksPerAgent.merge(t.agentId, 1, Integer::sum);
            tasksPerFramework.merge(t.frameworkId, 1, Integer::sum);
        }
        List<ClusterState.AgentView> agentViews = new ArrayList<>();
        for (AgentEntry a : agents.values()) {
            agentViews.add(new ClusterState.AgentView(a.id, a.host, true, a.total, allocator.used(a.id),
                    allocator.offered(a.id), a.attributes, tasksPerAgent.getOrDefault(a.id, 0)));
        }
        agentViews.sort(Comparator.comparing(ClusterState.AgentView::id));
        List<ClusterState.FrameworkView> fwViews = new ArrayList<>();
        for (FrameworkEntry f : frameworks.values()) {
            fwViews.add(new ClusterState.FrameworkView(f.id, f.name, f.role, f.active, allocator.allocatedTo(f.id),
                    allocator.dominantShare(f.id), tasksPerFramework.getOrDefault(f.id, 0)));
        }
        fwViews.sort(Comparator.comparing(ClusterState.FrameworkView::name)
                .thenComparing(ClusterState.FrameworkView::id));
        List<ClusterState.TaskView> taskViews = new ArrayList<>();
        addViews(taskViews, completed.values());
        addViews(taskViews, active.values());
        List<ClusterState.VolumeView> volumeViews = new ArrayList<>();
        for (VolumeEntry v : volumes.values()) {
            volumeViews.add(new ClusterState.VolumeView(v.id(), v.agentId(), v.frameworkId(), v.sizeMb()));
        }
        volumeViews.sort(Comparator.comparing(ClusterState.VolumeView::id));
        return new ClusterState(epoch, address, leaderSince, agentViews, fwViews, taskViews,
                allocator.outstandingOffers().size(), stats, volumeViews);
    }

    private void addViews(List<ClusterState.TaskView> out, Collection<TaskEntry> entries) {
        for (TaskEntry t : entries) {
            FrameworkEntry f = frameworks.get(t.frameworkId);
            AgentEntry a = t.agentId == null ? null : agents.get(t.agentId);
            out.add(new ClusterState.TaskView(t.frameworkId, f == null ? t.frameworkId.value() : f.name, t.spec,
                    t.status, a == null ? "" : a.host));
        }
    }
}
