package io.strata.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.pipelines.PipelinesProtocol.Command;
import io.strata.pipelines.PipelinesProtocol.Reply;
import io.strata.pipelines.spec.PipelineSpec;
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
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The pipelines orchestrator as a cluster singleton on master nodes ({@code strata-pipelines}). A
 * thin shell around {@link PipelinePlanner}: it owns every pipeline's record, a timer per pipeline
 * and the store, and routes the API's commands. A pipeline's step — read the cluster, decide, act,
 * decide on the outcomes — runs its slow parts on an executor with at most one in flight per
 * pipeline; results come back as messages, so a slow pipeline never holds up another's decisions.
 * The next step starts the planner's {@link PipelinePlanner#pause} after one ends, and at once
 * when a stop is asked for while no step is under way.
 * On failover the new node resumes every pipeline from the store.
 */
final class PipelinesActor extends AbstractBehavior<Command> {

    static final String NAME = "strata-pipelines";

    /** What the actor works with; tests give fakes. {@code executor} runs the blocking calls. */
    record Deps(PipelineStore store, PipelinesSettings settings, Clock clock, PipelineIo.Factory io, Preflight preflight,
                PipelineChecks checks, ExecutorService executor) {
    }

    private record Tick(String name) implements Command {
    }

    /** Every 2 s: a point of every running pipeline's counters for the dashboard's charts. */
    private enum Sample implements Command { INSTANCE }

    private record Observed(PipelineSlot slot, Observation seen, Throwable error) implements Command {
    }

    private record Acted(PipelineSlot slot, Observation seen, List<Outcome> outcomes, int round, Throwable error)
            implements Command {
    }

    private record Checked(PipelinesProtocol.Start request, PipelineSpec spec, Preflight.Result result, Throwable error)
            implements Command {
    }

    private final Deps deps;
    private final PipelinePlanner planner;
    private final TimerScheduler<Command> timers;
    private final Map<String, PipelineSlot> slots = new LinkedHashMap<>();

    /**
     * The singleton reads every pipeline from a majority of master nodes before it resumes any; while
     * no majority answers (or a later write cannot reach one) it starts over after a back-off.
     */
    static ActorRef<Command> init(ActorSystem<?> system, Path home, Supplier<String> apiUrl, ControlStore store) {
        Behavior<Command> supervised = Behaviors.supervise(create(home, apiUrl, store))
                .onFailure(StoreUnavailableException.class,
                        SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(15), 0.2)
                                .withLoggingEnabled(false));
        return ClusterSingleton.get(system).init(SingletonActor.of(supervised, NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    static Behavior<Command> create(Path home, Supplier<String> apiUrl, ControlStore store) {
        return Behaviors.setup(ctx -> {
            PipelinesSettings settings = PipelinesSettings.from(ctx.getSystem().settings().config(), home);
            LocalApi api = new LocalApi(apiUrl, new io.strata.security.ClusterSecret(store)::authorization);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "strata-pipelines-io");
                t.setDaemon(true);
                return t;
            });
            return create(new Deps(new PipelineStore(store, home.resolve("pipelines")), settings, Clock.systemUTC(),
                    PipelineIo.cluster(api, ctx.getSystem().settings().config().getDuration("strata.reregistration-grace")),
                    new Preflight(api, settings), new PipelineChecks(api), executor));
        });
    }

    static Behavior<Command> create(Deps deps) {
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> new PipelinesActor(ctx, timers, deps)));
    }

    private PipelinesActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, Deps deps) {
        super(ctx);
        this.deps = deps;
        this.timers = timers;
        this.planner = new PipelinePlanner(deps.settings());
        timers.startTimerWithFixedDelay(Sample.INSTANCE, Duration.ofMillis(PipelineHistory.INTERVAL_MILLIS));
        List<PipelineRecord> records;
        try {
            records = deps.store().load();
        } catch (StoreUnavailableException e) {
            ctx.getLog().warn("pipelines not resumed yet, retrying reason=\"{}\"", e.getMessage());
            throw e;
        }
        for (PipelineRecord r : records) {
            PipelineSlot slot = new PipelineSlot(PipelineRun.of(r), deps.io().open(r.name(), r.spec().group()));
            slots.put(r.name(), slot);
            if (!r.ended()) {
                ctx.getLog().info("pipeline resumed pipeline={} state={}", r.name(), r.state());
                drive(slot);
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PipelinesProtocol.Start.class, this::onStart)
                .onMessage(Checked.class, this::onChecked)
                .onMessage(PipelinesProtocol.Status.class, this::onStatus)
                .onMessage(PipelinesProtocol.ListAll.class, m -> reply(m.replyTo(), PipelineReplies.list(slots.values())))
                .onMessage(PipelinesProtocol.History.class, this::onHistory)
                .onMessageEquals(Sample.INSTANCE, () -> {
                    long now = deps.clock().millis();
                    slots.values().forEach(s -> s.sample(now));
                    return this;
                })
                .onMessage(PipelinesProtocol.Stop.class, this::onStop)
                .onMessage(PipelinesProtocol.Verify.class, this::onVerify)
                .onMessage(PipelinesProtocol.Forget.class, this::onForget)
                .onMessage(Tick.class, this::onTick)
                .onMessage(Observed.class, this::onObserved)
                .onMessage(Acted.class, this::onActed)
                .onSignal(PostStop.class, s -> {
                    slots.values().forEach(slot -> slot.io.close());
                    deps.executor().shutdownNow();
                    return this;
                })
                .build();
    }

    // ---- one step of a pipeline: watch → observe → plan → act → afterActions → … ---------------

    private void drive(PipelineSlot slot) {
        getContext().getSelf().tell(new Tick(slot.name()));
    }

    /** A step ended (or failed): the next one after the planner's pause, none once the pipeline ended. */
    private void stepEnded(PipelineSlot slot) {
        slot.busy = false;
        planner.pause(slot.run()).ifPresentOrElse(
                pause -> timers.startSingleTimer(slot.name(), new Tick(slot.name()), pause),
                () -> timers.cancel(slot.name()));
    }

    private Behavior<Command> onTick(Tick t) {
        PipelineSlot slot = slots.get(t.name());
        if (slot == null || slot.busy || slot.record().ended()) {
            return this;
        }
        PipelinePlanner.Observing o;
        try {
            o = planner.watch(slot.run(), deps.clock().millis());
        } catch (RuntimeException e) {
            stepFailed(slot, e);
            return this;
        }
        slot.update(o.run(), deps.store());
        slot.busy = true;
        PipelineIo io = slot.io;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> io.observe(o.watch()), deps.executor()),
                (seen, error) -> new Observed(slot, seen, error));
        return this;
    }

    private Behavior<Command> onObserved(Observed m) {
        if (current(m.slot())) {
            if (m.error() != null) {
                stepFailed(m.slot(), m.error());
            } else {
                carryOut(m.slot(), m.seen(), 1, () -> planner.plan(m.slot().run(), m.seen(), deps.clock().millis()));
            }
        }
        return this;
    }

    private Behavior<Command> onActed(Acted m) {
        if (current(m.slot())) {
            if (m.error() != null) {
                getContext().getLog().warn("pipeline actions failed pipeline={} reason=\"{}\"", m.slot().name(),
                        m.error().toString());
            }
            carryOut(m.slot(), m.seen(), m.round() + 1,
                    () -> planner.afterActions(m.slot().run(), m.seen(), m.outcomes(), m.round(), deps.clock().millis()));
        }
        return this;
    }

    /** Takes the planner's step; its actions go to the executor, and the step ends when none are left. */
    private void carryOut(PipelineSlot slot, Observation seen, int round, Supplier<PipelinePlanner.Step> decide) {
        PipelinePlanner.Step step;
        try {
            step = decide.get();
        } catch (RuntimeException e) {
            stepFailed(slot, e);
            return;
        }
        slot.update(step.run(), deps.store());
        if (step.actions().isEmpty()) {
            stepEnded(slot);
            if (slot.record().ended()) {
                deps.executor().execute(slot.io::close);
            }
            return;
        }
        PipelineIo io = slot.io;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> io.act(step.actions()), deps.executor()),
                (outcomes, error) -> new Acted(slot, seen, outcomes == null ? List.of() : outcomes, round, error));
    }

    /** A bug, not a cluster problem (those are outcomes): logged with its trace; the next step tries again. */
    private void stepFailed(PipelineSlot slot, Throwable e) {
        getContext().getLog().warn("pipeline step failed pipeline={} reason=\"{}\"", slot.name(), e.toString(), e);
        stepEnded(slot);
    }

    /** A message about a pipeline still driven by this slot (not forgotten or started again meanwhile). */
    private boolean current(PipelineSlot slot) {
        return slots.get(slot.name()) == slot;
    }

    // ---- the API's commands -------------------------------------------------------------------

    private Behavior<Command> onStart(PipelinesProtocol.Start m) {
        PipelineSpec spec;
        try {
            spec = LocalApi.MAPPER.readValue(m.spec(), PipelineSpec.class);
        } catch (JsonProcessingException e) {
            return reply(m.replyTo(), PipelineReplies.error(400, "the pipeline spec is not valid: " + e.getOriginalMessage()));
        }
        PipelineSlot existing = slots.get(spec.name());
        if (existing != null && !existing.record().ended()) {
            return reply(m.replyTo(), PipelineReplies.alreadyExists(existing.record(), true));
        }
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try {
                return deps.preflight().check(spec);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, deps.executor()), (result, error) -> new Checked(m, spec, result, error));
        return this;
    }

    /** After the preflight: refuse, answer a dry run, or save the new record and start driving it. */
    private Behavior<Command> onChecked(Checked m) {
        PipelineSpec spec = m.spec();
        ActorRef<Reply> to = m.request().replyTo();
        Throwable error = m.error() instanceof CompletionException && m.error().getCause() != null
                ? m.error().getCause() : m.error();
        if (error instanceof IOException) {
            return reply(to, PipelineReplies.error(503, "cannot check the pipeline against the cluster: " + error.getMessage()));
        }
        if (error != null) {
            return startFailed(to, spec, error);
        }
        if (!m.result().problems().isEmpty()) {
            return reply(to, PipelineReplies.cannotRun(spec.name(), m.result().problems()));
        }
        if (m.request().dryRun()) {
            return reply(to, PipelineReplies.json(200, m.result().plan().put("valid", true)));
        }
        PipelineSlot existing = slots.get(spec.name());
        if (existing != null && !existing.record().ended()) {
            return reply(to, PipelineReplies.alreadyExists(existing.record(), false));
        }
        PipelineRecord r = PipelineRecord.of(spec, m.request().jars(), deps.clock().millis());
        try {
            deps.store().save(r.name(), LocalApi.MAPPER.writeValueAsString(r));
        } catch (JsonProcessingException | RuntimeException e) {
            return startFailed(to, spec, e);
        }
        if (existing != null) {
            deps.executor().execute(existing.io::close);
        }
        PipelineSlot slot = new PipelineSlot(PipelineRun.of(r), deps.io().open(spec.name(), spec.group()));
        slots.put(spec.name(), slot);
        drive(slot);
        getContext().getLog().info("pipeline started pipeline={} services={} jobs={} sources={}", spec.name(),
                spec.services().size(), spec.jobs().size(), spec.sources().size());
        return reply(to, PipelineReplies.started(spec.name()));
    }

    private Behavior<Command> startFailed(ActorRef<Reply> to, PipelineSpec spec, Throwable e) {
        getContext().getLog().warn("pipeline start failed pipeline={}", spec.name(), e);
        return reply(to, PipelineReplies.error(500, "cannot start pipeline " + spec.name() + ": " + e));
    }

    private Behavior<Command> onStop(PipelinesProtocol.Stop m) {
        PipelineSlot slot = slots.get(m.name());
        if (slot == null) {
            return reply(m.replyTo(), PipelineReplies.notFound(m.name()));
        }
        boolean stopped = slot.record().ended();
        slot.update(planner.requestStop(slot.run(), m.keepData(), deps.clock().millis()), deps.store());
        if (!stopped && !slot.busy) {
            timers.cancel(slot.name());
            getContext().getSelf().tell(new Tick(slot.name()));
        }
        return reply(m.replyTo(), PipelineReplies.stopping(m.name(), stopped));
    }

    /**
     * The checks' CQL runs on the executor; the reply goes straight from there. Requests that come
     * while a run of the checks is under way share its answer instead of starting another.
     */
    private Behavior<Command> onVerify(PipelinesProtocol.Verify m) {
        PipelineSlot slot = slots.get(m.name());
        if (slot == null) {
            return reply(m.replyTo(), PipelineReplies.notFound(m.name()));
        }
        PipelineRecord r = slot.record();
        if (r.state() == State.STOPPED || r.state() == State.STOPPING) {
            return reply(m.replyTo(), PipelineReplies.error(409, "pipeline " + m.name() + " is " + r.state()
                    + "; checks run against a running pipeline"));
        }
        ActorRef<Reply> to = m.replyTo();
        if (slot.checks == null || slot.checks.isDone()) {
            slot.checks = CompletableFuture.supplyAsync(() -> deps.checks().run(r), deps.executor());
        }
        slot.checks.whenComplete((n, t) -> to.tell(t == null
                ? PipelineReplies.json(200, n) : PipelineReplies.error(500, "checks failed to run: " + t.getMessage())));
        return this;
    }

    private Behavior<Command> onForget(PipelinesProtocol.Forget m) {
        PipelineSlot slot = slots.get(m.name());
        if (slot == null) {
            return reply(m.replyTo(), PipelineReplies.notFound(m.name()));
        }
        if (!slot.record().ended()) {
            return reply(m.replyTo(), PipelineReplies.error(409, "pipeline " + m.name() + " is " + slot.record().state()
                    + "; stop it first"));
        }
        slots.remove(m.name());
        deps.store().delete(m.name());
        deps.executor().execute(slot.io::close);
        return reply(m.replyTo(), PipelineReplies.forgotten(m.name()));
    }

    private Behavior<Command> onStatus(PipelinesProtocol.Status m) {
        PipelineSlot slot = slots.get(m.name());
        return reply(m.replyTo(), slot == null ? PipelineReplies.notFound(m.name())
                : PipelineReplies.status(slot.record(), slot.lastChecks()));
    }

    private Behavior<Command> onHistory(PipelinesProtocol.History m) {
        PipelineSlot slot = slots.get(m.name());
        return reply(m.replyTo(), slot == null ? PipelineReplies.notFound(m.name())
                : PipelineReplies.json(200, PipelineJson.history(slot.history.points())));
    }

    private Behavior<Command> reply(ActorRef<Reply> to, Reply r) {
        to.tell(r);
        return this;
    }
}
