package io.strata.master;

import io.strata.master.MasterInput.ReportedTask;
import io.strata.master.MasterInput.ReportedVolume;
import io.strata.protocol.ClusterState;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link MasterState} with plain numbers for time and records every input with the
 * effects decided for it, as Nomad's scheduler Harness records plans. No actors, no threads.
 */
final class MasterHarness {

    /** Strata's default timing (reference.conf), so the tests read in familiar numbers. */
    static final MasterSettings SETTINGS = new MasterSettings(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5));
    static final long START = 1_750_000_000_000L;
    static final String EPOCH = "e1";
    /** The fake ticker moves this much per read, so every allocation round "takes" exactly this long. */
    static final long ROUND_NANOS = 1_500_000;

    static final AgentId A1 = AgentId.of("a1");
    static final AgentId A2 = AgentId.of("a2");
    static final FrameworkId FW = FrameworkId.of("fw");
    static final FrameworkId OTHER = FrameworkId.of("other");
    static final Resources AGENT_TOTAL = Resources.of(4, 4096, 10_000, PortRanges.range(31000, 31009));

    /** One input, the time it was handled at, and what the core decided. */
    record Recorded(MasterInput input, long at, List<MasterEffect> effects) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private long now = START;
    private long ticks;
    final MasterState core = new MasterState(SETTINGS, EPOCH, "pekko://strata@127.0.0.1:2551", START,
            () -> ROUND_NANOS * ticks++);

    // ---- time and inputs

    long now() {
        return now;
    }

    void advance(Duration d) {
        now += d.toMillis();
    }

    List<MasterEffect> send(MasterInput input) {
        List<MasterEffect> effects = core.handle(input, now);
        recorded.add(new Recorded(input, now, effects));
        return effects;
    }

    List<Recorded> recorded() {
        return recorded;
    }

    // ---- agents

    List<MasterEffect> agentHeartbeat(AgentId agent, ReportedTask... tasks) {
        return agentHeartbeat(agent, "conn-" + agent + "-1", List.of(tasks), List.of());
    }

    List<MasterEffect> agentHeartbeat(AgentId agent, String connection, List<ReportedTask> tasks,
                                      List<ReportedVolume> volumes) {
        return send(new MasterInput.AgentHeartbeat(agent, "host-" + agent, AGENT_TOTAL, Map.of("rack", "r1"),
                tasks, volumes, connection));
    }

    /**
     * A heartbeat from {@code connection} echoing launch number {@code seq} of the master named
     * {@code epoch} ({@code epoch} null: the agent has had no numbered launch yet).
     */
    List<MasterEffect> agentHeartbeatEchoing(AgentId agent, String connection, String epoch, long seq,
                                             ReportedTask... tasks) {
        return send(new MasterInput.AgentHeartbeat(agent, "host-" + agent, AGENT_TOTAL, Map.of("rack", "r1"),
                List.of(tasks), List.of(), connection, epoch, seq));
    }

    /** A heartbeat of the agent's first connection echoing launch number {@code seq} of this master. */
    List<MasterEffect> agentHeartbeatEchoing(AgentId agent, long seq, ReportedTask... tasks) {
        return agentHeartbeatEchoing(agent, "conn-" + agent + "-1", EPOCH, seq, tasks);
    }

    /** A heartbeat of a known agent reporting {@code total}, e.g. less ports than before. */
    List<MasterEffect> agentHeartbeatWithTotal(AgentId agent, Resources total, ReportedTask... tasks) {
        return send(new MasterInput.AgentHeartbeat(agent, "host-" + agent, total, Map.of("rack", "r1"),
                List.of(tasks), List.of(), "conn-" + agent + "-1"));
    }

    static ReportedTask reported(FrameworkId fw, TaskSpec spec, AgentId agent, TaskState state) {
        return new ReportedTask(fw, spec, status(spec.taskId(), fw, agent, state, "reported by " + agent));
    }

    static ReportedVolume volumeOf(FrameworkId fw, String id, long sizeMb) {
        return new ReportedVolume(fw, new Volume(id, sizeMb));
    }

    List<MasterEffect> statusUpdate(TaskId task, FrameworkId fw, AgentId agent, TaskState state, String reason) {
        return send(new MasterInput.StatusUpdate(new TaskStatus(task, fw, agent, state, reason, null, null, now)));
    }

    static TaskStatus status(TaskId task, FrameworkId fw, AgentId agent, TaskState state, String reason) {
        return new TaskStatus(task, fw, agent, state, reason, null, null, START);
    }

    // ---- frameworks

    List<MasterEffect> frameworkHeartbeat(FrameworkId fw) {
        return frameworkHeartbeat(fw, "conn-" + fw + "-1");
    }

    List<MasterEffect> frameworkHeartbeat(FrameworkId fw, String connection) {
        return send(new MasterInput.FrameworkHeartbeat(fw, fw + "-name", "*", connection));
    }

    /** Runs an allocation round and returns the offers it made, to any framework. */
    List<Offer> allocate() {
        List<Offer> offers = new ArrayList<>();
        for (MasterEffect.SendOffers sent : only(MasterEffect.SendOffers.class, send(new MasterInput.Allocate()))) {
            offers.addAll(sent.offers());
        }
        return offers;
    }

    /** The offer of {@code agent} to {@code fw} from a new allocation round; fails if there is none. */
    Offer offer(FrameworkId fw, AgentId agent) {
        return allocate().stream().filter(o -> o.frameworkId().equals(fw) && o.agentId().equals(agent))
                .findFirst().orElseThrow(() -> new AssertionError("no offer of " + agent + " to " + fw));
    }

    List<MasterEffect> accept(FrameworkId fw, Offer offer, TaskSpec... launches) {
        return send(new MasterInput.Accept(fw, offer.id(), List.of(launches)));
    }

    /** Registers the framework and the agent, and launches {@code spec} there; returns the launch's effects. */
    List<MasterEffect> launched(FrameworkId fw, AgentId agent, TaskSpec spec) {
        frameworkHeartbeat(fw);
        agentHeartbeat(agent);
        return accept(fw, offer(fw, agent), spec);
    }

    static TaskSpec task(String id, double cpus, long memMb) {
        return TaskSpec.of(TaskId.of(id), Resources.of(cpus, memMb), "sleep", "100");
    }

    static TaskSpec taskWithVolume(String id, String volumeId, long sizeMb) {
        return new TaskSpec(TaskId.of(id), id, "sleep", List.of("100"), Map.of(), Resources.of(1, 256), Map.of(),
                Map.of(), new Volume(volumeId, sizeMb));
    }

    // ---- what the core knows

    ClusterState state() {
        return core.clusterState();
    }

    /** The task's status as operators see it (the active entry wins over an ended one). */
    TaskStatus taskStatus(String id) {
        TaskStatus found = null;
        for (ClusterState.TaskView t : state().tasks()) {
            if (t.spec().taskId().value().equals(id)) {
                found = t.status();
            }
        }
        if (found == null) {
            throw new AssertionError("the master does not know task " + id);
        }
        return found;
    }

    ClusterState.AgentView agentView(AgentId id) {
        return state().agents().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("the master does not know agent " + id));
    }

    ClusterState.FrameworkView frameworkView(FrameworkId id) {
        return state().frameworks().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("the master does not know framework " + id));
    }

    static <T extends MasterEffect> List<T> only(Class<T> type, List<MasterEffect> effects) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The statuses sent to frameworks among {@code effects}. */
    static List<TaskStatus> statuses(List<MasterEffect> effects) {
        return only(MasterEffect.SendStatus.class, effects).stream().map(MasterEffect.SendStatus::status).toList();
    }
}
