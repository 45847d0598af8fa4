package io.strata.service;

import io.strata.protocol.MasterCommand;
import io.strata.service.ServiceProtocol.*;
import io.strata.store.ControlStore;
import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * All services of one type (every cluster of one kind of server): a cluster singleton on master
 * nodes that creates services, routes operations to them, and on start resumes every service of
 * the control store, read from a majority of master nodes (so a manager that takes over on another
 * node knows every service whose creation was acknowledged). It waits and retries while no majority
 * answers; it resumes nothing it has not read.
 *
 * <p>A service whose record cannot be saved stops its scheduler (see {@link ServiceScheduler}); the
 * manager resumes it from the store once a majority answers again.
 */
public final class ServiceManager extends AbstractBehavior<Command> {

    /** Resume a service whose scheduler stopped because the store did not answer. */
    private record Resume(String name) implements Command {
    }

    /**
     * A scheduler has deleted its service: the manager stops routing to it, then retires it. Whatever
     * reached the scheduler meanwhile it sends back here, so every ask is answered (as unknown, or by
     * a new service of the same name) instead of timing out in a stopped actor's mailbox.
     */
    record Deleted(String name, ActorRef<ServiceScheduler.Msg> scheduler) implements Command {
    }

    private static final Duration RESUME_DELAY = Duration.ofSeconds(2);
    private static final String CHILD_PREFIX = "service-";

    /** Volume ids end in a random suffix, so a replaced pod's new volume never reuses the old id. */
    private static final IdSource RANDOM_IDS = () -> UUID.randomUUID().toString().substring(0, 8);

    private final ServiceType type;
    private final ActorRef<MasterCommand> master;
    private final ServiceStore store;
    private final ExecutorService checks;
    private final TimerScheduler<Command> timers;
    private final Map<String, ActorRef<ServiceScheduler.Msg>> services = new LinkedHashMap<>();
    private long spawned;

    /** Starts (or joins) the singleton for this type and returns a proxy to it. */
    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master, ServiceType type,
                                         Path home, ControlStore store) {
        return ClusterSingleton.get(system).init(SingletonActor.of(
                        create(type, master, new ServiceStore(store, home, type.name())), "service-" + type.name())
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    /** Retries with backoff while the store cannot be read: the manager starts only from what a majority holds. */
    static Behavior<Command> create(ServiceType type, ActorRef<MasterCommand> master, ServiceStore store) {
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(
                        timers -> new ServiceManager(ctx, timers, type, master, store))))
                .onFailure(StoreUnavailableException.class,
                        SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2)
                                .withLoggingEnabled(false));
    }

    private ServiceManager(ActorContext<Command> ctx, TimerScheduler<Command> timers, ServiceType type,
                           ActorRef<MasterCommand> master, ServiceStore store) {
        super(ctx);
        this.type = type;
        this.master = master;
        this.store = store;
        this.timers = timers;
        List<ServiceRecord> saved;
        try {
            saved = store.loadAll();
        } catch (StoreUnavailableException e) {
            ctx.getLog().warn("services not resumed yet, retrying type={} reason=\"{}\"", type.name(), e.getMessage());
            throw e;
        }
        this.checks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "strata-" + type.name() + "-checks");
            t.setDaemon(true);
            return t;
        });
        for (ServiceRecord r : saved) {
            ctx.getLog().info("resuming service type={} name={} pods={}", type.name(), r.name(), r.pods().size());
            spawn(r);
        }
    }

    private void spawn(ServiceRecord r) {
        // A scheduler that cannot save stops (it logs why); the manager resumes it (see onSchedulerFailed).
        ActorRef<ServiceScheduler.Msg> ref = getContext().spawn(Behaviors.supervise(
                        ServiceScheduler.create(type, r, master, getContext().getSelf(), store, Clock.systemUTC(),
                                checks, RANDOM_IDS))
                        .onFailure(StoreUnavailableException.class, SupervisorStrategy.stop().withLoggingEnabled(false)),
                CHILD_PREFIX + r.name() + "-" + (++spawned));
        getContext().watch(ref);
        services.put(r.name(), ref);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(Status.class, m -> route(m.name(), m, () -> m.replyTo().tell(
                        new StatusReply(null, Reply.unknown(type.name(), m.name()).error()))))
                .onMessage(Restart.class, m -> route(m.name(), m, () -> m.replyTo().tell(Reply.unknown(type.name(), m.name()))))
                .onMessage(Scale.class, m -> route(m.name(), m, () -> m.replyTo().tell(Reply.unknown(type.name(), m.name()))))
                .onMessage(Replace.class, m -> route(m.name(), m, () -> m.replyTo().tell(Reply.unknown(type.name(), m.name()))))
                .onMessage(Delete.class, m -> route(m.name(), m, () -> m.replyTo().tell(Reply.unknown(type.name(), m.name()))))
                .onMessage(ListServices.class, this::onList)
                .onMessage(Resume.class, this::onResume)
                .onSignal(ChildFailed.class, this::onSchedulerFailed)
                .onMessage(Deleted.class, m -> {
                    services.remove(m.name(), m.scheduler());
                    m.scheduler().tell(ServiceScheduler.Retire.INSTANCE);
                    return this;
                })
                .onSignal(Terminated.class, s -> {
                    services.remove(serviceOf(s.getRef()), s.getRef());
                    return this;
                })
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    checks.shutdownNow();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCreate(Create m) {
        if (!m.name().matches("[a-z0-9][a-z0-9-]{0,40}")) {
            m.replyTo().tell(Reply.error("name '" + m.name() + "' must be 1-41 lower-case letters, digits or '-', "
                    + "starting with a letter or digit"));
            return this;
        }
        if (services.containsKey(m.name())) {
            m.replyTo().tell(Reply.error("a " + type.name() + " service named '" + m.name()
                    + "' already exists; pick another name or delete it first"));
            return this;
        }
        ServiceRecord record;
        try {
            record = ServicePlanner.newRecord(type, m.name(), m.config(), RANDOM_IDS);
        } catch (IllegalArgumentException e) {
            m.replyTo().tell(Reply.error(e.getMessage()));
            return this;
        }
        try {
            store.save(record);
        } catch (StoreUnavailableException e) {
            m.replyTo().tell(Reply.error("service '" + m.name() + "' not created: " + e.getMessage()));
            return this;
        }
        spawn(record);
        getContext().getLog().info("service created type={} name={} config={}", type.name(), m.name(), m.config());
        m.replyTo().tell(Reply.ok());
        return this;
    }

    private Behavior<Command> onSchedulerFailed(ChildFailed failed) {
        String name = serviceOf(failed.getRef());
        services.remove(name, failed.getRef());
        getContext().getLog().warn("service scheduler stopped service={} reason=\"{}\"; resuming it from the "
                + "control store in {}s", name, failed.getCause().getMessage(), RESUME_DELAY.toSeconds());
        timers.startSingleTimer(new Resume(name), RESUME_DELAY);
        return this;
    }

    /** The service a scheduler child runs: its name is the prefix, the service's name and a spawn number. */
    private static String serviceOf(ActorRef<?> child) {
        String n = child.path().name();
        return n.substring(CHILD_PREFIX.length(), n.lastIndexOf('-'));
    }

    private Behavior<Command> onResume(Resume m) {
        if (services.containsKey(m.name())) {
            return this;
        }
        try {
            store.load(m.name()).ifPresentOrElse(r -> {
                getContext().getLog().info("resuming service type={} name={} pods={}", type.name(), r.name(),
                        r.pods().size());
                spawn(r);
            }, () -> getContext().getLog().info("service not resumed, it has no record type={} name={}",
                    type.name(), m.name()));
        } catch (StoreUnavailableException e) {
            getContext().getLog().warn("service not resumed yet service={} reason=\"{}\"", m.name(), e.getMessage());
            timers.startSingleTimer(new Resume(m.name()), RESUME_DELAY);
        }
        return this;
    }

    private Behavior<Command> route(String name, Command m, Runnable unknown) {
        ActorRef<ServiceScheduler.Msg> ref = services.get(name);
        if (ref == null) {
            unknown.run();
        } else {
            ref.tell(new ServiceScheduler.Op(m));
        }
        return this;
    }

    private Behavior<Command> onList(ListServices m) {
        List<CompletionStage<StatusReply>> asks = new ArrayList<>();
        for (ActorRef<ServiceScheduler.Msg> ref : services.values()) {
            asks.add(AskPattern.<ServiceScheduler.Msg, StatusReply>ask(ref,
                    reply -> new ServiceScheduler.Op(new Status("", reply)), Duration.ofSeconds(3),
                    getContext().getSystem().scheduler()));
        }
        ActorRef<ServiceList> replyTo = m.replyTo();
        CompletableFuture.allOf(asks.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .handle((ok, err) -> {
                    List<ServiceStatus> out = new ArrayList<>();
                    for (CompletionStage<StatusReply> a : asks) {
                        var f = a.toCompletableFuture();
                        if (!f.isCompletedExceptionally() && f.join().status() != null) {
                            out.add(f.join().status());
                        }
                    }
                    replyTo.tell(new ServiceList(out));
                    return null;
                });
        return this;
    }
}
