package io.strata.service;

import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.StrataMessage;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.service.ServiceProtocol.Reply;
import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs one service as a framework of its own. A thin actor: it holds the scheduler driver, the
 * store, the timer and the readiness-check executor, feeds every event to the
 * {@link ServicePlanner} and carries out the actions it returns.
 */
final class ServiceScheduler extends AbstractBehavior<ServiceScheduler.Msg> {

    interface Msg extends StrataMessage {
    }

    record Op(ServiceProtocol.Command command) implements Msg {
    }

    private record Input(ServiceInput input) implements Msg {
    }

    /** The master's state for the end of a delete; null when it did not answer in time. */
    private record MasterState(ClusterState state) implements Msg {
    }

    private enum Tick implements Msg { INSTANCE }

    /** From the manager once it no longer routes to this deleted service: stop. */
    enum Retire implements Msg { INSTANCE }

    /** A tick between ticks: a pod of a deploying service may be due for its next readiness check. */
    private enum CheckDue implements Msg { INSTANCE }

    /** The group's usage and limit, read while pods wait (null when the master or the store did not answer). */
    private record GroupRoomIn(ServiceInput.GroupRoom room) implements Msg {
    }

    /** Ticks between two looks at the group's room while pods wait: every 2 s. */
    private static final int GROUP_LOOK_EVERY = 4;
    private int ticks;

    /** A decision and how the actor goes on after carrying it out. */
    private record Outcome(Decision decision, Behavior<Msg> behavior) {
    }

    private static final Duration TICK = Duration.ofMillis(500);

    private final ActorRef<MasterCommand> master;
    private final ActorRef<ServiceProtocol.Command> manager;
    private final ServiceStore store;
    private final Clock clock;
    private final Executor checks;
    private final ServicePlanner planner;
    private final SchedulerDriver driver;
    private PlannerState state;

    static Behavior<Msg> create(ServiceType type, ServiceRecord record, ActorRef<MasterCommand> master,
                                ActorRef<ServiceProtocol.Command> manager, ServiceStore store, Clock clock,
                                Executor checks, IdSource ids) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
            return new ServiceScheduler(ctx, type, record, master, manager, store, clock, checks, ids);
        }));
    }

    private ServiceScheduler(ActorContext<Msg> ctx, ServiceType type, ServiceRecord record,
                             ActorRef<MasterCommand> master, ActorRef<ServiceProtocol.Command> manager,
                             ServiceStore store, Clock clock, Executor checks, IdSource ids) {
        super(ctx);
        this.master = master;
        this.manager = manager;
        this.store = store;
        this.clock = clock;
        this.checks = checks;
        this.planner = new ServicePlanner(type, ids, ServiceTimings.DEFAULT);
        this.state = PlannerState.start(record, type.definition(record.name(), record.config()));
        ActorRef<Msg> self = ctx.getSelf();
        // The service's group is its framework's role: the allocator applies the group's quota to it.
        FrameworkInfo info = new FrameworkInfo(FrameworkId.of(record.frameworkId()), type.name() + ":" + record.name(),
                io.strata.group.Group.role(ServiceGroup.of(record.config())));
        this.driver = StrataSchedulerDriver.start(ctx.getSystem(), master, info, new Scheduler() {
            @Override
            public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                self.tell(new Input(new ServiceInput.OffersIn(offers)));
            }

            @Override
            public void offerRescinded(SchedulerDriver d, OfferId offerId) {
                self.tell(new Input(new ServiceInput.Rescinded(offerId)));
            }

            @Override
            public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                self.tell(new Input(new ServiceInput.TaskUpdate(status)));
            }

            @Override
            public void agentLost(SchedulerDriver d, AgentId agentId, String reason) {
                self.tell(new Input(new ServiceInput.AgentLost(agentId.value(), reason)));
            }
        });
    }

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
                .onMessage(Input.class, m -> {
                    Behavior<Msg> next = decide(m.input()).behavior();
                    checkSoon(m.input());
                    return next;
                })
                .onMessageEquals(CheckDue.INSTANCE, () -> decide(new ServiceInput.Tick()).behavior())
                .onMessage(MasterState.class, this::onMasterState)
                .onMessage(Op.class, m -> onOp(m.command()))
                .onMessageEquals(Tick.INSTANCE, () -> {
                    lookAtGroupRoom();
                    return decide(new ServiceInput.Tick()).behavior();
                })
                .onMessage(GroupRoomIn.class, m -> m.room() == null ? this : decide(m.room()).behavior())
                .build();
    }

    /**
     * While the service first deploys, a pod that just started or is not ready yet may be checked
     * again after {@link ServiceTimings#checkDeploying()} rather than at the next tick.
     */
    private void checkSoon(ServiceInput input) {
        boolean pending = input instanceof ServiceInput.TaskUpdate
                || input instanceof ServiceInput.Readiness r && !r.ready();
        if (pending && !state.record().deployedOnce()) {
            getContext().scheduleOnce(ServiceTimings.DEFAULT.checkDeploying(), getContext().getSelf(), CheckDue.INSTANCE);
        }
    }

    /** While pods wait in a group with a limit, finds out whether the limit is why. */
    private void lookAtGroupRoom() {
        String group = ServiceGroup.of(state.record().config());
        if (++ticks % GROUP_LOOK_EVERY != 0 || group.equals(io.strata.group.Group.DEFAULT)
                || state.record().pods().stream().noneMatch(p -> p.state() == PodState.WAITING)) {
            return;
        }
        java.util.concurrent.CompletionStage<ClusterState> cluster = org.apache.pekko.actor.typed.javadsl.AskPattern.ask(
                master, MasterCommand.GetState::new, Duration.ofSeconds(2), getContext().getSystem().scheduler());
        getContext().pipeToSelf(new io.strata.group.GroupStore(store.control()).get(group).thenCombine(cluster,
                        (g, s) -> g.filter(x -> !x.limit().isNone()).map(x -> new ServiceInput.GroupRoom(group,
                                io.strata.group.GroupUsage.of(s, group), x.limit().asLimit())).orElse(null)),
                (room, err) -> new GroupRoomIn(err == null ? room : null));
    }

    private Behavior<Msg> onOp(ServiceProtocol.Command c) {
        if (c instanceof ServiceProtocol.Status s) {
            s.replyTo().tell(new ServiceProtocol.StatusReply(StatusReport.of(state), null));
            return this;
        }
        ServiceInput input;
        ActorRef<Reply> replyTo;
        if (c instanceof ServiceProtocol.Restart r) {
            input = new ServiceInput.Restart();
            replyTo = r.replyTo();
        } else if (c instanceof ServiceProtocol.Replace r) {
            input = new ServiceInput.Replace(r.podId());
            replyTo = r.replyTo();
        } else if (c instanceof ServiceProtocol.Scale s) {
            input = new ServiceInput.Scale(s.config());
            replyTo = s.replyTo();
        } else if (c instanceof ServiceProtocol.Delete d) {
            input = new ServiceInput.Delete(d.graceMillis());
            replyTo = d.replyTo();
        } else {
            return this;
        }
        Outcome o;
        try {
            o = decide(input);
        } catch (StoreUnavailableException e) {
            replyTo.tell(Reply.error("not done: " + e.getMessage()));
            throw e;
        }
        replyTo.tell(o.decision().accepted() ? Reply.ok() : Reply.error(o.decision().refusal()));
        return o.behavior();
    }

    /**
     * The service is deleted: operations that reached it before the manager stopped routing here go
     * back to the manager, which answers them as for any unknown service; stops when the manager says.
     */
    private Behavior<Msg> retiring() {
        return Behaviors.receive(Msg.class)
                .onMessage(Op.class, m -> {
                    manager.tell(m.command());
                    return Behaviors.same();
                })
                .onMessageEquals(Retire.INSTANCE, Behaviors::stopped)
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private Behavior<Msg> onMasterState(MasterState m) {
        if (m.state() == null) {
            return this;
        }
        String frameworkId = state.record().frameworkId();
        Set<String> ours = m.state().volumes().stream().filter(v -> v.frameworkId().value().equals(frameworkId))
                .map(ClusterState.VolumeView::id).collect(Collectors.toSet());
        return decide(new ServiceInput.VolumesReport(ours)).behavior();
    }

    private Outcome decide(ServiceInput input) {
        Decision d = planner.decide(state, input, clock.millis());
        state = d.state();
        Behavior<Msg> next = this;
        for (ServiceAction a : d.actions()) {
            if (!carryOut(a)) {
                next = retiring();
            }
        }
        return new Outcome(d, next);
    }

    /** Carries out one action; false once the service is gone and the actor should stop. */
    private boolean carryOut(ServiceAction action) {
        if (action instanceof ServiceAction.Save a) {
            save(a.record());
        } else if (action instanceof ServiceAction.Launch a) {
            driver.launch(a.offerId(), a.tasks());
        } else if (action instanceof ServiceAction.Decline a) {
            driver.decline(a.offerId(), a.refuse());
        } else if (action instanceof ServiceAction.Kill a) {
            if (a.graceMillis() == null) {
                driver.kill(a.taskId());
            } else {
                driver.kill(a.taskId(), Duration.ofMillis(a.graceMillis()));
            }
        } else if (action instanceof ServiceAction.DestroyVolume a) {
            driver.destroyVolume(a.volumeId());
        } else if (action instanceof ServiceAction.Revive) {
            driver.revive();
        } else if (action instanceof ServiceAction.Suppress) {
            driver.suppress();
        } else if (action instanceof ServiceAction.CheckReadiness a) {
            checkReadiness(a);
        } else if (action instanceof ServiceAction.AskVolumes) {
            getContext().ask(ClusterState.class, master, Duration.ofSeconds(3), MasterCommand.GetState::new,
                    (st, err) -> new MasterState(st));
        } else if (action instanceof ServiceAction.Log a) {
            if (a.warning()) {
                getContext().getLog().warn(a.line());
            } else {
                getContext().getLog().info(a.line());
            }
        } else if (action instanceof ServiceAction.Finish) {
            forget(state.record());
            driver.stop(true);
            getContext().getLog().info("service deleted service={}", state.record().frameworkId());
            manager.tell(new ServiceManager.Deleted(state.record().name(), getContext().getSelf()));
            return false;
        }
        return true;
    }

    /**
     * Save is a decision's first action (and Finish removes the record before the teardown): nothing
     * else of the decision happens unless a majority of master nodes hold the change. When none does, the scheduler stops (its framework stays
     * registered for failover, its tasks keep running) by failing, and its manager resumes it from
     * the store's record, as a manager taking over would: acting on a decision the store does not
     * hold would make the next manager disagree with what was done.
     */
    private void save(ServiceRecord record) {
        try {
            store.save(record);
        } catch (StoreUnavailableException e) {
            throw stopWithoutStore("saved", record, e);
        }
    }

    /** The record goes before the framework is torn down: a service must never be gone yet still resumable. */
    private void forget(ServiceRecord record) {
        try {
            store.delete(record.name());
        } catch (StoreUnavailableException e) {
            throw stopWithoutStore("removed", record, e);
        }
    }

    private StoreUnavailableException stopWithoutStore(String what, ServiceRecord record, StoreUnavailableException e) {
        getContext().getLog().warn("service record not {}; stopping the scheduler service={} reason=\"{}\"", what,
                record.frameworkId(), e.getMessage());
        driver.stop(false);
        return e;
    }

    /** Runs the definition's check on the executor: it may block on a client connection. */
    private void checkReadiness(ServiceAction.CheckReadiness a) {
        ServiceDefinition definition = state.definition();
        ActorRef<Msg> self = getContext().getSelf();
        CompletableFuture.supplyAsync(() -> {
            try {
                return new ServiceInput.Readiness(a.pod().id(), a.taskId(), definition.isReady(a.pod(), a.view()), "");
            } catch (Exception e) {
                String detail = e.getMessage() == null ? e.toString() : e.getMessage();
                return new ServiceInput.Readiness(a.pod().id(), a.taskId(), false, detail);
            }
        }, checks).thenAccept(r -> self.tell(new Input(r)));
    }
}
