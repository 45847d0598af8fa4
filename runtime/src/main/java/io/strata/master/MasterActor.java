package io.strata.master;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.HeartbeatArrivals;
import io.strata.protocol.HeartbeatLags;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.MasterCommand.AgentHeartbeat;
import io.strata.protocol.MasterCommand.FrameworkHeartbeat;
import io.strata.protocol.MasterCommand.GetLog;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.store.ControlStore;
import io.strata.store.DDataControlStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The master singleton's shell around {@link MasterState}: translates protocol messages into the
 * core's inputs, keeps where each agent and framework can be reached, and carries out the
 * effects. It decides nothing itself. Every input and effect passes the {@link QuorumGate}, fed
 * from cluster membership events: without a reachable majority of master nodes this master
 * launches, kills and times out nothing.
 *
 * <p>When it takes over it reads the groups' quotas from the control store (namespace
 * {@code groups}) without blocking: the answer comes back as a message and goes to the core as
 * {@code StoredGroups}; while the store does not answer it tries again every few seconds.
 */
public final class MasterActor extends AbstractBehavior<MasterCommand> {

    private enum Tick implements MasterCommand { INSTANCE }

    private enum AllocateNow implements MasterCommand { INSTANCE }

    private enum ReadGroups implements MasterCommand { INSTANCE }

    /** The control store answered the read of the group records (or failed to). */
    private record GroupsRead(Map<String, String> records, Throwable error)
            implements MasterCommand, NoSerializationVerificationNeeded {
    }

    /** How long to wait before reading the group records again when the store did not answer. */
    private static final Duration GROUPS_RETRY = Duration.ofSeconds(5);

    /** A membership or reachability change, delivered locally by the cluster. */
    private record ClusterChanged(Object event)
            implements MasterCommand, NoSerializationVerificationNeeded {
    }

    private static final String MASTER_ROLE = "master";

    private final Clock clock;
    private final MasterState core;
    private final QuorumGate gate;
    private final TimerScheduler<MasterCommand> timers;
    private final ControlStore store;
    private final Map<AgentId, ActorRef<AgentCommand>> agents = new HashMap<>();
    private final Map<FrameworkId, ActorRef<FrameworkEvent>> frameworks = new HashMap<>();
    /** (processed - sent) of heartbeats that carry their send time, per bucket of {@link HeartbeatLags}. */
    private final long[] heartbeatLags = new long[HeartbeatLags.BUCKETS];
    /** (processed - arrived in this JVM) of the same heartbeats, while {@link HeartbeatArrivals} notes arrivals. */
    private final long[] arrivalLags = new long[HeartbeatLags.BUCKETS];

    /** A master reading the group records from the node's replicated control store. */
    public static Behavior<MasterCommand> create(MasterSettings settings, Clock clock) {
        return create(settings, clock, DDataControlStore::get);
    }

    /** {@code store} gives the control store of the node the master runs on (a master node). */
    public static Behavior<MasterCommand> create(MasterSettings settings, Clock clock,
                                                 Function<ActorSystem<?>, ControlStore> store) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new MasterActor(ctx, timers, settings, clock, storeOrNull(ctx, store))));
    }

    /** A master without its store still allocates; it only cannot read the groups' quotas from it. */
    private static ControlStore storeOrNull(ActorContext<MasterCommand> ctx,
                                            Function<ActorSystem<?>, ControlStore> store) {
        try {
            return store.apply(ctx.getSystem());
        } catch (RuntimeException e) {
            ctx.getLog().error("control store unavailable, the groups' quotas apply only once sent: {}",
                    e.getMessage());
            return null;
        }
    }

    private MasterActor(ActorContext<MasterCommand> ctx, TimerScheduler<MasterCommand> timers,
                        MasterSettings settings, Clock clock, ControlStore store) {
        super(ctx);
        this.clock = clock;
        this.timers = timers;
        this.store = store;
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        Cluster cluster = Cluster.get(ctx.getSystem());
        String address = cluster.selfMember().address().toString();
        this.core = new MasterState(settings, epoch, address, clock.millis(), System::nanoTime);
        this.gate = new QuorumGate(settings.reregistrationGrace().toMillis());
        // Typed subscriptions replay the current membership as events; the snapshot spares the
        // gate a partial view (and log lines about it) while they come in.
        carryOut(membership(cluster.state(), clock.millis()));
        cluster.subscriptions().tell(Subscribe.create(
                ctx.messageAdapter(ClusterEvent.MemberEvent.class, ClusterChanged::new), ClusterEvent.MemberEvent.class));
        cluster.subscriptions().tell(Subscribe.create(
                ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, ClusterChanged::new),
                ClusterEvent.ReachabilityEvent.class));
        timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.allocationInterval());
        readGroups();
        ctx.getLog().info("master started epoch={} address={}", epoch, address);
    }

    /** Reads the group records without blocking: the answer comes back as a message. */
    private void readGroups() {
        if (store != null) {
            getContext().pipeToSelf(store.readAll(GroupRecords.NAMESPACE), GroupsRead::new);
        }
    }

    private Behavior<MasterCommand> onGroupsRead(GroupsRead m) {
        if (m.error() != null) {
            getContext().getLog().warn("group records not read, retrying in {}s: {}", GROUPS_RETRY.toSeconds(),
                    m.error().getMessage());
            timers.startSingleTimer(ReadGroups.INSTANCE, GROUPS_RETRY);
            return this;
        }
        GroupRecords.Parsed parsed = GroupRecords.parse(m.records());
        parsed.problems().forEach(p -> getContext().getLog().warn(p));
        return handle(new MasterInput.StoredGroups(parsed.groups()));
    }

    @Override
    public Receive<MasterCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(AgentHeartbeat.class, this::onAgentHeartbeat)
                .onMessage(MasterCommand.AgentStatusUpdate.class, m -> handle(new MasterInput.StatusUpdate(m.status())))
                .onMessage(MasterCommand.VolumeDestroyed.class, m ->
                        handle(new MasterInput.VolumeDestroyed(m.agentId(), m.volumeId(), m.error())))
                .onMessage(FrameworkHeartbeat.class, this::onFrameworkHeartbeat)
                .onMessage(MasterCommand.Accept.class, m ->
                        handle(new MasterInput.Accept(m.frameworkId(), m.offerId(), m.launches())))
                .onMessage(MasterCommand.Decline.class, m ->
                        handle(new MasterInput.Decline(m.frameworkId(), m.offerId(), m.refuseMillis())))
                .onMessage(MasterCommand.Suppress.class, m -> handle(new MasterInput.Suppress(m.frameworkId())))
                .onMessage(MasterCommand.Revive.class, m -> handle(new MasterInput.Revive(m.frameworkId())))
                .onMessage(MasterCommand.Kill.class, m -> handle(new MasterInput.Kill(m.frameworkId(), m.taskId(), m.graceMillis())))
                .onMessage(MasterCommand.Reconcile.class, m ->
                        handle(new MasterInput.Reconcile(m.frameworkId(), m.taskIds())))
                .onMessage(MasterCommand.DestroyVolume.class, m ->
                        handle(new MasterInput.DestroyVolume(m.frameworkId(), m.volumeId())))
                .onMessage(MasterCommand.Teardown.class, m -> handle(new MasterInput.Teardown(m.frameworkId())))
                .onMessage(MasterCommand.GetState.class, m -> {
                    m.replyTo().tell(core.clusterState());
                    return this;
                })
                .onMessage(MasterCommand.GetHeartbeatLags.class, m -> {
                    m.replyTo().tell(new HeartbeatLags(m.sinceArrival() ? arrivalLags : heartbeatLags));
                    return this;
                })
                .onMessage(GetLog.class, this::onGetLog)
                .onMessage(MasterCommand.RunCheck.class, this::onRunCheck)
                .onMessage(MasterCommand.SetGroups.class, m -> handle(new MasterInput.SetGroups(m.groups())))
                .onMessage(GroupsRead.class, this::onGroupsRead)
                .onMessageEquals(ReadGroups.INSTANCE, () -> {
                    readGroups();
                    return this;
                })
                .onMessageEquals(Tick.INSTANCE, () -> handle(new MasterInput.Tick()))
                .onMessageEquals(AllocateNow.INSTANCE, () -> handle(new MasterInput.Allocate()))
                .onMessage(ClusterChanged.class, m -> {
                    carryOut(membership(m.event(), clock.millis()));
                    return this;
                })
                .build();
    }

    private Behavior<MasterCommand> onAgentHeartbeat(AgentHeartbeat hb) {
        agents.put(hb.agentId(), hb.agent());
        Behavior<MasterCommand> next = handle(new MasterInput.AgentHeartbeat(hb.agentId(), hb.host(), hb.total(),
                hb.attributes(),
                hb.tasks().stream().map(t -> new MasterInput.ReportedTask(t.frameworkId(), t.spec(), t.status()))
                        .toList(),
                hb.volumes().stream().map(v -> new MasterInput.ReportedVolume(v.frameworkId(), v.volume())).toList(),
                connection(hb.agent()), hb.launchEpoch(), hb.launchSeq()));
        if (hb.sentAtMillis() != null) {
            long now = clock.millis();
            heartbeatLags[HeartbeatLags.bucket(now - hb.sentAtMillis())]++;
            long arrived = HeartbeatArrivals.take(hb.agentId(), hb.sentAtMillis());
            if (arrived >= 0) {
                arrivalLags[HeartbeatLags.bucket(now - arrived)]++;
            }
        }
        return next;
    }

    private Behavior<MasterCommand> onFrameworkHeartbeat(FrameworkHeartbeat hb) {
        frameworks.put(hb.frameworkId(), hb.scheduler());
        return handle(new MasterInput.FrameworkHeartbeat(hb.frameworkId(), hb.name(), hb.role(),
                connection(hb.scheduler())));
    }

    private Behavior<MasterCommand> onGetLog(GetLog m) {
        LogRoute route = core.logRoute(m.taskId(), m.offset());
        if (route instanceof LogRoute.OnAgent on) {
            tell(agents.get(on.agentId()), new AgentCommand.ReadLog(m.taskId(), m.stream(), m.offset(),
                    m.maxBytes(), m.replyTo()));
        } else if (route instanceof LogRoute.Unavailable no) {
            m.replyTo().tell(new AgentCommand.LogReply("", no.nextOffset(), no.found(), no.error()));
        }
        return this;
    }

    private Behavior<MasterCommand> onRunCheck(MasterCommand.RunCheck m) {
        LogRoute route = core.logRoute(m.taskId(), 0);
        if (route instanceof LogRoute.OnAgent on && agents.get(on.agentId()) != null) {
            tell(agents.get(on.agentId()), new AgentCommand.RunCheck(m.taskId(), m.command(), m.timeoutMillis(),
                    m.replyTo()));
        } else {
            String why = route instanceof LogRoute.Unavailable no ? no.error() : "its agent is not connected";
            m.replyTo().tell(new AgentCommand.CheckReply(m.taskId(), false, null, "", why));
        }
        return this;
    }

    /** Two references are the same connection exactly when their path and incarnation (uid) agree. */
    private static String connection(ActorRef<?> ref) {
        return ref.path().toSerializationFormat();
    }

    private Behavior<MasterCommand> handle(MasterInput input) {
        long now = clock.millis();
        QuorumGate.Admission admission = gate.admit(input, now);
        carryOut(admission.answers());
        if (admission.input() != null) {
            carryOut(gate.outgoing(core.handle(admission.input(), now)));
        }
        return this;
    }

    private void carryOut(List<MasterEffect> effects) {
        for (MasterEffect effect : effects) {
            if (effect instanceof MasterEffect.ToAgent e) {
                tell(agents.get(e.agentId()), EffectMessages.toAgent(e));
            } else if (effect instanceof MasterEffect.ToFramework e) {
                tell(frameworks.get(e.frameworkId()), EffectMessages.toFramework(e));
            } else if (effect instanceof MasterEffect.AllocateSoon) {
                getContext().getSelf().tell(AllocateNow.INSTANCE);
            } else if (effect instanceof MasterEffect.ForgetAgent e) {
                agents.remove(e.agentId());
            } else if (effect instanceof MasterEffect.ForgetFramework e) {
                frameworks.remove(e.frameworkId());
            }
        }
    }

    /** Cluster events in the gate's terms: master-role members by unique address, and their phase. */
    private List<MasterEffect> membership(Object event, long now) {
        if (event instanceof ClusterEvent.CurrentClusterState s) {
            Map<String, QuorumGate.Phase> masters = new HashMap<>();
            for (Member m : s.getMembers()) {
                if (m.hasRole(MASTER_ROLE)) {
                    masters.put(key(m), phase(m.status()));
                }
            }
            Set<String> unreachable = new HashSet<>();
            for (Member m : s.getUnreachable()) {
                unreachable.add(key(m));
            }
            return gate.snapshot(masters, unreachable, now);
        } else if (event instanceof ClusterEvent.UnreachableMember u) {
            return gate.unreachable(key(u.member()), now);
        } else if (event instanceof ClusterEvent.ReachableMember r) {
            return gate.reachable(key(r.member()), now);
        } else if (event instanceof ClusterEvent.MemberEvent m) {
            return gate.member(key(m.member()), m.member().hasRole(MASTER_ROLE), phase(m.member().status()), now);
        }
        return List.of();
    }

    private static String key(Member m) {
        return m.uniqueAddress().toString();
    }

    private static QuorumGate.Phase phase(MemberStatus status) {
        if (status == MemberStatus.up() || status == MemberStatus.shuttingDown()
                || status == MemberStatus.shutDown()) {
            return QuorumGate.Phase.UP;
        } else if (status == MemberStatus.leaving()) {
            return QuorumGate.Phase.LEAVING;
        } else if (status == MemberStatus.exiting()) {
            return QuorumGate.Phase.EXITING;
        } else if (status == MemberStatus.down()) {
            return QuorumGate.Phase.DOWN;
        } else if (status == MemberStatus.removed()) {
            return QuorumGate.Phase.REMOVED;
        }
        return QuorumGate.Phase.JOINING;
    }

    /**
     * The core addresses only agents and frameworks that reported in and were not forgotten since,
     * so a missing reference means the two books disagree: better one message dropped than the
     * singleton failing on it.
     */
    private static <T> void tell(ActorRef<T> ref, T message) {
        if (ref != null) {
            ref.tell(message);
        }
    }
}
