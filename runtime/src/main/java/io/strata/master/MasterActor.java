package io.strata.master;

import io.strata.allocator.AcceptResult;
import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.master.MasterRegistry.AgentEntry;
import io.strata.master.MasterRegistry.FrameworkEntry;
import io.strata.master.MasterRegistry.TaskEntry;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.ClusterState;
import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.MasterCommand.*;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The master: registries of agents, frameworks, offers and tasks around the pure DRF allocator.
 * It runs as a cluster singleton; a new incarnation starts empty and rebuilds its view from agent
 * heartbeats (which carry every task) and framework re-registration, as Mesos masters did.
 */
public final class MasterActor extends AbstractBehavior<MasterCommand> {

    private enum Tick implements MasterCommand { INSTANCE }

    private enum AllocateNow implements MasterCommand { INSTANCE }

    private final MasterSettings settings;
    private final Clock clock;
    private final String epoch;
    private final long startedAtMillis;
    private final String address;
    private final DrfAllocator allocator;
    private final MasterRegistry reg = new MasterRegistry();
    private final OfferRouter router = new OfferRouter();
    /** Explicit reconciliations of tasks unknown during the re-registration grace, answered after it. */
    private final Map<FrameworkId, Set<TaskId>> deferredReconciles = new HashMap<>();
    private boolean allocationQueued;
    private long rounds;
    private long offersMade;
    private long offersDeclined;
    private long offersRescinded;
    private double lastRoundMillis;
    private double maxRoundMillis;
    private double totalRoundMillis;

    public static Behavior<MasterCommand> create(MasterSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new MasterActor(ctx, timers, settings, clock)));
    }

    private MasterActor(ActorContext<MasterCommand> ctx, TimerScheduler<MasterCommand> timers,
                        MasterSettings settings, Clock clock) {
        super(ctx);
        this.settings = settings;
        this.clock = clock;
        this.epoch = UUID.randomUUID().toString().substring(0, 8);
        this.startedAtMillis = clock.millis();
        this.address = Cluster.get(ctx.getSystem()).selfMember().address().toString();
        this.allocator = new DrfAllocator(clock, new AllocatorConfig(settings.offerTimeout(),
                settings.defaultRefuse(), AllocatorConfig.defaults(epoch).minOffer(), epoch));
        timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.allocationInterval());
        ctx.getLog().info("master started epoch={} address={}", epoch, address);
    }

    @Override
    public Receive<MasterCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentHeartbeat.class, this::onAgentHeartbeat)
                .onMessage(AgentStatusUpdate.class, m -> {
                    applyStatus(m.status());
                    return this;
                })
                .onMessage(FrameworkHeartbeat.class, this::onFrameworkHeartbeat)
                .onMessage(Accept.class, this::onAccept)
                .onMessage(Decline.class, this::onDecline)
                .onMessage(Suppress.class, m -> {
                    allocator.suppress(m.frameworkId());
                    return this;
                })
                .onMessage(Revive.class, m -> {
                    allocator.revive(m.frameworkId());
                    queueAllocation();
                    return this;
                })
                .onMessage(Kill.class, this::onKill)
                .onMessage(Reconcile.class, this::onReconcile)
                .onMessage(Teardown.class, this::onTeardown)
                .onMessage(DestroyVolume.class, m -> {
                    MasterRegistry.VolumeEntry v = reg.volumes.get(m.volumeId());
                    if (v != null && v.frameworkId().equals(m.frameworkId())) {
                        destroyVolume(m.volumeId());
                    }
                    return this;
                })
                .onMessage(VolumeDestroyed.class, this::onVolumeDestroyed)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetLog.class, this::onGetLog)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessageEquals(AllocateNow.INSTANCE, this::onAllocate)
                .build();
    }

    // ------------------------------------------------------------------ agents

    private Behavior<MasterCommand> onAgentHeartbeat(AgentHeartbeat hb) {
        long now = clock.millis();
        AgentEntry entry = reg.agents.get(hb.agentId());
        if (entry == null) {
            registerAgent(hb, now);
            return this;
        }
        entry.lastSeenMillis = now;
        boolean newRef = !entry.ref.equals(hb.agent());
        entry.ref = hb.agent();
        if (newRef) {
            hb.agent().tell(new AgentCommand.Registered(epoch));
        }
        for (AgentVolume v : hb.volumes()) {
            if (!reg.volumes.containsKey(v.volume().id())) {
                adoptVolume(hb.agentId(), v);
            }
        }
        Set<TaskId> reported = new HashSet<>();
        for (AgentTask t : hb.tasks()) {
            reported.add(t.spec().taskId());
            TaskEntry known = reg.task(t.spec().taskId());
            if (known == null) {
                adoptTask(hb.agentId(), t, now);
            } else {
                applyStatus(t.status());
            }
        }
        long launchGrace = 2 * settings.heartbeatInterval().toMillis() + 1000;
        for (TaskEntry t : reg.activeTasksOn(hb.agentId())) {
            if (!reported.contains(t.spec.taskId()) && now - t.launchedAtMillis > launchGrace) {
                applyStatus(t.status.withState(TaskState.LOST,
                        "agent " + hb.agentId() + " no longer reports the task", now));
            }
        }
        return this;
    }

    private void registerAgent(AgentHeartbeat hb, long now) {
        Resources used = Resources.EMPTY;
        for (AgentTask t : hb.tasks()) {
            if (!t.status().state().isTerminal()) {
                used = used.plus(t.spec().resources());
            }
        }
        for (AgentVolume v : hb.volumes()) {
            used = used.plus(Resources.of(0, 0, v.volume().sizeMb()));
        }
        // An agent restarted with less than its tasks hold must still account for them.
        Resources total = hb.total().contains(used) ? hb.total() : hb.total().plus(used);
        allocator.addAgent(hb.agentId(), hb.host(), total, hb.attributes());
        reg.agents.put(hb.agentId(), new AgentEntry(hb.agentId(), hb.host(), total, hb.attributes(), hb.agent(), now));
        for (AgentVolume v : hb.volumes()) {
            adoptVolume(hb.agentId(), v);
        }
        for (AgentTask t : hb.tasks()) {
            adoptTask(hb.agentId(), t, now);
        }
        hb.agent().tell(new AgentCommand.Registered(epoch));
        getContext().getLog().info("agent registered agent={} host={} total=[{}] tasks={}",
                hb.agentId(), hb.host(), total, hb.tasks().size());
        queueAllocation();
    }

    /** A task the agent runs that this master has not launched (it came back after a failover). */
    private void adoptTask(AgentId agentId, AgentTask t, long now) {
        TaskId id = t.spec().taskId();
        TaskEntry previous = reg.task(id);
        if (previous != null && previous.status.state().isTerminal() && !t.status().state().isTerminal()) {
            // We gave this task up (its agent was lost); the framework was told it is gone.
            reg.agents.get(agentId).ref.tell(new AgentCommand.KillTask(id, settings.killGrace().toMillis(),
                    "the master declared the task " + previous.status.state() + " while its agent was away"));
            return;
        }
        TaskEntry entry = new TaskEntry(t.frameworkId(), t.spec(), agentId, t.status(), now);
        if (t.status().state().isTerminal()) {
            reg.completed.put(id, entry);
            reg.agents.get(agentId).ref.tell(new AgentCommand.AckTerminal(id));
        } else {
            reg.active.put(id, entry);
            if (allocator.hasAgent(agentId) && previous == null) {
                recordUsed(agentId, t);
            }
        }
    }

    /** A volume an agent keeps (learnt after a failover): its disk stays its framework's. */
    private void adoptVolume(AgentId agentId, AgentVolume v) {
        reg.volumes.put(v.volume().id(), new MasterRegistry.VolumeEntry(v.volume().id(), agentId, v.frameworkId(),
                v.volume().sizeMb()));
        try {
            allocator.recordUsed(agentId, v.frameworkId(), Resources.of(0, 0, v.volume().sizeMb()));
        } catch (IllegalArgumentException e) {
            getContext().getLog().warn("cannot account volume volume={} agent={} reason=\"{}\"", v.volume().id(),
                    agentId, e.getMessage());
        }
    }

    /** Accounts an adopted task; an outstanding offer of its agent is withdrawn first, as it no longer holds. */
    private void recordUsed(AgentId agentId, AgentTask t) {
        for (Offer o : new ArrayList<>(allocator.outstandingOffers())) {
            if (o.agentId().equals(agentId) && !allocator.free(agentId).contains(t.spec().resources())) {
                allocator.rescind(o.id());
                rescinded(o);
            }
        }
        try {
            allocator.recordUsed(agentId, t.frameworkId(), t.spec().resources());
        } catch (IllegalArgumentException e) {
            getContext().getLog().warn("cannot account adopted task task={} agent={} reason=\"{}\"",
                    t.spec().taskId(), agentId, e.getMessage());
        }
    }

    private void agentLost(AgentEntry agent, String reason) {
        long now = clock.millis();
        for (Offer o : allocator.removeAgent(agent.id)) {
            rescinded(o);
        }
        reg.agents.remove(agent.id);
        reg.volumes.values().removeIf(v -> v.agentId().equals(agent.id));
        for (TaskEntry t : reg.activeTasksOn(agent.id)) {
            t.status = t.status.withState(TaskState.LOST, reason, now);
            reg.markCompleted(t);
            tellFramework(t.frameworkId, new FrameworkEvent.StatusUpdate(t.status));
        }
        for (FrameworkEntry f : reg.frameworks.values()) {
            f.ref.tell(new FrameworkEvent.AgentLost(agent.id, reason));
        }
        getContext().getLog().warn("agent lost agent={} reason=\"{}\"", agent.id, reason);
    }

    // ------------------------------------------------------------------ task status

    /** Applies a status from an agent; out-of-order or illegal transitions are ignored, not thrown. */
    private void applyStatus(TaskStatus status) {
        TaskEntry t = reg.active.get(status.taskId());
        if (t == null) {
            return;
        }
        TaskState from = t.status.state();
        if (from == status.state()) {
            if (!status.equals(t.status) && status.timestampMillis() >= t.status.timestampMillis()) {
                t.status = status;
            }
            return;
        }
        if (!from.canTransitionTo(status.state())) {
            getContext().getLog().debug("ignored transition task={} from={} to={}", status.taskId(), from,
                    status.state());
            return;
        }
        t.status = status;
        tellFramework(t.frameworkId, new FrameworkEvent.StatusUpdate(status));
        if (status.state().isTerminal()) {
            reg.markCompleted(t);
            if (t.agentId != null && allocator.hasAgent(t.agentId)) {
                allocator.recover(t.agentId, t.frameworkId, t.spec.resources());
            }
            AgentEntry agent = t.agentId == null ? null : reg.agents.get(t.agentId);
            if (agent != null) {
                agent.ref.tell(new AgentCommand.AckTerminal(status.taskId()));
            }
            if (t.spec.volume() != null && reg.volumesToDestroy.contains(t.spec.volume().id())) {
                destroyVolume(t.spec.volume().id());
            }
            getContext().getLog().info("task ended task={} state={} reason=\"{}\"", status.taskId(),
                    status.state(), status.reason());
            queueAllocation();
        }
    }

    // ------------------------------------------------------------------ frameworks

    private Behavior<MasterCommand> onFrameworkHeartbeat(FrameworkHeartbeat hb) {
        long now = clock.millis();
        FrameworkEntry f = reg.frameworks.get(hb.frameworkId());
        String role = hb.role() == null || hb.role().isBlank() ? "*" : hb.role();
        if (f == null) {
            f = new FrameworkEntry(hb.frameworkId(), hb.name(), role, hb.scheduler(), now);
            reg.frameworks.put(f.id, f);
            allocator.addFramework(f.id, role);
            hb.scheduler().tell(new FrameworkEvent.Registered(f.id, epoch));
            getContext().getLog().info("framework registered framework={} name={} role={}", f.id, f.name, role);
            queueAllocation();
            return this;
        }
        f.lastSeenMillis = now;
        f.name = hb.name();
        if (!f.active || !f.ref.equals(hb.scheduler())) {
            f.ref = hb.scheduler();
            f.active = true;
            allocator.addFramework(f.id, f.role);
            // A new driver does not know what its predecessor suppressed or declined.
            allocator.revive(f.id);
            hb.scheduler().tell(new FrameworkEvent.Registered(f.id, epoch));
            getContext().getLog().info("framework re-registered framework={} name={}", f.id, f.name);
            queueAllocation();
        }
        return this;
    }

    private Behavior<MasterCommand> onAccept(Accept m) {
        FrameworkEntry f = reg.frameworks.get(m.frameworkId());
        if (f == null) {
            getContext().getLog().warn("accept from unregistered framework={}", m.frameworkId());
            return this;
        }
        long now = clock.millis();
        String invalid = LaunchValidation.check(m.launches(), reg.active.keySet());
        Resources wanted = LaunchValidation.sum(m.launches());
        Offer target = allocator.offer(m.offerId()).orElse(null);
        Map<String, Volume> newVolumes = new HashMap<>();
        if (invalid == null && target != null) {
            for (TaskSpec spec : m.launches()) {
                Volume v = spec.volume();
                if (v == null) {
                    continue;
                }
                MasterRegistry.VolumeEntry known = reg.volumes.get(v.id());
                if (known == null) {
                    newVolumes.putIfAbsent(v.id(), v);
                } else if (!known.agentId().equals(target.agentId()) || !known.frameworkId().equals(m.frameworkId())) {
                    invalid = "volume " + v.id() + " lives on " + known.agentId() + ", not on " + target.agentId();
                } else if (reg.volumeInUse(v.id())) {
                    invalid = "volume " + v.id() + " is in use by another task";
                }
            }
            for (Volume v : newVolumes.values()) {
                wanted = wanted.plus(Resources.of(0, 0, v.sizeMb()));
            }
        }
        AcceptResult result = invalid != null
                ? new AcceptResult.Rejected(invalid)
                : allocator.accept(m.offerId(), m.frameworkId(), wanted);
        if (result instanceof AcceptResult.Rejected rejected) {
            if (invalid == null) {
                // Fall back: an offer that went away leaves nothing allocated to it.
                allocator.rescind(m.offerId());
            }
            for (TaskSpec spec : m.launches()) {
                TaskState state = invalid != null ? TaskState.FAILED : TaskState.LOST;
                f.ref.tell(new FrameworkEvent.StatusUpdate(new TaskStatus(spec.taskId(), f.id, null, state,
                        "launch rejected: " + rejected.reason(), null, null, now)));
            }
            queueAllocation();
            return this;
        }
        Offer offer = ((AcceptResult.Accepted) result).offer();
        AgentEntry agent = reg.agents.get(offer.agentId());
        for (Volume v : newVolumes.values()) {
            reg.volumes.put(v.id(), new MasterRegistry.VolumeEntry(v.id(), offer.agentId(), f.id, v.sizeMb()));
        }
        for (TaskSpec spec : m.launches()) {
            TaskStatus staging = new TaskStatus(spec.taskId(), f.id, offer.agentId(), TaskState.STAGING,
                    "launching on " + offer.agentId() + " (" + offer.host() + ")", null, null, now);
            reg.active.put(spec.taskId(), new TaskEntry(f.id, spec, offer.agentId(), staging, now));
            f.ref.tell(new FrameworkEvent.StatusUpdate(staging));
        }
        agent.ref.tell(new AgentCommand.LaunchTasks(f.id, m.launches()));
        queueAllocation();
        return this;
    }

    private Behavior<MasterCommand> onDecline(Decline m) {
        if (allocator.decline(m.offerId(), m.frameworkId(), Duration.ofMillis(Math.max(0, m.refuseMillis())))) {
            offersDeclined++;
            queueAllocation();
        }
        return this;
    }

    private Behavior<MasterCommand> onKill(Kill m) {
        TaskEntry t = reg.task(m.taskId());
        long now = clock.millis();
        if (t == null || !t.frameworkId.equals(m.frameworkId())) {
            tellFramework(m.frameworkId(), new FrameworkEvent.StatusUpdate(new TaskStatus(m.taskId(),
                    m.frameworkId(), null, TaskState.LOST, "kill of a task unknown to the master", null, null, now)));
            return this;
        }
        if (t.status.state().isTerminal()) {
            tellFramework(m.frameworkId(), new FrameworkEvent.StatusUpdate(t.status));
            return this;
        }
        AgentEntry agent = reg.agents.get(t.agentId);
        if (agent == null) {
            applyStatus(t.status.withState(TaskState.KILLED, "killed while its agent was unreachable", now));
            return this;
        }
        FrameworkEntry f = reg.frameworks.get(m.frameworkId());
        agent.ref.tell(new AgentCommand.KillTask(t.spec.taskId(), settings.killGrace().toMillis(),
                "killed on request of " + (f == null ? m.frameworkId().value() : f.name)));
        return this;
    }

    private Behavior<MasterCommand> onReconcile(Reconcile m) {
        FrameworkEntry f = reg.frameworks.get(m.frameworkId());
        if (f == null) {
            return this;
        }
        if (m.taskIds().isEmpty()) {
            for (TaskEntry t : reg.tasksOf(f.id)) {
                f.ref.tell(new FrameworkEvent.StatusUpdate(t.status));
            }
            return this;
        }
        boolean inGrace = clock.millis() - startedAtMillis < settings.reregistrationGrace().toMillis();
        for (TaskId id : m.taskIds()) {
            TaskEntry t = reg.task(id);
            if (t != null) {
                f.ref.tell(new FrameworkEvent.StatusUpdate(t.status));
            } else if (inGrace) {
                deferredReconciles.computeIfAbsent(f.id, k -> new HashSet<>()).add(id);
            } else {
                f.ref.tell(new FrameworkEvent.StatusUpdate(unknownTask(id, f.id)));
            }
        }
        return this;
    }

    private TaskStatus unknownTask(TaskId id, FrameworkId fw) {
        return new TaskStatus(id, fw, null, TaskState.LOST,
                "no agent reports this task (unknown to the master after re-registration)", null, null, clock.millis());
    }

    /** Destroys the volume now, or once the last task using it has ended. */
    private void destroyVolume(String volumeId) {
        MasterRegistry.VolumeEntry v = reg.volumes.get(volumeId);
        if (v == null) {
            reg.volumesToDestroy.remove(volumeId);
            return;
        }
        if (reg.volumeInUse(volumeId)) {
            reg.volumesToDestroy.add(volumeId);
            return;
        }
        reg.volumesToDestroy.remove(volumeId);
        AgentEntry agent = reg.agents.get(v.agentId());
        if (agent != null) {
            agent.ref.tell(new AgentCommand.DestroyVolume(volumeId));
        }
    }

    private Behavior<MasterCommand> onVolumeDestroyed(VolumeDestroyed m) {
        MasterRegistry.VolumeEntry v = reg.volumes.get(m.volumeId());
        if (v == null) {
            return this;
        }
        if (m.error() != null) {
            getContext().getLog().warn("volume not destroyed volume={} agent={} reason=\"{}\"", m.volumeId(),
                    m.agentId(), m.error());
            tellFramework(v.frameworkId(), new FrameworkEvent.Error("volume " + m.volumeId() + " was not destroyed: "
                    + m.error()));
            return this;
        }
        reg.volumes.remove(m.volumeId());
        if (allocator.hasAgent(v.agentId())) {
            allocator.recover(v.agentId(), v.frameworkId(), Resources.of(0, 0, v.sizeMb()));
        }
        getContext().getLog().info("volume destroyed volume={} agent={} diskMb={}", v.id(), v.agentId(), v.sizeMb());
        queueAllocation();
        return this;
    }

    private Behavior<MasterCommand> onTeardown(Teardown m) {
        FrameworkEntry f = reg.frameworks.get(m.frameworkId());
        if (f != null) {
            removeFramework(f, "framework " + f.name + " tore down");
        }
        return this;
    }

    private void removeFramework(FrameworkEntry f, String reason) {
        allocator.removeFramework(f.id);
        for (TaskEntry t : new ArrayList<>(reg.active.values())) {
            if (t.frameworkId.equals(f.id)) {
                AgentEntry agent = reg.agents.get(t.agentId);
                if (agent != null) {
                    agent.ref.tell(new AgentCommand.KillTask(t.spec.taskId(), settings.killGrace().toMillis(), reason));
                }
            }
        }
        for (MasterRegistry.VolumeEntry v : new ArrayList<>(reg.volumes.values())) {
            if (v.frameworkId().equals(f.id)) {
                destroyVolume(v.id());
            }
        }
        reg.frameworks.remove(f.id);
        getContext().getLog().info("framework removed framework={} name={} reason=\"{}\"", f.id, f.name, reason);
    }

    // ------------------------------------------------------------------ operators

    private Behavior<MasterCommand> onGetState(GetState m) {
        m.replyTo().tell(reg.snapshot(epoch, address, startedAtMillis, allocator, new ClusterState.AllocationStats(
                rounds, offersMade, offersDeclined, offersRescinded, lastRoundMillis, maxRoundMillis, totalRoundMillis)));
        return this;
    }

    private Behavior<MasterCommand> onGetLog(GetLog m) {
        TaskEntry t = reg.task(m.taskId());
        if (t == null) {
            m.replyTo().tell(new AgentCommand.LogReply("", 0, false, "no task with id '" + m.taskId() + "'"));
            return this;
        }
        AgentEntry agent = t.agentId == null ? null : reg.agents.get(t.agentId);
        if (agent == null) {
            m.replyTo().tell(new AgentCommand.LogReply("", m.offset(), true,
                    "task '" + m.taskId() + "' has no reachable agent (state " + t.status.state() + ")"));
            return this;
        }
        agent.ref.tell(new AgentCommand.ReadLog(m.taskId(), m.stream(), m.offset(), m.maxBytes(), m.replyTo()));
        return this;
    }

    // ------------------------------------------------------------------ timers and allocation

    private Behavior<MasterCommand> onTick() {
        long now = clock.millis();
        for (Offer o : allocator.expireOffers()) {
            rescinded(o);
        }
        for (AgentEntry a : new ArrayList<>(reg.agents.values())) {
            long silent = now - a.lastSeenMillis;
            if (silent > settings.agentTimeout().toMillis()) {
                agentLost(a, "agent " + a.id + " (" + a.host + ") missed heartbeats for " + silent / 1000 + "s");
            }
        }
        for (FrameworkEntry f : new ArrayList<>(reg.frameworks.values())) {
            long silent = now - f.lastSeenMillis;
            if (f.active && silent > settings.frameworkTimeout().toMillis()) {
                f.active = false;
                f.deactivatedAtMillis = now;
                allocator.deactivateFramework(f.id);
                getContext().getLog().warn("framework disconnected framework={} name={} silentMs={}", f.id, f.name, silent);
            } else if (!f.active && now - f.deactivatedAtMillis > settings.frameworkFailoverTimeout().toMillis()) {
                removeFramework(f, "framework " + f.name + " did not come back within its failover timeout");
            }
        }
        if (!deferredReconciles.isEmpty() && now - startedAtMillis >= settings.reregistrationGrace().toMillis()) {
            deferredReconciles.forEach((fw, ids) -> {
                for (TaskId id : ids) {
                    TaskEntry t = reg.task(id);
                    tellFramework(fw, new FrameworkEvent.StatusUpdate(t != null ? t.status : unknownTask(id, fw)));
                }
            });
            deferredReconciles.clear();
        }
        return onAllocate();
    }

    private void queueAllocation() {
        if (!allocationQueued) {
            allocationQueued = true;
            getContext().getSelf().tell(AllocateNow.INSTANCE);
        }
    }

    private Behavior<MasterCommand> onAllocate() {
        allocationQueued = false;
        long t0 = System.nanoTime();
        List<Offer> offers = allocator.allocate();
        double ms = (System.nanoTime() - t0) / 1e6;
        rounds++;
        lastRoundMillis = ms;
        maxRoundMillis = Math.max(maxRoundMillis, ms);
        totalRoundMillis += ms;
        offersMade += offers.size();
        router.route(offers, reg.frameworks);
        return this;
    }

    private void rescinded(Offer o) {
        offersRescinded++;
        tellFramework(o.frameworkId(), new FrameworkEvent.OfferRescinded(o.id()));
    }

    private void tellFramework(FrameworkId id, FrameworkEvent event) {
        FrameworkEntry f = reg.frameworks.get(id);
        if (f != null) {
            f.ref.tell(event);
        }
    }
}
