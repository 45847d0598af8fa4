package io.strata.service;

import io.strata.protocol.MasterCommand;
import io.strata.service.ServiceProtocol.*;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
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
 * nodes that creates services, routes operations to them, and on start resumes every saved service.
 */
public final class ServiceManager extends AbstractBehavior<Command> {

    private record Terminated(String name) implements Command {
    }

    /** Volume ids end in a random suffix, so a replaced pod's new volume never reuses the old id. */
    private static final IdSource RANDOM_IDS = () -> UUID.randomUUID().toString().substring(0, 8);

    private final ServiceType type;
    private final ActorRef<MasterCommand> master;
    private final ServiceStore store;
    private final ExecutorService checks;
    private final Map<String, ActorRef<ServiceScheduler.Msg>> services = new LinkedHashMap<>();

    /** Starts (or joins) the singleton for this type and returns a proxy to it. */
    public static ActorRef<Command> init(ActorSystem<?> system, ActorRef<MasterCommand> master, ServiceType type,
                                         Path home) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(type, master, home), "service-" + type.name())
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    static Behavior<Command> create(ServiceType type, ActorRef<MasterCommand> master, Path home) {
        return Behaviors.setup(ctx -> new ServiceManager(ctx, type, master, new ServiceStore(home, type.name())));
    }

    private ServiceManager(ActorContext<Command> ctx, ServiceType type, ActorRef<MasterCommand> master,
                           ServiceStore store) {
        super(ctx);
        this.type = type;
        this.master = master;
        this.store = store;
        this.checks = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "strata-" + type.name() + "-checks");
            t.setDaemon(true);
            return t;
        });
        for (ServiceRecord r : store.loadAll()) {
            ctx.getLog().info("resuming service type={} name={} pods={}", type.name(), r.name(), r.pods().size());
            spawn(r);
        }
    }

    private void spawn(ServiceRecord r) {
        ActorRef<ServiceScheduler.Msg> ref = getContext().spawn(
                ServiceScheduler.create(type, r, master, store, Clock.systemUTC(), checks, RANDOM_IDS),
                "service-" + r.name());
        getContext().watchWith(ref, new Terminated(r.name()));
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
                .onMessage(Terminated.class, m -> {
                    services.remove(m.name());
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
        spawn(record);
        getContext().getLog().info("service created type={} name={} config={}", type.name(), m.name(), m.config());
        m.replyTo().tell(Reply.ok());
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
                        if (!f.isCompletedExceptionally()) {
                            out.add(f.join().status());
                        }
                    }
                    replyTo.tell(new ServiceList(out));
                    return null;
                });
        return this;
    }
}
