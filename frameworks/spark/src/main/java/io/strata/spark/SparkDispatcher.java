package io.strata.spark;

import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.spark.SparkProtocol.Command;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import io.strata.spark.SparkProtocol.SubmissionView;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster mode, as Spark's Mesos dispatcher was: a framework ({@code spark-dispatcher}) that queues
 * submitted drivers until an offer fits one, runs it as a task, and follows it to its end.
 */
final class SparkDispatcher extends AbstractBehavior<Command> {

    static final String FRAMEWORK = "spark-dispatcher";
    private static final Duration REFUSE = Duration.ofSeconds(5);

    private record OffersIn(List<Offer> offers) implements Command {
    }

    private record StatusIn(TaskStatus status) implements Command {
    }

    /** A submission's latest view, for the parent's listings. */
    record Changed(SubmissionView view) implements Command {
    }

    private record Submission(SubmissionRequest request, TaskSpec task, String state, String reason, String agentId,
                              long submittedAt) {
        Submission with(String newState, String newReason, String newAgent) {
            return new Submission(request, task, newState, newReason, newAgent, submittedAt);
        }
    }

    private final SparkSettings settings;
    private final ActorRef<Command> parent;
    private final Clock clock;
    private final SchedulerDriver driver;
    private final Map<String, Submission> submissions = new LinkedHashMap<>();

    static Behavior<Command> create(SparkSettings settings, ActorRef<MasterCommand> master, ActorRef<Command> parent,
                                    Clock clock) {
        return Behaviors.setup(ctx -> new SparkDispatcher(ctx, settings, master, parent, clock));
    }

    private SparkDispatcher(ActorContext<Command> ctx, SparkSettings settings, ActorRef<MasterCommand> master,
                            ActorRef<Command> parent, Clock clock) {
        super(ctx);
        this.settings = settings;
        this.parent = parent;
        this.clock = clock;
        ActorRef<Command> self = ctx.getSelf();
        this.driver = StrataSchedulerDriver.start(ctx.getSystem(), master,
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
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SparkProtocol.Submit.class, this::onSubmit)
                .onMessage(SparkProtocol.KillSubmission.class, this::onKill)
                .onMessage(OffersIn.class, this::onOffers)
                .onMessage(StatusIn.class, this::onStatus)
                .build();
    }

    private Behavior<Command> onSubmit(SparkProtocol.Submit m) {
        String id = "driver-" + UUID.randomUUID().toString().substring(0, 8);
        TaskSpec task = SparkTasks.driver(settings, id, m.request());
        put(id, new Submission(m.request(), task, "QUEUED", "waiting for an offer with "
                + describe(task.resources()), null, clock.millis()));
        getContext().getLog().info("spark driver submitted submission={} class={} resources=[{}]", id,
                m.request().mainClass(), task.resources());
        m.replyTo().tell(new SparkProtocol.SubmitReply(id, null));
        driver.revive();
        return this;
    }

    private Behavior<Command> onKill(SparkProtocol.KillSubmission m) {
        Submission s = submissions.get(m.id());
        if (s == null) {
            m.replyTo().tell(new SparkProtocol.Done(false));
            return this;
        }
        if (s.state().equals("QUEUED")) {
            put(m.id(), s.with("KILLED", "killed before it started", null));
        } else if (!isTerminal(s.state())) {
            driver.kill(TaskId.of(m.id()));
        }
        m.replyTo().tell(new SparkProtocol.Done(true));
        return this;
    }

    /** First come, first served: each queued driver goes to the first offer it fits. */
    private Behavior<Command> onOffers(OffersIn m) {
        for (Offer offer : m.offers()) {
            Resources left = offer.resources();
            List<TaskSpec> launch = new ArrayList<>();
            for (Map.Entry<String, Submission> e : submissions.entrySet()) {
                Submission s = e.getValue();
                if (s.state().equals("QUEUED") && left.containsScalars(s.task().resources())) {
                    left = left.minus(s.task().resources());
                    launch.add(s.task());
                    e.setValue(s.with("STAGING", "launching on " + offer.agentId().value(), offer.agentId().value()));
                    parent.tell(new Changed(view(e.getKey(), e.getValue())));
                }
            }
            if (launch.isEmpty()) {
                driver.decline(offer.id(), REFUSE);
            } else {
                driver.launch(offer.id(), launch);
            }
        }
        if (submissions.values().stream().noneMatch(s -> s.state().equals("QUEUED"))) {
            driver.suppress();
        }
        return this;
    }

    private Behavior<Command> onStatus(StatusIn m) {
        TaskStatus st = m.status();
        Submission s = submissions.get(st.taskId().value());
        if (s == null || isTerminal(s.state())) {
            return this;
        }
        String reason = st.state() == TaskState.RUNNING ? "driver running (pid " + st.pid() + ")" : st.reason();
        put(st.taskId().value(), s.with(st.state().name(), reason, st.agentId() == null ? s.agentId() : st.agentId().value()));
        if (st.state().isTerminal()) {
            getContext().getLog().info("spark driver ended submission={} state={} reason=\"{}\"", st.taskId(),
                    st.state(), st.reason());
        }
        return this;
    }

    private void put(String id, Submission s) {
        submissions.put(id, s);
        parent.tell(new Changed(view(id, s)));
        pruneEnded();
    }

    private void pruneEnded() {
        List<String> ended = submissions.entrySet().stream().filter(e -> isTerminal(e.getValue().state()))
                .map(Map.Entry::getKey).toList();
        for (int i = 0; i < ended.size() - settings.retainedEnded(); i++) {
            submissions.remove(ended.get(i));
        }
    }

    static boolean isTerminal(String state) {
        return !state.equals("QUEUED") && TaskState.valueOf(state).isTerminal();
    }

    private static SubmissionView view(String id, Submission s) {
        return new SubmissionView(id, s.request().name(), s.request().mainClass(), s.state(), s.reason(), id,
                s.agentId(), null, s.submittedAt());
    }

    static String describe(Resources r) {
        return Resources.formatCpus(r.milliCpus()) + " cpus, " + r.memMb() + " MB mem";
    }
}
