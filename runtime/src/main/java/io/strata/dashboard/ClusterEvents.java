package io.strata.dashboard;

import io.strata.adhoc.AdhocProtocol;
import io.strata.group.Group;
import io.strata.protocol.ClusterState;
import io.strata.resources.FrameworkId;
import io.strata.resources.TaskState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The cluster's recent events, found by comparing each snapshot of the cluster (and the ad-hoc
 * framework's queue) with the one before: every task state change with its reason (so a task's page
 * shows its reason history), a changed reason of a waiting task, agents registering and lost, and the
 * master moving to another node. Pure: the sampler passes each snapshot with its time. The first
 * snapshot is the baseline and yields no events. Keeps the last {@code capacity} events.
 */
public final class ClusterEvents {

    public static final int DEFAULT_CAPACITY = 2000;

    /** Kinds, as the API spells them. */
    public static final String TASK_STATE = "task-state";
    public static final String TASK_PENDING = "task-pending";
    public static final String AGENT_REGISTERED = "agent-registered";
    public static final String AGENT_LOST = "agent-lost";
    public static final String MASTER_CHANGED = "master-changed";

    /**
     * One event; task, agent, group and state are null when they do not apply.
     *
     * @param severity info, warning or error
     */
    public record Event(long seq, long atMillis, String kind, String severity, String task, String agent, String group,
                        String state, String text) {
    }

    private record TaskSeen(String state, String reason, String group) {
    }

    private final int capacity;
    private final Deque<Event> ring = new ArrayDeque<>();
    private long seq;
    private boolean started;
    private String masterAddress;
    private String masterEpoch;
    private final Map<String, Boolean> agentsActive = new HashMap<>();
    private final Map<String, TaskSeen> tasks = new HashMap<>();

    public ClusterEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the events ring needs room for at least 1 event, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Takes in a snapshot and returns the events it brings, oldest first.
     *
     * @param pending the ad-hoc framework's queue, or null when it did not answer (its tasks then keep
     *                what was last seen of them)
     */
    public List<Event> observe(ClusterState state, AdhocProtocol.PendingList pending, long nowMillis) {
        List<Event> out = new ArrayList<>();
        boolean baseline = !started;
        started = true;
        master(state, nowMillis, baseline, out);
        agents(state, nowMillis, baseline, out);
        tasks(state, pending, nowMillis, baseline, out);
        return out;
    }

    private void master(ClusterState state, long now, boolean baseline, List<Event> out) {
        String address = state.masterAddress();
        if (!baseline && address != null && (!address.equals(masterAddress)
                || state.masterEpoch() != null && !state.masterEpoch().equals(masterEpoch))) {
            String text = address.equals(masterAddress) ? "the master restarted on " + address
                    : "the master moved to " + address + (masterAddress == null ? "" : " (was " + masterAddress + ")");
            out.add(add(now, MASTER_CHANGED, "warning", null, null, null, null, text));
        }
        masterAddress = address;
        masterEpoch = state.masterEpoch();
    }

    private void agents(ClusterState state, long now, boolean baseline, List<Event> out) {
        Map<String, Boolean> seen = new HashMap<>();
        for (ClusterState.AgentView a : state.agents()) {
            String id = a.id().value();
            seen.put(id, a.active());
            Boolean before = agentsActive.get(id);
            if (baseline) {
                continue;
            }
            if (a.active() && !Boolean.TRUE.equals(before)) {
                out.add(add(now, AGENT_REGISTERED, "info", null, id, null, null, before == null
                        ? "agent " + id + " (" + a.host() + ") registered with " + a.total().inWords()
                        : "agent " + id + " (" + a.host() + ") is back"));
            } else if (!a.active() && Boolean.TRUE.equals(before)) {
                out.add(add(now, AGENT_LOST, "warning", null, id, null, null, "agent " + id + " (" + a.host()
                        + ") was lost; its tasks are LOST"));
            }
        }
        if (!baseline) {
            for (Map.Entry<String, Boolean> e : agentsActive.entrySet()) {
                if (!seen.containsKey(e.getKey()) && e.getValue()) {
                    out.add(add(now, AGENT_LOST, "warning", null, e.getKey(), null, null, "agent " + e.getKey()
                            + " was lost and removed"));
                }
            }
        }
        agentsActive.clear();
        agentsActive.putAll(seen);
    }

    private void tasks(ClusterState state, AdhocProtocol.PendingList pending, long now, boolean baseline,
                       List<Event> out) {
        Map<FrameworkId, String> groups = new HashMap<>();
        state.frameworks().forEach(f -> groups.put(f.id(), Group.ofRole(f.role())));
        Map<String, TaskSeen> seen = new HashMap<>();
        for (ClusterState.TaskView t : state.tasks()) {
            String id = t.spec().taskId().value();
            String agent = t.status().agentId() == null ? null : t.status().agentId().value();
            TaskSeen now1 = new TaskSeen(t.status().state().name(), t.status().reason(),
                    groups.getOrDefault(t.frameworkId(), Group.DEFAULT));
            seen.put(id, now1);
            if (!baseline) {
                taskChange(id, t.spec().name(), agent, tasks.get(id), now1, now, out);
            }
        }
        if (pending == null) {
            // The queue did not answer: its tasks stay as they were last seen.
            tasks.forEach((id, s) -> {
                if (s.state().equals(TaskState.PENDING.name())) {
                    seen.putIfAbsent(id, s);
                }
            });
        } else {
            for (AdhocProtocol.PendingTask p : pending.tasks()) {
                TaskSeen now1 = new TaskSeen(TaskState.PENDING.name(), p.reason(), p.groupName());
                if (seen.putIfAbsent(p.id(), now1) == null && !baseline) {
                    taskChange(p.id(), p.name(), null, tasks.get(p.id()), now1, now, out);
                }
            }
        }
        tasks.clear();
        tasks.putAll(seen);
    }

    private void taskChange(String id, String name, String agent, TaskSeen before, TaskSeen after, long now,
                            List<Event> out) {
        String who = name == null || name.isBlank() || name.equals(id) ? "task " + id : "task " + id + " (" + name + ")";
        String reason = after.reason() == null || after.reason().isBlank() ? "" : ": " + after.reason();
        if (before == null || !before.state().equals(after.state())) {
            String severity = switch (after.state()) {
                case "FAILED" -> "error";
                case "LOST" -> "warning";
                default -> "info";
            };
            out.add(add(now, TASK_STATE, severity, id, agent, after.group(), after.state(),
                    who + " is " + after.state() + (agent == null ? "" : " on " + agent) + reason));
        } else if (after.state().equals(TaskState.PENDING.name()) && !after.reason().equals(before.reason())) {
            out.add(add(now, TASK_PENDING, "info", id, null, after.group(), after.state(), who + " waits" + reason));
        }
    }

    private Event add(long now, String kind, String severity, String task, String agent, String group, String state,
                      String text) {
        Event e = new Event(++seq, now, kind, severity, task, agent, group, state, text);
        ring.addLast(e);
        while (ring.size() > capacity) {
            ring.removeFirst();
        }
        return e;
    }

    /**
     * Kept events with seq above {@code after}, oldest first, that {@code visible} admits: the first
     * {@code limit} of them when {@code after} is given (paging forward), else the newest {@code limit}.
     */
    public List<Event> after(Long after, int limit, Predicate<Event> visible) {
        List<Event> all = new ArrayList<>();
        for (Event e : ring) {
            if ((after == null || e.seq() > after) && visible.test(e)) {
                all.add(e);
            }
        }
        if (all.size() <= limit) {
            return all;
        }
        return after != null ? all.subList(0, limit) : all.subList(all.size() - limit, all.size());
    }

    /** The seq of the newest event (0 before the first). */
    public long lastSeq() {
        return seq;
    }

    public int size() {
        return ring.size();
    }
}
