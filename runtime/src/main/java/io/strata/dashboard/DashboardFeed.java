package io.strata.dashboard;

import io.strata.adhoc.AdhocProtocol;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The thin shell around {@link History} and {@link ClusterEvents} on one master node: every sample
 * interval it asks the master for the cluster's state (and the ad-hoc framework for its queue), keeps
 * that snapshot for the live streams, and feeds it, with the time read here, to the events and the
 * history. One sample in flight at a time; a master that does not answer is skipped until the next tick.
 */
public final class DashboardFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(2);

    /** One snapshot and when it was taken; pending is null when the queue did not answer. */
    public record Sample(ClusterState state, AdhocProtocol.PendingList pending, long atMillis) {
    }

    /** The source of snapshots: the master and the ad-hoc framework on a node, a lambda in tests. */
    public interface Snapshots {
        CompletionStage<Sample> take(long atMillis);
    }

    private final Snapshots snapshots;
    private final Clock clock;
    private final History history;
    private final ClusterEvents events;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger openStreams = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Sample latest;
    private volatile History.Point lastPoint;
    private volatile boolean failing;
    private Cancellable timer;

    public DashboardFeed(Snapshots snapshots, Clock clock, History history, ClusterEvents events) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.history = history;
        this.events = events;
    }

    /** A feed sampling this node's view of the master every {@code interval}, until the system stops or {@link #close}. */
    public static DashboardFeed start(ActorSystem<?> system, ActorRef<MasterCommand> master,
                                      ActorRef<AdhocProtocol.Command> tasks, DashboardSettings settings) {
        Snapshots fromMaster = at -> {
            CompletionStage<AdhocProtocol.PendingList> pending = AskPattern
                    .<AdhocProtocol.Command, AdhocProtocol.PendingList>ask(tasks, AdhocProtocol.ListPending::new,
                            PENDING_TIMEOUT, system.scheduler())
                    .exceptionally(t -> null);
            return AskPattern.ask(master, MasterCommand.GetState::new, ASK_TIMEOUT, system.scheduler())
                    .thenCombine(pending, (s, p) -> new Sample(s, p, at));
        };
        DashboardFeed feed = new DashboardFeed(fromMaster, Clock.systemUTC(),
                new History(settings.historyInterval(), settings.historyWindow()), new ClusterEvents(settings.events()));
        feed.timer = system.classicSystem().scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.sampleInterval(),
                feed::tick, system.executionContext());
        return feed;
    }

    /** Takes one sample unless one is still in flight; completes once it is taken in (or failed). */
    public CompletionStage<Void> tick() {
        if (!inFlight.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        long at = clock.millis();
        CompletionStage<Sample> taken;
        try {
            taken = snapshots.take(at);
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        return taken.handle((sample, err) -> {
            try {
                if (err != null) {
                    if (!failing) {
                        LOG.info("dashboard sample failed reason=\"{}\"", err.getMessage());
                    }
                    failing = true;
                } else {
                    failing = false;
                    takeIn(sample);
                }
            } finally {
                inFlight.set(false);
            }
            return null;
        });
    }

    /** A snapshot taken now, not kept: for answers that must not be a second old (why a task waits). */
    public CompletionStage<Sample> fresh() {
        return snapshots.take(clock.millis());
    }

    private synchronized void takeIn(Sample sample) {
        events.observe(sample.state(), sample.pending(), sample.atMillis());
        history.sample(sample.state(), sample.pending(), sample.atMillis()).ifPresent(p -> lastPoint = p);
        latest = sample;
    }

    /** The last snapshot, if any was taken yet. */
    public Optional<Sample> latest() {
        return Optional.ofNullable(latest);
    }

    /** The newest history point, if any. */
    public Optional<History.Point> lastPoint() {
        return Optional.ofNullable(lastPoint);
    }

    public Duration historyInterval() {
        return history.interval();
    }

    public synchronized List<History.Point> history(Duration span) {
        return history.since(span, clock.millis());
    }

    public synchronized List<ClusterEvents.Event> events(Long after, int limit, Predicate<ClusterEvents.Event> visible) {
        return events.after(after, limit, visible);
    }

    public synchronized long lastSeq() {
        return events.lastSeq();
    }

    /** Counts a client's stream from its start to its end (the client went away, or it ended). */
    public <T, M> org.apache.pekko.stream.javadsl.Source<T, M> counted(org.apache.pekko.stream.javadsl.Source<T, M> stream) {
        return stream.watchTermination((mat, done) -> {
            openStreams.incrementAndGet();
            done.whenComplete((d, err) -> openStreams.decrementAndGet());
            return mat;
        });
    }

    /** How many clients' streams (live and log tails) this node serves now. */
    public int openStreams() {
        return openStreams.get();
    }

    public long now() {
        return clock.millis();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
