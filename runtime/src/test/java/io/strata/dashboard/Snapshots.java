package io.strata.dashboard;

import io.strata.adhoc.AdhocProtocol;
import io.strata.protocol.ClusterState;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cluster snapshots for the dashboard's unit tests, built step by step. */
final class Snapshots {

    static final FrameworkId ADHOC = FrameworkId.of("fw-tasks");
    static final FrameworkId IOT = FrameworkId.of("fw-iot");

    private String master = "pekko://strata@127.0.0.1:25520";
    private String epoch = "epoch-1";
    private final List<ClusterState.AgentView> agents = new ArrayList<>();
    private final List<ClusterState.TaskView> tasks = new ArrayList<>();
    private final List<ClusterState.GroupView> groups = new ArrayList<>();
    private final List<AdhocProtocol.PendingTask> pending = new ArrayList<>();

    static Snapshots cluster() {
        return new Snapshots();
    }

    Snapshots master(String address, String newEpoch) {
        master = address;
        epoch = newEpoch;
        return this;
    }

    Snapshots agent(String id, boolean active, Resources total, Resources used, Resources offered,
                    Map<String, String> attributes) {
        agents.add(new ClusterState.AgentView(AgentId.of(id), "10.0.0." + (agents.size() + 1), active, total, used,
                offered, attributes, 0));
        return this;
    }

    Snapshots agent(String id, double cpus, long memMb, double usedCpus, long usedMem) {
        return agent(id, true, Resources.of(cpus, memMb, 1000, PortRanges.range(31000, 31009)),
                Resources.of(usedCpus, usedMem), Resources.EMPTY, Map.of());
    }

    Snapshots task(String id, FrameworkId fw, TaskState state, String reason, String agent) {
        TaskSpec spec = new TaskSpec(TaskId.of(id), "job-" + id, "sleep", List.of("1"), Map.of(), Resources.of(1, 64),
                Map.of());
        tasks.add(new ClusterState.TaskView(fw, fw.value(), spec, new TaskStatus(TaskId.of(id), fw,
                agent == null ? null : AgentId.of(agent), state, reason, null, null, 0), agent == null ? "" : agent));
        return this;
    }

    Snapshots group(String name, Resources limit, Resources used) {
        groups.add(new ClusterState.GroupView(name, 1, Resources.EMPTY, limit, used));
        return this;
    }

    Snapshots group(String name, Resources guarantee, Resources limit, Resources used) {
        groups.add(new ClusterState.GroupView(name, 1, guarantee, limit, used));
        return this;
    }

    Snapshots pending(String id, String reason, String group) {
        pending.add(new AdhocProtocol.PendingTask(id, "wait-" + id, Resources.of(1, 64), List.of("true"), reason, 0, group));
        return this;
    }

    ClusterState state() {
        List<ClusterState.FrameworkView> frameworks = List.of(
                new ClusterState.FrameworkView(ADHOC, "strata-tasks", "*", true, Resources.EMPTY, 0, 0),
                new ClusterState.FrameworkView(IOT, "iot-tasks", "iot", true, Resources.EMPTY, 0, 0));
        return new ClusterState(epoch, master, 0, List.copyOf(agents), frameworks, List.copyOf(tasks), 0,
                new ClusterState.AllocationStats(0, 0, 0, 0, 0, 0, 0), List.of(), List.copyOf(groups));
    }

    AdhocProtocol.PendingList queue() {
        return new AdhocProtocol.PendingList("strata-tasks", List.copyOf(pending));
    }
}
