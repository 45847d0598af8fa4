package io.strata.adhoc;

import io.strata.adhoc.AdhocProtocol.*;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in framework behind `strata task run`, like mesos-execute or a Marathon one-off: it
 * queues tasks until an offer fits them (first come, first served), says why each one waits, and
 * asks for offers only while something waits.
 */
public final class AdhocTasks extends AbstractBehavior<Command> {

    public static final String FRAMEWORK_NAME = "strata-tasks";
    private static final FrameworkInfo INFO = new FrameworkInfo(FrameworkId.of(FRAMEWORK_NAME), FRAMEWORK_NAME, "*");
    private static final Duration REASON_REFRESH = Duration.ofSeconds(1);

    private enum Tick implements Command { INSTANCE }

    private record OffersIn(List<Offer> offers) implements Command {
    }

    private record StateIn(ClusterState state) implements Command {
    }

    private final SchedulerDriver driver;
    private final ActorRef<MasterCommand> master;
    private final Map<String, PendingTask> pending = new LinkedHashMap<>();
    private final Map<String, TaskSpec> specs = new LinkedHashMap<>();
    private ClusterState lastState;

    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(master), FRAMEWORK_NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    static Behavior<Command> create(ActorRef<MasterCommand> master) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, REASON_REFRESH);
            return new AdhocTasks(ctx, master);
        }));
    }

    private AdhocTasks(ActorContext<Command> ctx, ActorRef<MasterCommand> master) {
        super(ctx);
        this.master = master;
        ActorRef<Command> self = ctx.getSelf();
        this.driver = StrataSchedulerDriver.start(ctx.getSystem(), master, INFO, new Scheduler() {
            @Override
            public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                self.tell(new OffersIn(offers));
            }

            @Override
            public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                // The master keeps launched tasks' statuses; nothing to track here.
            }
        });
        driver.suppress();
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
                .onMessage(OffersIn.class, this::onOffers)
                .onMessage(StateIn.class, this::onState)
                .onMessageEquals(Tick.INSTANCE, () -> {
                    if (!pending.isEmpty()) {
                        askState();
                    }
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    driver.stop(false);
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
        String id = name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + UUID.randomUUID().toString().substring(0, 8);
        Resources res = Resources.of(r.cpus(), r.memMb(), r.diskMb());
        TaskSpec spec = new TaskSpec(TaskId.of(id), name, r.command().get(0), r.command().subList(1, r.command().size()),
                r.env(), res, Map.of("framework", FRAMEWORK_NAME));
        specs.put(id, spec);
        pending.put(id, new PendingTask(id, name, res, r.command(), PendingReasons.reason(res, lastState),
                System.currentTimeMillis()));
        m.replyTo().tell(new SubmitReply(id, null));
        getContext().getLog().info("task submitted task={} resources=[{}]", id, res);
        driver.revive();
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
        boolean removed = pending.remove(m.taskId()) != null;
        specs.remove(m.taskId());
        m.replyTo().tell(new CancelReply(removed));
        if (pending.isEmpty()) {
            driver.suppress();
        }
        return this;
    }

    /** First come, first served: each task goes into the first offer it fits. */
    private Behavior<Command> onOffers(OffersIn m) {
        boolean launchedAny = false;
        for (Offer offer : m.offers()) {
            Resources left = offer.resources();
            List<TaskSpec> launch = new ArrayList<>();
            for (Iterator<Map.Entry<String, PendingTask>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                PendingTask p = it.next().getValue();
                if (left.containsScalars(p.resources())) {
                    left = left.minus(p.resources());
                    launch.add(specs.remove(p.id()));
                    it.remove();
                }
            }
            if (launch.isEmpty()) {
                driver.decline(offer.id(), Duration.ofSeconds(5));
            } else {
                driver.launch(offer.id(), launch);
                launchedAny = true;
            }
        }
        if (pending.isEmpty()) {
            driver.suppress();
        } else if (launchedAny) {
            askState();
        }
        return this;
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
        pending.replaceAll((id, p) -> new PendingTask(p.id(), p.name(), p.resources(), p.command(),
                PendingReasons.reason(p.resources(), lastState), p.submittedAtMillis()));
        return this;
    }
}
