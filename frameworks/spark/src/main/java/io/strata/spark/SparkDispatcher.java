package io.strata.spark;

import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.spark.DriverQueue.Decisions;
import io.strata.spark.SparkProtocol.Command;
import io.strata.spark.SparkProtocol.SubmissionView;
import io.strata.store.ControlStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cluster mode, as Spark's Mesos dispatcher was: a framework ({@code spark-dispatcher}) that queues
 * submitted drivers until an offer fits one, runs it as a task, and follows it to its end.
 *
 * <p>Its queue lives in the control store ({@link SubmissionRecords}): a submission is stored
 * before it is acknowledged and again on each change. A dispatcher that takes over (the Spark
 * singleton moved to another master node) reads the store with majority before it acts: queued
 * drivers launch when resources free, launched ones are reconciled with the master (their tasks
 * kept running on the agents), ended ones stay listed. {@link DriverQueue} decides; this actor
 * stores, tells the master and tells the parent.
 */
final class SparkDispatcher extends AbstractBehavior<Command> {

    static final String FRAMEWORK = "spark-dispatcher";
    private static final Duration REFUSE = Duration.ofSeconds(5);
    private static final Duration RELOAD = Duration.ofSeconds(1);
    private static final int STASH = 10_000;

    private record OffersIn(List<Offer> offers) implements Command {
    }

    private record StatusIn(TaskStatus status) implements Command {
    }

    private record Loaded(Map<String, String> submissions, Map<String, String> volumes, Throwable error)
            implements Command {
    }

    private enum Load implements Command { INSTANCE }

    private record Stored(DriverSubmission submission, ActorRef<SparkProtocol.SubmitReply> replyTo, Throwable error)
            implements Command {
    }

    /** A submission's latest view, for the parent's listings. */
    record Changed(SubmissionView view) implements Command {
    }

    /** The agents the master lists as active, and time passing: sent by the parent each state refresh. */
    record AgentsIn(Set<String> active) implements Command {
    }

    private final ActorRef<Command> parent;
    private final Clock clock;
    private final SchedulerDriver driver;
    private final ControlStore store;
    private final io.strata.security.TaskTokens tokens;
    private final DriverQueue queue;
    private boolean suppressed = true;

    static Behavior<Command> create(SparkSettings settings, ActorRef<MasterCommand> master, ActorRef<Command> parent,
                                    Clock clock, ControlStore store) {
        return Behaviors.setup(ctx -> Behaviors.withStash(STASH, stash -> {
            ActorRef<Command> self = ctx.getSelf();
            SchedulerDriver driver = StrataSchedulerDriver.start(ctx.getSystem(), master,
                    new FrameworkInfo(FrameworkId.of(FRAMEWORK), FRAMEWORK, "*"), new Scheduler() {
                        @Override
                        public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                            self.tell(new OffersIn(offers));
                        }

                        @Override
                        public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                            self.tell(new StatusIn(status));
                        }
                    });
            driver.suppress();
            self.tell(Load.INSTANCE);
            return loading(ctx, stash, settings, parent, clock, driver, store);
        }));
    }

    /** Until the store answered with a majority, everything waits: nothing is decided on a partial queue. */
    private static Behavior<Command> loading(ActorContext<Command> ctx, StashBuffer<Command> stash,
                                             SparkSettings settings, ActorRef<Command> parent, Clock clock,
                                             SchedulerDriver driver, ControlStore store) {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Load.INSTANCE, () -> {
                    ctx.pipeToSelf(store.readAll(SubmissionRecords.SUBMISSIONS).thenCombine(
                                    store.readAll(SubmissionRecords.VOLUMES), (s, v) -> new Loaded(s, v, null)),
                            (loaded, err) -> err != null ? new Loaded(null, null, err) : loaded);
                    return Behaviors.same();
                })
                .onMessage(Loaded.class, m -> {
                    if (m.error() != null) {
                        Throwable cause = m.error() instanceof java.util.concurrent.CompletionException
                                && m.error().getCause() != null ? m.error().getCause() : m.error();
                        ctx.getLog().warn("spark dispatcher cannot read its queue, trying again reason=\"{}\"",
                                cause.getMessage());
                        ctx.scheduleOnce(RELOAD, ctx.getSelf(), Load.INSTANCE);
                        return Behaviors.same();
                    }
                    DriverQueue queue = SubmissionRecords.restore(settings, DriverQueue.Supervision.DEFAULT,
                            m.submissions(), m.volumes(),
                            u -> ctx.getLog().warn("spark dispatcher skips a record it cannot read: {}", u));
                    return stash.unstashAll(new SparkDispatcher(ctx, parent, clock, driver, store, queue));
                })
                .onAnyMessage(m -> {
                    if (stash.isFull()) {
                        ctx.getLog().warn("spark dispatcher still loading its queue; dropped {}", m.getClass().getSimpleName());
                    } else {
                        stash.stash(m);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private SparkDispatcher(ActorContext<Command> ctx, ActorRef<Command> parent, Clock clock, SchedulerDriver driver,
                            ControlStore store, DriverQueue queue) {
        super(ctx);
        this.parent = parent;
        this.clock = clock;
        this.driver = driver;
        this.store = store;
        this.queue = queue;
        this.tokens = new io.strata.security.TaskTokens(io.strata.security.TokenBook.of(ctx.getSystem()), "spark.");
        long waiting = queue.submissions().stream().filter(DriverSubmission::waiting).count();
        ctx.getLog().info("spark dispatcher took over submissions={} waiting={} launched={}",
                queue.submissions().size(), waiting, queue.launched().size());
        queue.submissions().forEach(s -> parent.tell(new Changed(s.view())));
        if (!queue.launched().isEmpty()) {
            // Unknown ones come back LOST once the master's re-registration grace is over.
            driver.reconcile(queue.launched());
        }
        Decisions d = new Decisions();
        d.wantOffers = waiting > 0;
        apply(d);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SparkProtocol.Submit.class, this::onSubmit)
                .onMessage(Stored.class, this::onStored)
                .onMessage(SparkProtocol.KillSubmission.class, this::onKill)
                .onMessage(SparkProtocol.DestroyVolume.class, this::onDestroyVolume)
                .onMessage(OffersIn.class, m -> apply(queue.offers(m.offers(), clock.millis())))
                .onMessage(StatusIn.class, this::onStatus)
                .onMessage(AgentsIn.class, m -> apply(queue.tick(clock.millis(), m.active())))
                .onMessageEquals(Load.INSTANCE, () -> this)
                .onMessage(Loaded.class, m -> this)
                .build();
    }

    /** Stored with a majority before it is acknowledged: an acknowledged submission survives a failover. */
    private Behavior<Command> onSubmit(SparkProtocol.Submit m) {
        String problem = queue.problem(m.request());
        if (problem != null) {
            m.replyTo().tell(new SparkProtocol.SubmitReply(null, problem));
            return this;
        }
        String id = "driver-" + UUID.randomUUID().toString().substring(0, 8);
        DriverSubmission s = queue.newSubmission(id, m.request(), clock.millis());
        getContext().pipeToSelf(store.put(SubmissionRecords.SUBMISSIONS, id, SubmissionRecords.json(s)),
                (ok, err) -> new Stored(s, m.replyTo(), err));
        return this;
    }

    private Behavior<Command> onStored(Stored m) {
        DriverSubmission s = m.submission();
        if (m.error() != null) {
            m.replyTo().tell(new SparkProtocol.SubmitReply(null, "the submission could not be recorded on a majority"
                    + " of master nodes (" + m.error().getMessage() + "); nothing was queued, try again", true));
            return this;
        }
        String problem = queue.problem(s.request());
        if (problem != null) {
            store.remove(SubmissionRecords.SUBMISSIONS, s.id());
            m.replyTo().tell(new SparkProtocol.SubmitReply(null, problem));
            return this;
        }
        getContext().getLog().info("spark driver submitted submission={} class={} resources=[{}] volume={}", s.id(),
                s.request().mainClass(), SparkTasks.driverResources(s.request()), s.volumeName());
        parent.tell(new Changed(s.view()));
        m.replyTo().tell(new SparkProtocol.SubmitReply(s.id(), null));
        return apply(queue.admit(s));
    }

    private Behavior<Command> onKill(SparkProtocol.KillSubmission m) {
        boolean found = queue.get(m.id()) != null;
        apply(queue.kill(m.id(), m.graceMillis()));
        m.replyTo().tell(new SparkProtocol.Done(found));
        return this;
    }

    private Behavior<Command> onDestroyVolume(SparkProtocol.DestroyVolume m) {
        Decisions d = new Decisions();
        boolean found = queue.volume(m.name()) != null;
        String problem = queue.destroyVolume(m.name(), d);
        apply(d);
        m.replyTo().tell(new SparkProtocol.VolumeReply(found, problem));
        return this;
    }

    private Behavior<Command> onStatus(StatusIn m) {
        TaskStatus st = m.status();
        Decisions d = queue.status(st, clock.millis());
        if (st.state().isTerminal()) {
            tokens.ended(st.taskId());
            d.saved.values().forEach(s -> getContext().getLog().info(
                    "spark driver ended submission={} task={} state={} reason=\"{}\"", s.id(), st.taskId(), s.state(),
                    s.reason()));
        }
        return apply(d);
    }

    private Behavior<Command> apply(Decisions d) {
        SubmissionRecords.write(store, d).forEach((what, put) -> put.whenComplete((ok, err) -> {
            if (err != null) {
                // The record in memory is ahead; the submission's next change writes it again.
                getContext().getSystem().log().warn("spark dispatcher could not store {} reason=\"{}\"", what,
                        err.toString());
            }
        }));
        d.saved.values().forEach(s -> parent.tell(new Changed(s.view())));
        d.volumesDestroyed.forEach(name -> {
            driver.destroyVolume(DriverQueue.VOLUME_PREFIX + name);
            getContext().getLog().info("spark checkpoint volume destroyed volume={}", name);
        });
        d.launches.forEach((offer, tasks) -> driver.launch(offer, tokens.withTokens(tasks)));
        d.declines.forEach(offer -> driver.decline(offer, REFUSE));
        d.kills.forEach(task -> {
            Long grace = d.killGrace.get(task);
            if (grace == null) {
                driver.kill(task);
            } else {
                driver.kill(task, java.time.Duration.ofMillis(grace));
            }
        });
        if (d.revive || d.wantOffers && suppressed) {
            driver.revive();
            suppressed = false;
        } else if (!d.wantOffers && !suppressed) {
            driver.suppress();
            suppressed = true;
        }
        return this;
    }

    static boolean isTerminal(String state) {
        return DriverQueue.isTerminal(state);
    }
}
