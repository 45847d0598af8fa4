package io.strata.adhoc;

import io.strata.adhoc.AdhocProtocol.*;
import io.strata.adhoc.PendingStore.Queued;
import io.strata.group.Group;
import io.strata.group.GroupStore;
import io.strata.group.GroupUsage;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.store.ControlStore;
import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in framework behind `strata task run`, like mesos-execute or a Marathon one-off: it
 * queues tasks until an offer fits them (first come, first served), says why each one waits, and
 * asks for offers only while something waits.
 *
 * <p>The queue lives in the control store ({@link PendingStore}): a submission is acknowledged once
 * a majority of master nodes hold it, and the framework that takes over on another master node
 * starts from the queue a majority holds. A task leaves the store before it is launched, so a
 * takeover never launches it twice; on a side without a majority nothing leaves the store and so
 * nothing is launched.
 */
public final class AdhocTasks extends AbstractBehavior<Command> {

    public static final String FRAMEWORK_NAME = "strata-tasks";
    private static final Duration REASON_REFRESH = Duration.ofSeconds(1);

    private enum Tick implements Command { INSTANCE }

    private record OffersIn(String group, List<Offer> offers) implements Command {
    }

    /** The groups as the store holds them (null when it did not answer). */
    private record GroupsIn(List<Group> groups) implements Command {
    }

    private record StateIn(ClusterState state) implements Command {
    }

    /** A submission's write to the store finished (error null) or failed. */
    private record Stored(Queued queued, ActorRef<SubmitReply> replyTo, Throwable error) implements Command {
    }

    /** A cancelled task's removal from the store finished or failed. */
    private record Unstored(Queued queued, ActorRef<CancelReply> replyTo, Throwable error) implements Command {
    }

    /** Tasks matched to an offer have left the store (error null): launch them, or queue them again. */
    private record Unqueued(String group, OfferId offerId, List<Queued> tasks, Throwable error) implements Command {
    }

    private static final Duration RESTORE_BACKOFF_MIN = Duration.ofSeconds(1);
    private static final Duration RESTORE_BACKOFF_MAX = Duration.ofSeconds(10);

    /** One framework per group that has had tasks (role = the group), the default group's from the start. */
    private final Map<String, SchedulerDriver> drivers = new LinkedHashMap<>();
    private final ActorRef<MasterCommand> master;
    private final PendingStore store;
    private final GroupStore groupStore;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Queued tasks in submission order; tasks being launched or cancelled are in neither map. */
    private final Map<String, PendingTask> pending = new LinkedHashMap<>();
    private final Map<String, TaskSpec> specs = new LinkedHashMap<>();
    private ClusterState lastState;

    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master, ControlStore store) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(master, store), FRAMEWORK_NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    /** Starts only from the queue a majority of master nodes hold; retries with backoff until one answers. */
    static Behavior<Command> create(ActorRef<MasterCommand> master, ControlStore store) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> {
                    timers.startTimerWithFixedDelay(Tick.INSTANCE, REASON_REFRESH);
                    return new AdhocTasks(ctx, master, new PendingStore(store), new GroupStore(store));
                })))
                .onFailure(StoreUnavailableException.class,
                        SupervisorStrategy.restartWithBackoff(RESTORE_BACKOFF_MIN, RESTORE_BACKOFF_MAX, 0.2)
                                .withLoggingEnabled(false));
    }

    private AdhocTasks(ActorContext<Command> ctx, ActorRef<MasterCommand> master, PendingStore store,
                       GroupStore groupStore) {
        super(ctx);
        this.master = master;
        this.store = store;
        this.groupStore = groupStore;
        List<Queued> restored;
        try {
            restored = store.loadAll();
        } catch (StoreUnavailableException e) {
            ctx.getLog().warn("pending tasks not restored yet, retrying reason=\"{}\"", e.getMessage());
            throw e;
        }
        driver(Group.DEFAULT).suppress();
        ctx.pipeToSelf(groupStore.all(), (all, err) -> new GroupsIn(err == null ? all : null));
        if (!restored.isEmpty()) {
            queue(restored);
            ctx.getLog().info("pending tasks restored from the control store count={}", restored.size());
            restored.stream().map(q -> q.task().groupName()).distinct().forEach(g -> driver(g).revive());
        }
    }

    /** The framework's id for a group: {@code strata-tasks} for the default group, as before groups existed. */
    public static String frameworkName(String group) {
        return group == null || group.equals(Group.DEFAULT) ? FRAMEWORK_NAME : FRAMEWORK_NAME + "-" + group;
    }

    /** The group's framework, registered with role = the group on first use. */
    private SchedulerDriver driver(String group) {
        return drivers.computeIfAbsent(group, g -> {
            ActorRef<Command> self = getContext().getSelf();
            String name = frameworkName(g);
            return StrataSchedulerDriver.start(getContext().getSystem(), master,
                    new FrameworkInfo(FrameworkId.of(name), name, Group.role(g)), new Scheduler() {
                        @Override
                        public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                            self.tell(new OffersIn(g, offers));
                        }

                        @Override
                        public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                            // The master keeps launched tasks' statuses; nothing to track here.
                        }
                    });
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(ListPending.class, m -> {
                    m.replyTo().tell(new PendingList(FRAMEWORK_NAME, new ArrayList<>(pending.values())));
                    return this;
                })
                .onMessage(GroupsIn.class, m -> {
                    if (m.groups() != null) {
                        groups.clear();
                        m.groups().forEach(g -> groups.put(g.name(), g));
                        // A group made or changed after a task queued: its limit may now be the reason.
                        pending.replaceAll((id, p) -> p.withReason(reason(p.resources(), p.group())));
                    }
                    return this;
                })
                .onMessage(Stored.class, this::onStored)
                .onMessage(Unstored.class, this::onUnstored)
                .onMessage(Unqueued.class, this::onUnqueued)
                .onMessage(OffersIn.class, this::onOffers)
                .onMessage(StateIn.class, this::onState)
                .onMessageEquals(Tick.INSTANCE, () -> {
                    if (!pending.isEmpty()) {
                        askState();
                        getContext().pipeToSelf(groupStore.all(), (all, err) -> new GroupsIn(err == null ? all : null));
                    }
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    drivers.values().forEach(d -> d.stop(false));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit m) {
        TaskRequest r = m.request();
        String problem = validate(r);
        if (problem != null) {
            m.replyTo().tell(new SubmitReply(null, problem));
            return this;
        }
        String name = r.name() == null || r.name().isBlank() ? "task" : r.name();
        String idBase = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        String id = idBase.substring(0, Math.min(idBase.length(), 100)) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Resources res = Resources.of(r.cpus(), r.memMb(), r.diskMb());
        TaskSpec spec = new TaskSpec(TaskId.of(id), name, r.command().get(0), r.command().subList(1, r.command().size()),
                r.env(), res, Map.of("framework", frameworkName(r.group()))).withUser(r.user());
        String group = r.group() == null || r.group().equals(Group.DEFAULT) ? null : r.group();
        Queued q = new Queued(new PendingTask(id, name, res, r.command(), reason(res, group),
                System.currentTimeMillis(), group), spec);
        getContext().pipeToSelf(store.add(q), (ok, err) -> new Stored(q, m.replyTo(), err));
        return this;
    }

    /** The submission is acknowledged only once the store holds it. */
    private Behavior<Command> onStored(Stored m) {
        String id = m.queued().task().id();
        if (m.error() != null) {
            m.replyTo().tell(new SubmitReply(null, "task not queued: " + rootMessage(m.error())));
            getContext().getLog().warn("task not queued task={} reason=\"{}\"", id, rootMessage(m.error()));
            return this;
        }
        queue(List.of(m.queued()));
        m.replyTo().tell(new SubmitReply(id, null));
        getContext().getLog().info("task submitted task={} group={} resources=[{}]", id, m.queued().task().groupName(),
                m.queued().task().resources());
        driver(m.queued().task().groupName()).revive();
        askState();
        return this;
    }

    static String validate(TaskRequest r) {
        if (r.command() == null || r.command().isEmpty() || r.command().get(0).isBlank()) {
            return "command must not be empty";
        }
        if (!(r.cpus() > 0)) {
            return "cpus must be greater than 0, got " + r.cpus();
        }
        if (r.memMb() <= 0) {
            return "memMb must be greater than 0, got " + r.memMb();
        }
        if (r.diskMb() < 0) {
            return "diskMb must not be negative, got " + r.diskMb();
        }
        return null;
    }

    private Behavior<Command> onCancel(Cancel m) {
        PendingTask task = pending.remove(m.taskId());
        if (task == null) {
            m.replyTo().tell(new CancelReply(false, null));
            return this;
        }
        Queued q = new Queued(task, specs.remove(m.taskId()));
        getContext().pipeToSelf(store.remove(m.taskId()), (ok, err) -> new Unstored(q, m.replyTo(), err));
        suppressIfIdle();
        return this;
    }

    private Behavior<Command> onUnstored(Unstored m) {
        if (m.error() != null) {
            queue(List.of(m.queued()));
            driver(m.queued().task().groupName()).revive();
            m.replyTo().tell(new CancelReply(false, "task " + m.queued().task().id() + " not cancelled: "
                    + rootMessage(m.error())));
        } else {
            m.replyTo().tell(new CancelReply(true, null));
        }
        return this;
    }

    /**
     * First come, first served within the offer's group: each task goes into the first offer it fits.
     * Matched tasks leave the store before they are launched (see {@link #onUnqueued}).
     */
    private Behavior<Command> onOffers(OffersIn m) {
        SchedulerDriver driver = driver(m.group());
        for (Offer offer : m.offers()) {
            Resources left = offer.resources();
            List<Queued> launch = new ArrayList<>();
            for (Iterator<Map.Entry<String, PendingTask>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                PendingTask p = it.next().getValue();
                if (p.groupName().equals(m.group()) && left.containsScalars(p.resources())) {
                    left = left.minus(p.resources());
                    launch.add(new Queued(p, specs.remove(p.id())));
                    it.remove();
                }
            }
            if (launch.isEmpty()) {
                driver.decline(offer.id(), Duration.ofSeconds(5));
            } else {
                List<String> ids = launch.stream().map(q -> q.task().id()).toList();
                getContext().pipeToSelf(store.removeAll(ids), (ok, err) -> new Unqueued(m.group(), offer.id(), launch, err));
            }
        }
        suppressIfIdle();
        return this;
    }

    private Behavior<Command> onUnqueued(Unqueued m) {
        SchedulerDriver driver = driver(m.group());
        if (m.error() != null) {
            getContext().getLog().warn("tasks not launched, they stay queued tasks={} reason=\"{}\"",
                    m.tasks().stream().map(q -> q.task().id()).toList(), rootMessage(m.error()));
            driver.decline(m.offerId(), Duration.ofSeconds(1));
            queue(m.tasks());
            driver.revive();
            return this;
        }
        driver.launch(m.offerId(), m.tasks().stream().map(Queued::spec).toList());
        if (!pending.isEmpty()) {
            askState();
        }
        return this;
    }

    /** Adds tasks to the queue, keeping it in submission order (a task may come back after a failed removal). */
    private void queue(List<Queued> tasks) {
        List<PendingTask> all = new ArrayList<>(pending.values());
        for (Queued q : tasks) {
            all.add(q.task());
            specs.put(q.task().id(), q.spec());
        }
        all.sort(Comparator.comparingLong(PendingTask::submittedAtMillis).thenComparing(PendingTask::id));
        pending.clear();
        all.forEach(p -> pending.put(p.id(), p));
    }

    /** Suppresses the frameworks of groups with nothing queued. */
    private void suppressIfIdle() {
        drivers.forEach((group, d) -> {
            if (pending.values().stream().noneMatch(p -> p.groupName().equals(group))) {
                d.suppress();
            }
        });
    }

    /** Why a task waits: its group's limit first (the cluster may have room the group may not take), else the cluster. */
    private String reason(Resources wanted, String group) {
        String limit = GroupUsage.limitReason(groups.get(group == null ? Group.DEFAULT : group), wanted, lastState);
        return limit != null ? limit : PendingReasons.reason(wanted, lastState);
    }

    private static String rootMessage(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private void askState() {
        getContext().ask(ClusterState.class, master, REASON_REFRESH, MasterCommand.GetState::new,
                (state, err) -> new StateIn(state));
    }

    private Behavior<Command> onState(StateIn m) {
        if (m.state() == null) {
            return this;
        }
        lastState = m.state();
        pending.replaceAll((id, p) -> p.withReason(reason(p.resources(), p.group())));
        return this;
    }
}
