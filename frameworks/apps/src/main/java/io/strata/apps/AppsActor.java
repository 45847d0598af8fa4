package io.strata.apps;

import io.strata.apps.AppsProtocol.*;
import io.strata.group.Group;
import io.strata.group.GroupAccess;
import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.security.TokenBook;
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

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The apps framework: a cluster singleton on master nodes holding every app's record (saved in the
 * control store, namespace {@code apps}, after each change, and read back by the singleton that takes
 * over) and carrying out what {@link AppPlanner} decides — launches on offers ({@link AppOffers}),
 * kills, restarts after the backoff — and running the health checks. One framework per group
 * ({@code strata-apps}, {@code strata-apps-<group>}), registered with role = the group.
 */
public final class AppsActor extends AbstractBehavior<Command> {

    public static final String FRAMEWORK_NAME = "strata-apps";
    static final String NAMESPACE = "apps";
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration REFUSE = Duration.ofSeconds(1);

    private enum Tick implements Command { INSTANCE }

    private record OffersIn(String group, List<Offer> offers) implements Command {
    }

    private record StatusIn(TaskStatus status) implements Command {
    }

    private record CheckDone(String app, String instanceId, String taskId, HealthProbes.Outcome outcome)
            implements Command {
    }

    /** A group's framework's events, handed to the actor as messages. */
    private record Callbacks(ActorRef<Command> self, String group) implements Scheduler {
        @Override
        public void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
            self.tell(new OffersIn(group, offers));
        }

        @Override
        public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
            self.tell(new StatusIn(status));
        }
    }

    private final ActorRef<MasterCommand> master;
    private final ControlStore store;
    private final Clock clock;
    private final HealthProbes probes;
    private final Map<String, AppRecord> apps = new TreeMap<>();
    private final AppDefinitions definitions = new AppDefinitions();
    private final Map<String, SchedulerDriver> drivers = new LinkedHashMap<>();
    private final Map<String, Boolean> wantsOffers = new HashMap<>();
    private final Set<String> checking = new HashSet<>();
    private final InstanceLaunches instanceTasks;

    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master, ControlStore store,
                                         Supplier<AppTasks.Fetcher> fetcher) {
        Behavior<Command> behavior = Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(timers -> {
                    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
                    return new AppsActor(ctx, master, store, Clock.systemUTC(), fetcher);
                })))
                .onFailure(StoreUnavailableException.class, SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(10), 0.2).withLoggingEnabled(false));
        return ClusterSingleton.get(system).init(SingletonActor.of(behavior, FRAMEWORK_NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    private AppsActor(ActorContext<Command> ctx, ActorRef<MasterCommand> master, ControlStore store, Clock clock,
                      Supplier<AppTasks.Fetcher> fetcher) {
        super(ctx);
        this.instanceTasks = new InstanceLaunches(TokenBook.of(ctx.getSystem()), fetcher);
        this.master = master;
        this.store = store;
        this.clock = clock;
        this.probes = new HealthProbes(ctx.getSystem(), master);
        Map<String, String> stored;
        try {
            stored = store.readAllNow(NAMESPACE);
        } catch (StoreUnavailableException e) {
            ctx.getLog().warn("apps not restored yet, retrying reason=\"{}\"", e.getMessage());
            throw e;
        }
        stored.forEach((name, json) -> {
            AppRecord app = AppJson.decode(json);
            apps.put(name, app);
            definitions.load(app);
        });
        driver(Group.DEFAULT);
        apps.values().forEach(a -> driver(a.group()));
        drivers.values().forEach(d -> d.reconcile(List.of()));
        ctx.getLog().info("apps restored from the control store count={}", apps.size());
    }

    /** The framework's name for a group: {@code strata-apps} for the default group. */
    public static String frameworkName(String group) {
        return group == null || group.equals(Group.DEFAULT) ? FRAMEWORK_NAME : FRAMEWORK_NAME + "-" + group;
    }

    private SchedulerDriver driver(String group) {
        return drivers.computeIfAbsent(group, g -> {
            String name = frameworkName(g);
            SchedulerDriver d = StrataSchedulerDriver.start(getContext().getSystem(), master,
                    new FrameworkInfo(FrameworkId.of(name), name, Group.role(g)), new Callbacks(getContext().getSelf(), g));
            d.suppress();
            wantsOffers.put(g, false);
            return d;
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(ListApps.class, m -> {
                    m.replyTo().tell(new Answer(200, AppJson.list(apps.values().stream()
                            .filter(a -> GroupAccess.sees(m.who(), a.group())).toList(), definitions::of)));
                    return this;
                })
                .onMessage(AppRequest.class, this::onAppRequest)
                .onMessage(OffersIn.class, this::onOffers)
                .onMessage(StatusIn.class, this::onStatus)
                .onMessage(CheckDone.class, this::onCheckDone)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onSignal(PostStop.class, s -> {
                    drivers.values().forEach(d -> d.stop(false));
                    probes.close();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCreate(Create m) {
        String name = m.definition().name();
        if (apps.containsKey(name)) {
            m.replyTo().tell(error(409, "app " + name + " exists (in group " + apps.get(name).group()
                    + "); change it with an update, or delete it first"));
            return this;
        }
        AppRecord app = AppChanges.create(m.definition(), m.text(), m.group(), clock.millis());
        definitions.load(app);
        driver(app.group());
        AppRecord stepped = step(app);
        m.replyTo().tell(new Answer(201, AppJson.status(stepped, definitions.of(name))));
        return this;
    }

    private Behavior<Command> onAppRequest(AppRequest m) {
        AppRecord app = apps.get(m.name());
        if (app == null || !GroupAccess.sees(m.who(), app.group()) || app.deleting() && !(m instanceof Get)) {
            m.replyTo().tell(error(404, "no app named '" + m.name() + "'"
                    + (app != null && app.deleting() ? " (it is being deleted)" : "")));
            return this;
        }
        long now = clock.millis();
        var defs = definitions.of(app.name());
        if (m instanceof Versions) {
            m.replyTo().tell(new Answer(200, AppJson.versions(app)));
            return this;
        }
        AppChanges.Outcome out;
        if (m instanceof Update u) {
            out = AppChanges.update(app, defs.apply(app.current()), u.namesGroup() ? u.definition()
                    : u.definition().withGroup(app.group()), u.text(), now);
        } else if (m instanceof Scale s) {
            out = AppChanges.Outcome.changed(AppChanges.scale(app, s.instances()));
        } else if (m instanceof Restart) {
            out = AppChanges.Outcome.changed(AppChanges.restart(app, now));
        } else if (m instanceof Rollback r) {
            out = AppChanges.rollback(app, r.to(), defs, now);
        } else if (m instanceof ControlDeployment c) {
            out = c.control() == Control.PAUSE ? AppChanges.pause(app)
                    : c.control() == Control.RESUME ? AppChanges.resume(app, now) : AppChanges.abort(app);
        } else if (m instanceof Delete d) {
            out = AppChanges.Outcome.changed(AppChanges.delete(app, d.graceMillis()));
        } else {
            out = AppChanges.Outcome.changed(app);
        }
        if (out.record() == null) {
            m.replyTo().tell(error(out.status(), out.refusal()));
            return this;
        }
        AppRecord next = out.record();
        if (next != app) {
            definitions.load(next);
            next = step(next);
        }
        m.replyTo().tell(new Answer(m instanceof Delete ? 202 : 200, AppJson.status(next, defs)));
        return this;
    }

    private Behavior<Command> onTick() {
        long now = clock.millis();
        for (AppRecord app : List.copyOf(apps.values())) {
            for (AppInstance i : app.instances()) {
                HealthCheck check = definitions.of(app.name()).apply(i.version()).healthCheck();
                if (i.health() != null && i.state() != InstanceState.KILLING && i.health().checkDue(check, now)
                        && checking.add(i.id())) {
                    app = app.replacing(i.withHealth(i.health().checkStarted(now)));
                    String appName = app.name();
                    getContext().pipeToSelf(probes.run(check, i), (outcome, err) -> new CheckDone(appName, i.id(),
                            i.taskId(), outcome != null ? outcome : new HealthProbes.Outcome(false,
                            "the check failed to run: " + err)));
                }
            }
            step(app);
        }
        updateOfferInterest(now);
        return this;
    }

    private Behavior<Command> onCheckDone(CheckDone m) {
        checking.remove(m.instanceId());
        AppRecord app = apps.get(m.app());
        AppInstance i = app == null ? null : app.instance(m.instanceId());
        if (i == null || i.health() == null || !m.taskId().equals(i.taskId()) || i.state() == InstanceState.KILLING) {
            return this;
        }
        HealthCheck check = definitions.of(app.name()).apply(i.version()).healthCheck();
        AppInstance next;
        if (m.outcome().passed()) {
            next = i.withHealth(i.health().passed()).withState(InstanceState.HEALTHY, m.outcome().what());
        } else {
            next = i.withHealth(i.health().failed(check, m.outcome().what(), clock.millis()));
        }
        step(app.replacing(next));
        return this;
    }

    private Behavior<Command> onStatus(StatusIn m) {
        TaskStatus s = m.status();
        String taskId = s.taskId().value();
        AppRecord app = apps.values().stream().filter(a -> a.instances().stream().anyMatch(i -> taskId.equals(i.taskId())))
                .findFirst().orElse(null);
        if (app == null) {
            if (!s.state().isTerminal() && s.frameworkId() != null && drivers.keySet().stream()
                    .anyMatch(g -> frameworkName(g).equals(s.frameworkId().value()))) {
                getContext().getLog().info("killing a task no app instance owns task={}", taskId);
                drivers.values().stream().filter(d -> d.frameworkId().equals(s.frameworkId())).forEach(d ->
                        d.kill(s.taskId()));
            }
            return this;
        }
        AppInstance i = app.instances().stream().filter(x -> taskId.equals(x.taskId())).findFirst().orElseThrow();
        AppDefinition def = definitions.of(app.name()).apply(i.version());
        AppRecord next = TaskEvents.apply(app, i, s.state(), s.reason(), def, clock.millis());
        instanceTasks.statusUpdate(s);
        if (s.state().isTerminal() && i.state() != InstanceState.KILLING) {
            getContext().getLog().info("app instance ended app={} instance={} state={} reason=\"{}\"", app.name(),
                    i.id(), s.state(), s.reason());
        }
        step(next);
        return this;
    }

    private Behavior<Command> onOffers(OffersIn m) {
        long now = clock.millis();
        SchedulerDriver driver = driver(m.group());
        for (Offer offer : m.offers()) {
            List<AppRecord> group = apps.values().stream().filter(a -> a.group().equals(m.group())).toList();
            AppOffers.Match match = AppOffers.match(offer, group, definitions.byApp(), now);
            List<io.strata.resources.TaskSpec> launches = new java.util.ArrayList<>();
            for (AppOffers.Placed p : match.placed()) {
                AppRecord app = apps.get(p.app());
                AppInstance i = app.instance(p.instanceId());
                AppDefinition def = definitions.of(app.name()).apply(i.version());
                instanceTasks.spec(app, def, i, p, offer).ifPresent(spec -> {
                    launches.add(spec);
                    if (i.stickTo() != null && !i.stickTo().agentId().equals(offer.agentId().value())) {
                        getContext().getLog().info("sticky app instance moved, its window ran out app={} instance={} "
                                + "from={} to={}", app.name(), i.id(), i.stickTo().agentId(), offer.agentId());
                    }
                    save(app.replacing(i.launched(spec.taskId().value(), offer.agentId().value(), offer.host(),
                            p.ports())));
                });
            }
            match.refusals().forEach((instanceId, why) -> apps.values().forEach(a -> {
                AppInstance i = a.instance(instanceId);
                if (i != null && i.taskId() == null) {
                    save(a.replacing(i.withState(InstanceState.STARTING, why)));
                }
            }));
            if (launches.isEmpty()) {
                driver.decline(offer.id(), REFUSE);
            } else {
                getContext().getLog().info("launching app instances agent={} tasks={}", offer.agentId(),
                        launches.stream().map(t -> t.taskId().value()).toList());
                driver.launch(offer.id(), launches);
            }
        }
        return this;
    }

    /** Plans one app, carries out the plan, saves the record when it changed; returns the record as saved. */
    private AppRecord step(AppRecord app) {
        AppPlanner.Plan plan = AppPlanner.decide(app, definitions.of(app.name()), clock.millis());
        AppRecord next = plan.record();
        for (AppPlanner.Launch l : plan.launches()) {
            String id = app.name() + "." + UUID.randomUUID().toString().substring(0, 8);
            next = next.withInstances(java.util.stream.Stream.concat(next.instances().stream(),
                            java.util.stream.Stream.of(AppInstance.pending(id, l.version(), l.stickTo()))).toList())
                    .withDeployment(next.deployment(), next.stepsPlus(List.of(l.step(id))));
        }
        for (AppPlanner.KillTask k : plan.kills()) {
            getContext().getLog().info("stopping app instance app={} instance={} reason=\"{}\"", app.name(),
                    k.instanceId(), k.reason());
            driver(app.group()).kill(TaskId.of(k.taskId()), Duration.ofMillis(k.graceMillis()));
        }
        if (next.deleting() && next.instances().isEmpty()) {
            String name = next.name();
            apps.remove(name);
            definitions.forget(name);
            store.remove(NAMESPACE, name).whenComplete((v, err) -> {
                if (err != null) {
                    getContext().getSystem().log().warn("app record not removed app={} reason=\"{}\"", name,
                            err.getMessage());
                }
            });
            getContext().getLog().info("app deleted app={}", name);
            return next;
        }
        save(next);
        return next;
    }

    private void save(AppRecord app) {
        if (app.equals(apps.get(app.name()))) {
            return;
        }
        apps.put(app.name(), app);
        store.put(NAMESPACE, app.name(), AppJson.encode(app)).whenComplete((v, err) -> {
            if (err != null) {
                getContext().getSystem().log().warn("app record not saved app={} reason=\"{}\"", app.name(),
                        err.getMessage());
            }
        });
    }

    /** Offers only while an instance of the group waits to be launched. */
    private void updateOfferInterest(long now) {
        Map<String, Boolean> wants = new HashMap<>();
        drivers.keySet().forEach(g -> wants.put(g, false));
        apps.values().forEach(a -> {
            if (!a.deleting() && a.instances().stream().anyMatch(i -> i.launchable(now))) {
                wants.put(a.group(), true);
            }
        });
        wants.forEach((g, want) -> {
            if (!want.equals(wantsOffers.get(g))) {
                if (want) {
                    driver(g).revive();
                } else {
                    driver(g).suppress();
                }
                wantsOffers.put(g, want);
            }
        });
    }

    private static Answer error(int status, String message) {
        return new Answer(status, AppJson.MAPPER.createObjectNode().put("error", message));
    }
}
