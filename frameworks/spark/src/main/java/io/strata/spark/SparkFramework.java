package io.strata.spark;

import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.Resources;
import io.strata.service.Demand;
import io.strata.spark.SparkProtocol.AppView;
import io.strata.spark.SparkProtocol.Command;
import io.strata.spark.SparkProtocol.SubmissionView;
import io.strata.group.Group;
import io.strata.group.GroupStore;
import io.strata.group.GroupUsage;
import io.strata.store.ControlStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Spark framework: a cluster singleton on master nodes (it fails over with the master) that
 * owns one child per running application and the cluster-mode dispatcher, rejects what can never
 * fit the pool, and links each driver's end to its application's end.
 */
public final class SparkFramework extends AbstractBehavior<Command> {

    static final String NAME = "strata-spark";
    private static final Duration STATE_REFRESH = Duration.ofSeconds(1);

    private enum Tick implements Command { INSTANCE }

    /** The groups as the store holds them (null when it did not answer). */
    private record GroupsIn(List<Group> groups) implements Command {
    }

    private record StateIn(ClusterState state) implements Command {
    }

    private final SparkSettings settings;
    private final ActorRef<MasterCommand> master;
    private final Clock clock;
    private final ActorRef<Command> dispatcher;
    private final Map<String, ActorRef<Command>> apps = new HashMap<>();
    private final Map<String, AppView> appViews = new LinkedHashMap<>();
    /** Each shown application's executor count over the last hour, for the dashboard. */
    private final Map<String, ExecutorHistory> histories = new HashMap<>();
    private final Map<String, SubmissionView> submissions = new LinkedHashMap<>();
    private ClusterState lastState;
    private final GroupStore groups;
    private final Map<String, Group> knownGroups = new java.util.HashMap<>();
    /** Each application's executor size, for the reason its missing executors give. */
    private final Map<String, Resources> executorSizes = new java.util.HashMap<>();

    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master, SparkSettings settings,
                                         ControlStore store) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(master, settings, Clock.systemUTC(), store),
                NAME).withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    static Behavior<Command> create(ActorRef<MasterCommand> master, SparkSettings settings, Clock clock,
                                    ControlStore store) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, STATE_REFRESH);
            return new SparkFramework(ctx, master, settings, clock, store);
        }));
    }

    private SparkFramework(ActorContext<Command> ctx, ActorRef<MasterCommand> master, SparkSettings settings,
                           Clock clock, ControlStore store) {
        super(ctx);
        this.settings = settings;
        this.master = master;
        this.clock = clock;
        this.groups = new GroupStore(store);
        this.dispatcher = ctx.spawn(SparkDispatcher.create(settings, master, ctx.getSelf(), clock, store),
                "dispatcher");
        askState();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SparkProtocol.PutApp.class, this::onPut)
                .onMessage(SparkProtocol.KillExecutors.class, m -> forward(m.appId(), m, m.replyTo()))
                .onMessage(SparkProtocol.EndApp.class, m -> forward(m.appId(), m, m.replyTo()))
                .onMessage(SparkProtocol.Submit.class, this::onSubmit)
                .onMessage(SparkProtocol.KillSubmission.class, m -> {
                    dispatcher.tell(m);
                    return this;
                })
                .onMessage(SparkProtocol.DestroyVolume.class, m -> {
                    dispatcher.tell(m);
                    return this;
                })
                .onMessage(SparkProtocol.GetOverview.class, m -> {
                    m.replyTo().tell(overview());
                    return this;
                })
                .onMessage(SparkAppActor.Changed.class, this::onAppChanged)
                .onMessage(SparkDispatcher.Changed.class, this::onSubmissionChanged)
                .onMessageEquals(Tick.INSTANCE, () -> {
                    sampleExecutors(clock.millis());
                    askState();
                    getContext().pipeToSelf(groups.all(), (all, err) -> new GroupsIn(err == null ? all : null));
                    return this;
                })
                .onMessage(GroupsIn.class, m -> {
                    if (m.groups() != null) {
                        knownGroups.clear();
                        m.groups().forEach(g -> knownGroups.put(g.name(), g));
                    }
                    return this;
                })
                .onMessage(StateIn.class, m -> {
                    if (m.state() != null) {
                        lastState = m.state();
                        dispatcher.tell(new SparkDispatcher.AgentsIn(m.state().agents().stream()
                                .filter(ClusterState.AgentView::active).map(a -> a.id().value())
                                .collect(Collectors.toSet())));
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onPut(SparkProtocol.PutApp given) {
        ActorRef<Command> app = apps.get(given.appId());
        SparkProtocol.PutApp m = given;
        if (app == null && given.spec().group() == null) {
            // A cluster-mode driver's application belongs to its submission's group.
            SubmissionView sub = given.spec().submissionId() == null ? null : submissions.get(given.spec().submissionId());
            m = new SparkProtocol.PutApp(given.appId(), given.spec().withGroup(sub == null ? null : sub.group()),
                    given.replyTo());
        }
        if (app != null) {
            app.tell(m);
            return this;
        }
        AppView ended = appViews.get(m.appId());
        if (ended != null) {
            m.replyTo().tell(new SparkProtocol.AppReply(m.appId(), "Strata ended this application: " + ended.reason()));
            return this;
        }
        Resources each = SparkTasks.executorResources(m.spec());
        String never = PoolFit.neverFits("an executor", each, lastState);
        if (never != null) {
            getContext().getLog().info("spark application rejected app={} reason=\"{}\"", m.appId(), never);
            // Kept as ended, so that the submission that ran this driver can say why it failed.
            appViews.put(m.appId(), new AppView(m.appId(), m.spec().name(), m.spec().submissionId(), "ENDED", never,
                    m.spec().target(), List.of(), clock.millis(), m.spec().groupName()));
            m.replyTo().tell(new SparkProtocol.AppReply(m.appId(), never));
            return this;
        }
        executorSizes.put(m.appId(), each);
        app = getContext().spawn(SparkAppActor.create(m.appId(), m.spec(), settings, master, getContext().getSelf(),
                clock, checkpointAgent(m.spec().submissionId()), checkpointVolumeId(m.spec().submissionId())),
                "app-" + m.appId());
        apps.put(m.appId(), app);
        app.tell(m);
        return this;
    }

    private Behavior<Command> forward(String appId, Command m, ActorRef<SparkProtocol.Done> replyTo) {
        ActorRef<Command> app = apps.get(appId);
        if (app == null) {
            replyTo.tell(new SparkProtocol.Done(false));
        } else {
            app.tell(m);
        }
        return this;
    }

    private Behavior<Command> onSubmit(SparkProtocol.Submit m) {
        String never = PoolFit.neverFits("the driver", SparkTasks.driverResources(m.request()), lastState);
        if (never != null) {
            m.replyTo().tell(new SparkProtocol.SubmitReply(null, never));
        } else {
            dispatcher.tell(m);
        }
        return this;
    }

    private Behavior<Command> onAppChanged(SparkAppActor.Changed m) {
        appViews.put(m.view().appId(), m.view());
        if (m.ended()) {
            apps.remove(m.view().appId());
            executorSizes.remove(m.view().appId());
        }
        prune(appViews, v -> v.state().equals("ENDED"));
        histories.keySet().retainAll(appViews.keySet());
        return this;
    }

    /** A point of each live application's executors (the history keeps one per 2 s). */
    private void sampleExecutors(long now) {
        for (AppView a : appViews.values()) {
            if (!a.state().equals("ENDED")) {
                int running = (int) a.executors().stream().filter(e -> e.state().equals("RUNNING")).count();
                histories.computeIfAbsent(a.appId(), k -> new ExecutorHistory()).record(now, running, a.target());
            }
        }
    }

    /** The application with its executor history and, while executors wait for resources, what each asks for. */
    private AppView withWaiting(AppView a) {
        ExecutorHistory h = histories.get(a.appId());
        Resources each = executorSizes.get(a.appId());
        long live = a.executors().stream().filter(e -> !isEnded(e.state())).count();
        int pending = a.state().equals("RUNNING") && each != null ? (int) Math.max(0, a.target() - live) : 0;
        Demand demand = pending == 0 ? null
                : Demand.of(each, 0, a.group(), checkpointAgent(a.submissionId()), Map.of());
        return a.withWaiting(h == null ? List.of() : h.points(), pending, demand);
    }

    /**
     * Spark's state store writes a streaming checkpoint from the executors, and the checkpoint is on
     * the driver's local volume: so executors of a driver with a checkpoint volume run on its agent.
     */
    private String checkpointAgent(String submissionId) {
        SubmissionView v = submissionId == null ? null : submissions.get(submissionId);
        return v == null || v.checkpointVolume() == null ? null : v.agentId();
    }

    /** The id of the driver's checkpoint volume on its agent, or null. */
    private String checkpointVolumeId(String submissionId) {
        SubmissionView v = submissionId == null ? null : submissions.get(submissionId);
        return v == null || v.checkpointVolume() == null ? null : DriverQueue.VOLUME_PREFIX + v.checkpointVolume();
    }

    /**
     * A driver that ended (or failed and waits to restart) takes its application's executors with
     * it, without waiting for a timeout.
     */
    private Behavior<Command> onSubmissionChanged(SparkDispatcher.Changed m) {
        SubmissionView v = m.view();
        submissions.put(v.id(), v);
        boolean ended = SparkDispatcher.isTerminal(v.state()) || v.state().equals(DriverQueue.RESTARTING);
        if (!ended && v.checkpointVolume() != null && v.agentId() != null) {
            appViews.values().stream().filter(a -> v.id().equals(a.submissionId())).map(a -> apps.get(a.appId()))
                    .filter(java.util.Objects::nonNull).forEach(ref -> ref.tell(new SparkAppActor.OnlyAgent(v.agentId())));
        }
        if (ended) {
            for (AppView app : appViews.values()) {
                ActorRef<Command> ref = apps.get(app.appId());
                if (v.id().equals(app.submissionId()) && ref != null) {
                    ref.tell(new SparkProtocol.EndApp(app.appId(), "its driver ended: " + v.reason(),
                            getContext().getSystem().ignoreRef()));
                }
            }
        }
        prune(submissions, s -> SparkDispatcher.isTerminal(s.state()));
        return this;
    }

    private <V> void prune(Map<String, V> views, java.util.function.Predicate<V> ended) {
        List<String> endedIds = views.entrySet().stream().filter(e -> ended.test(e.getValue())).map(Map.Entry::getKey)
                .toList();
        for (int i = 0; i < endedIds.size() - settings.retainedEnded(); i++) {
            views.remove(endedIds.get(i));
        }
    }

    private SparkProtocol.Overview overview() {
        List<SubmissionView> subs = new ArrayList<>();
        for (SubmissionView s : submissions.values()) {
            AppView app = appViews.values().stream().filter(a -> s.id().equals(a.submissionId()))
                    .reduce((a, b) -> b).orElse(null);
            subs.add(new SubmissionView(s.id(), s.name(), s.mainClass(), s.state(), reason(s, app), s.driverTaskId(),
                    s.agentId(), app == null ? null : app.appId(), s.submittedAtMillis(), s.checkpointVolume(),
                    s.restarts(), s.group(), s.demand(), s.uiUrl()));
        }
        return new SparkProtocol.Overview(subs, appViews.values().stream().map(this::withGroupLimit)
                .map(this::withWaiting).toList());
    }

    /**
     * A running application short of its executors because its group is at its limit says so:
     * "2 executors waiting: group science is at its limit of 6 cpus".
     */
    private AppView withGroupLimit(AppView a) {
        Resources each = executorSizes.get(a.appId());
        long live = a.executors().stream().filter(e -> !isEnded(e.state())).count();
        if (!a.state().equals("RUNNING") || each == null || live >= a.target() || !a.reason().isEmpty()) {
            return a;
        }
        String limit = GroupUsage.limitReason(knownGroups.get(a.group()), each, lastState);
        if (limit == null) {
            return a;
        }
        long waiting = a.target() - live;
        return a.withReason(waiting + (waiting == 1 ? " executor" : " executors") + " waiting: " + limit);
    }

    private static boolean isEnded(String state) {
        return switch (state) {
            case "FINISHED", "FAILED", "KILLED", "LOST" -> true;
            default -> false;
        };
    }

    /** A driver that failed because Strata refused its executors says so first, before its exit code. */
    private static String reason(SubmissionView s, AppView app) {
        boolean failed = SparkDispatcher.isTerminal(s.state()) && !s.state().equals("FINISHED");
        if (failed && app != null && app.state().equals("ENDED") && !app.reason().isBlank()
                && !app.reason().startsWith("its driver")) {
            return app.reason() + " (driver " + s.reason() + ")";
        }
        return s.reason();
    }

    private void askState() {
        getContext().ask(ClusterState.class, master, STATE_REFRESH, MasterCommand.GetState::new,
                (state, err) -> new StateIn(state));
    }
}
