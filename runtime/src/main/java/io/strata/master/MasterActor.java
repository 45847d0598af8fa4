package io.strata.master;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.MasterCommand.AgentHeartbeat;
import io.strata.protocol.MasterCommand.FrameworkHeartbeat;
import io.strata.protocol.MasterCommand.GetLog;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The master singleton's shell around {@link MasterState}: translates protocol messages into the
 * core's inputs, keeps where each agent and framework can be reached, and carries out the
 * effects. It decides nothing itself.
 */
public final class MasterActor extends AbstractBehavior<MasterCommand> {

    private enum Tick implements MasterCommand { INSTANCE }

    private enum AllocateNow implements MasterCommand { INSTANCE }

    private final Clock clock;
    private final MasterState core;
    private final Map<AgentId, ActorRef<AgentCommand>> agents = new HashMap<>();
    private final Map<FrameworkId, ActorRef<FrameworkEvent>> frameworks = new HashMap<>();

    public static Behavior<MasterCommand> create(MasterSettings settings, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new MasterActor(ctx, timers, settings, clock)));
    }

    private MasterActor(ActorContext<MasterCommand> ctx, TimerScheduler<MasterCommand> timers,
                        MasterSettings settings, Clock clock) {
        super(ctx);
        this.clock = clock;
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        String address = Cluster.get(ctx.getSystem()).selfMember().address().toString();
        this.core = new MasterState(settings, epoch, address, clock.millis(), System::nanoTime);
        timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.allocationInterval());
        ctx.getLog().info("master started epoch={} address={}", epoch, address);
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
                .onMessage(MasterCommand.Kill.class, m -> handle(new MasterInput.Kill(m.frameworkId(), m.taskId())))
                .onMessage(MasterCommand.Reconcile.class, m ->
                        handle(new MasterInput.Reconcile(m.frameworkId(), m.taskIds())))
                .onMessage(MasterCommand.DestroyVolume.class, m ->
                        handle(new MasterInput.DestroyVolume(m.frameworkId(), m.volumeId())))
                .onMessage(MasterCommand.Teardown.class, m -> handle(new MasterInput.Teardown(m.frameworkId())))
                .onMessage(MasterCommand.GetState.class, m -> {
                    m.replyTo().tell(core.clusterState());
                    return this;
                })
                .onMessage(GetLog.class, this::onGetLog)
                .onMessageEquals(Tick.INSTANCE, () -> handle(new MasterInput.Tick()))
                .onMessageEquals(AllocateNow.INSTANCE, () -> handle(new MasterInput.Allocate()))
                .build();
    }

    private Behavior<MasterCommand> onAgentHeartbeat(AgentHeartbeat hb) {
        agents.put(hb.agentId(), hb.agent());
        return handle(new MasterInput.AgentHeartbeat(hb.agentId(), hb.host(), hb.total(), hb.attributes(),
                hb.tasks().stream().map(t -> new MasterInput.ReportedTask(t.frameworkId(), t.spec(), t.status()))
                        .toList(),
                hb.volumes().stream().map(v -> new MasterInput.ReportedVolume(v.frameworkId(), v.volume())).toList(),
                connection(hb.agent())));
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

    /** Two references are the same connection exactly when their path and incarnation (uid) agree. */
    private static String connection(ActorRef<?> ref) {
        return ref.path().toSerializationFormat();
    }

    private Behavior<MasterCommand> handle(MasterInput input) {
        for (MasterEffect effect : core.handle(input, clock.millis())) {
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
        return this;
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
