package io.strata.spark;

import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.spark.SparkProtocol.AppSpec;
import io.strata.spark.SparkProtocol.AppView;
import io.strata.spark.SparkProtocol.Command;
import io.strata.spark.SparkProtocol.ExecutorView;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * One Spark application: a Strata framework of its own (named {@code spark:<app name>}, so that its
 * executors say whose they are in {@code strata task list}) that keeps as many executors as the
 * driver wants. It ends, killing every executor, when the driver says so or falls silent.
 */
final class SparkAppActor extends AbstractBehavior<Command> {

    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration REFUSE = Duration.ofSeconds(5);
    private static final int ENDED_EXECUTORS_SHOWN = 20;
    /** Executors of a driver not heard from this long would only fail to connect: launch none until it is back. */
    private static final Duration STALE_DRIVER = Duration.ofSeconds(3);

    private enum Tick implements Command { INSTANCE }

    private record OffersIn(List<Offer> offers) implements Command {
    }

    /** Its driver's checkpoint is on this agent: executors go there (learnt after a failover, when the queue is read). */
    record OnlyAgent(String agentId) implements Command {
    }

    private record StatusIn(TaskStatus status) implements Command {
    }

    /** What the application looks like now; the parent keeps it for listings. */
    record Changed(AppView view, boolean ended) implements Command {
    }

    private final String appId;
    private final SparkSettings settings;
    private final ActorRef<Command> parent;
    private final Clock clock;
    private final ExecutorPlan plan;
    private final SchedulerDriver driver;
    private final long startedAt;
    private AppSpec spec;
    private long lastHeardMillis;
    private boolean suppressed;
    private String onlyAgent;
    /** The driver's checkpoint volume, which executors write the streaming state store to; or null. */
    private final String checkpointVolume;

    /**
     * {@code onlyAgent}: the agent every executor must run on (its driver's checkpoint is there), or
     * null; {@code checkpointVolume}: the id of that checkpoint's volume, or null.
     */
    static Behavior<Command> create(String appId, AppSpec spec, SparkSettings settings, ActorRef<MasterCommand> master,
                                    ActorRef<Command> parent, Clock clock, String onlyAgent, String checkpointVolume) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, CHECK);
            return new SparkAppActor(ctx, appId, spec, settings, master, parent, clock, onlyAgent, checkpointVolume);
        }));
    }

    private SparkAppActor(ActorContext<Command> ctx, String appId, AppSpec spec, SparkSettings settings,
                          ActorRef<MasterCommand> master, ActorRef<Command> parent, Clock clock, String onlyAgent,
                          String checkpointVolume) {
        super(ctx);
        this.onlyAgent = onlyAgent;
        this.checkpointVolume = checkpointVolume;
        this.appId = appId;
        this.spec = spec;
        this.settings = settings;
        this.parent = parent;
        this.clock = clock;
        this.plan = new ExecutorPlan(appId, settings.maxExecutorFailures());
        this.startedAt = clock.millis();
        this.lastHeardMillis = startedAt;
        ActorRef<Command> self = ctx.getSelf();
        // The application id is the framework id: a new framework instance (after a failover) takes the executors over.
        this.driver = StrataSchedulerDriver.start(ctx.getSystem(), master,
                new FrameworkInfo(FrameworkId.of(appId), "spark:" + spec.name(), spec.groupName()), new Scheduler() {
                    @Override
                    public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                        self.tell(new OffersIn(offers));
                    }

                    @Override
                    public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                        self.tell(new StatusIn(status));
                    }
                });
        ctx.getLog().info("spark application registered app={} name={} target={}", appId, spec.name(), spec.target());
        retarget();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SparkProtocol.PutApp.class, m -> {
                    // The group is the framework's role, fixed when the application registered.
                    spec = m.spec().withGroup(spec.group());
                    lastHeardMillis = clock.millis();
                    retarget();
                    m.replyTo().tell(new SparkProtocol.AppReply(appId, plan.problem()));
                    return this;
                })
                .onMessage(SparkProtocol.KillExecutors.class, m -> {
                    plan.kill(m.executorIds()).forEach(driver::kill);
                    m.replyTo().tell(new SparkProtocol.Done(true));
                    report();
                    return this;
                })
                .onMessage(SparkProtocol.EndApp.class, m -> {
                    m.replyTo().tell(new SparkProtocol.Done(true));
                    return end(m.reason());
                })
                .onMessage(OnlyAgent.class, m -> {
                    onlyAgent = m.agentId();
                    return this;
                })
                .onMessage(OffersIn.class, this::onOffers)
                .onMessage(StatusIn.class, m -> {
                    plan.update(m.status());
                    plan.pruneEnded(ENDED_EXECUTORS_SHOWN);
                    adjustOffers();
                    report();
                    return this;
                })
                .onMessageEquals(Tick.INSTANCE, () -> {
                    long silent = clock.millis() - lastHeardMillis;
                    if (silent > settings.driverTimeout().toMillis()) {
                        return end("the driver was silent for " + silent / 1000 + "s");
                    }
                    return this;
                })
                .build();
    }

    private void retarget() {
        List<TaskId> cancel = plan.retarget(spec.target(), new HashSet<>(spec.registered()));
        cancel.forEach(driver::kill);
        if (!cancel.isEmpty()) {
            getContext().getLog().info("cancelling starting executors app={} tasks={} target={}", appId, cancel,
                    spec.target());
        }
        adjustOffers();
        report();
    }

    private Behavior<Command> onOffers(OffersIn m) {
        boolean driverStale = clock.millis() - lastHeardMillis > STALE_DRIVER.toMillis();
        for (Offer offer : m.offers()) {
            if (driverStale || onlyAgent != null && !onlyAgent.equals(offer.agentId().value())) {
                driver.decline(offer.id(), REFUSE);
                continue;
            }
            List<TaskSpec> launch = new ArrayList<>();
            for (String id : plan.claim(offer.agentId().value(), offer.resources(), SparkTasks.executorResources(spec))) {
                TaskSpec executor = SparkTasks.executor(settings, appId, plan.taskIdOf(id), id, spec, offer.host());
                // Executors run as tasks of their own: they may write the driver's checkpoint volume.
                launch.add(checkpointVolume == null ? executor
                        : executor.withLabel(TaskSpec.SHARED_VOLUME_LABEL, checkpointVolume));
            }
            if (launch.isEmpty()) {
                driver.decline(offer.id(), REFUSE);
            } else {
                driver.launch(offer.id(), launch);
                getContext().getLog().info("launching executors app={} agent={} count={}", appId, offer.agentId(),
                        launch.size());
            }
        }
        adjustOffers();
        report();
        return this;
    }

    /** Offers only while executors are missing: an idle application holds nothing, not even offers. */
    private void adjustOffers() {
        boolean want = plan.missing() > 0;
        if (want && suppressed) {
            driver.revive();
        } else if (!want && !suppressed) {
            driver.suppress();
        }
        suppressed = !want;
    }

    private Behavior<Command> end(String reason) {
        getContext().getLog().info("spark application ended app={} reason=\"{}\"", appId, reason);
        driver.stop(true);
        parent.tell(new Changed(view("ENDED", reason), true));
        return Behaviors.stopped();
    }

    private void report() {
        String problem = plan.problem();
        parent.tell(new Changed(view("RUNNING", problem == null ? "" : problem), false));
    }

    private AppView view(String state, String reason) {
        List<ExecutorView> executors = plan.executors().stream().map(e -> new ExecutorView(e.id(), e.taskId().value(),
                e.state().name(), e.agentId(), e.reason())).toList();
        return new AppView(appId, spec.name(), spec.submissionId(), state, reason, plan.target(), executors, startedAt,
                spec.groupName());
    }
}
