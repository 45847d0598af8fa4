package io.strata.master;

import io.strata.master.MasterBooks.FrameworkEntry;
import io.strata.master.MasterInput.Accept;
import io.strata.master.MasterInput.AgentHeartbeat;
import io.strata.master.MasterInput.Allocate;
import io.strata.master.MasterInput.Decline;
import io.strata.master.MasterInput.DestroyVolume;
import io.strata.master.MasterInput.FrameworkHeartbeat;
import io.strata.master.MasterInput.Kill;
import io.strata.master.MasterInput.Reconcile;
import io.strata.master.MasterInput.Revive;
import io.strata.master.MasterInput.SetGroups;
import io.strata.master.MasterInput.StatusUpdate;
import io.strata.master.MasterInput.StoredGroups;
import io.strata.master.MasterInput.Suppress;
import io.strata.master.MasterInput.Teardown;
import io.strata.master.MasterInput.Tick;
import io.strata.master.MasterInput.VolumeDestroyed;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.master.VolumeBook.VolumeEntry;
import io.strata.protocol.ClusterState;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The master's decisions, without actors, threads or clocks: {@link #handle} takes one input and
 * the time it arrived, updates the books (agents, frameworks, tasks, volumes and the DRF
 * allocator's offers) and returns what to tell whom, in order. The {@code MasterActor} carries
 * that out; a test drives it with plain numbers for time.
 *
 * <p>A new master starts empty and rebuilds its view from agent heartbeats (which carry every
 * task and volume) and framework re-registration, as Mesos masters did.
 */
public final class MasterState {

    private static final Logger LOG = LoggerFactory.getLogger(MasterState.class);

    private final MasterBooks books;
    private final String address;
    /** Measures allocation rounds for the operators' statistics; it decides nothing. */
    private final LongSupplier nanoTicker;
    private final VolumeKeeper volumes;
    private final TaskTracker tracker;
    private final AgentIntake agents;
    private final OfferAnswers answers;
    private final GroupQuotas groups;

    /**
     * @param epoch           names this master incarnation (in "registered" messages and offer ids)
     * @param address         where this master runs, for operators
     * @param startedAtMillis when this master took over; the re-registration grace counts from it
     */
    public MasterState(MasterSettings settings, String epoch, String address, long startedAtMillis,
                       LongSupplier nanoTicker) {
        this.books = new MasterBooks(settings, epoch, startedAtMillis);
        this.address = address;
        this.nanoTicker = nanoTicker;
        this.volumes = new VolumeKeeper(books);
        this.tracker = new TaskTracker(books, volumes);
        this.agents = new AgentIntake(books, tracker, volumes);
        this.answers = new OfferAnswers(books);
        this.groups = new GroupQuotas(books);
    }

    /** Decides on one input received at {@code now} (epoch millis); returns the effects in order. */
    public List<MasterEffect> handle(MasterInput input, long now) {
        books.clock.set(now);
        Step out = new Step(books, now);
        if (input instanceof AgentHeartbeat m) {
            agents.heartbeat(m, out);
        } else if (input instanceof StatusUpdate m) {
            tracker.apply(m.status(), out);
        } else if (input instanceof VolumeDestroyed m) {
            volumes.destroyed(m, out);
        } else if (input instanceof FrameworkHeartbeat m) {
            frameworkHeartbeat(m, out);
        } else if (input instanceof Accept m) {
            answers.accept(m, out);
        } else if (input instanceof Decline m) {
            answers.decline(m, out);
        } else if (input instanceof Suppress m) {
            books.allocator.suppress(m.frameworkId());
        } else if (input instanceof Revive m) {
            books.allocator.revive(m.frameworkId());
            out.allocateSoon();
        } else if (input instanceof Kill m) {
            tracker.kill(m, out);
        } else if (input instanceof Reconcile m) {
            tracker.reconcile(m, out);
        } else if (input instanceof DestroyVolume m) {
            volumes.destroyRequested(m, out);
        } else if (input instanceof Teardown m) {
            FrameworkEntry f = books.frameworks.get(m.frameworkId());
            if (f != null) {
                removeFramework(f, "framework " + f.name() + " tore down", out);
            }
        } else if (input instanceof SetGroups m) {
            groups.set(m.groups(), out);
        } else if (input instanceof StoredGroups m) {
            groups.stored(m.groups(), out);
        } else if (input instanceof Tick) {
            tick(out);
        } else if (input instanceof Allocate) {
            allocate(out);
        } else {
            throw new IllegalArgumentException("no handler for " + input);
        }
        return out.effects();
    }

    /** The operators' snapshot of the books and of this master's allocation counters. */
    public ClusterState clusterState() {
        return ClusterView.of(books, address, books.counters.view());
    }

    /** Where to read a task's log: only its agent has the sandbox. */
    public LogRoute logRoute(TaskId taskId, long offset) {
        TaskEntry t = books.tasks.task(taskId);
        if (t == null) {
            return new LogRoute.Unavailable(0, false, "no task with id '" + taskId + "'");
        }
        if (t.agentId() == null || !books.agents.containsKey(t.agentId())) {
            return new LogRoute.Unavailable(offset, true,
                    "task '" + taskId + "' has no reachable agent (state " + t.status().state() + ")");
        }
        return new LogRoute.OnAgent(t.agentId());
    }

    // ------------------------------------------------------------------ frameworks

    /**
     * Registration and liveness. A known framework with a new connection, or one that was
     * deactivated, is re-registered: told again, re-activated and revived.
     */
    private void frameworkHeartbeat(FrameworkHeartbeat hb, Step out) {
        FrameworkEntry f = books.frameworks.get(hb.frameworkId());
        if (f == null) {
            String role = hb.role() == null || hb.role().isBlank() ? "*" : hb.role();
            books.frameworks.put(hb.frameworkId(), new FrameworkEntry(hb.frameworkId(), hb.name(), role,
                    hb.connection(), out.now, true, 0));
            books.allocator.addFramework(hb.frameworkId(), role);
            out.toFramework(new MasterEffect.FrameworkRegistered(hb.frameworkId(), books.epoch));
            LOG.info("framework registered framework={} name={} role={}", hb.frameworkId(), hb.name(), role);
            out.allocateSoon();
            return;
        }
        FrameworkEntry seen = f.seen(hb.name(), out.now);
        if (f.active() && Objects.equals(f.connection(), hb.connection())) {
            books.frameworks.put(f.id(), seen);
            return;
        }
        books.frameworks.put(f.id(), seen.reconnected(hb.connection()));
        books.allocator.addFramework(f.id(), f.role());
        // A new driver does not know what its predecessor suppressed or declined.
        books.allocator.revive(f.id());
        out.toFramework(new MasterEffect.FrameworkRegistered(f.id(), books.epoch));
        LOG.info("framework re-registered framework={} name={}", f.id(), hb.name());
        out.allocateSoon();
    }

    /** Silent past the framework timeout: deactivated; past the failover timeout as well: removed. */
    private void expireFrameworks(Step out) {
        for (FrameworkEntry f : List.copyOf(books.frameworks.values())) {
            long silent = out.now - f.lastSeenMillis();
            if (f.active() && silent > books.settings.frameworkTimeout().toMillis()) {
                books.frameworks.put(f.id(), f.deactivated(out.now));
                books.allocator.deactivateFramework(f.id());
                LOG.warn("framework disconnected framework={} name={} silentMs={}", f.id(), f.name(), silent);
            } else if (!f.active()
                    && out.now - f.deactivatedAtMillis() > books.settings.frameworkFailoverTimeout().toMillis()) {
                removeFramework(f, "framework " + f.name() + " did not come back within its failover timeout", out);
            }
        }
    }

    /** Kills the framework's tasks, destroys its volumes (once unused) and forgets it. */
    private void removeFramework(FrameworkEntry f, String reason, Step out) {
        books.allocator.removeFramework(f.id());
        for (TaskEntry t : books.tasks.activeOf(f.id())) {
            if (books.agents.containsKey(t.agentId())) {
                out.add(new MasterEffect.KillTask(t.agentId(), t.id(), books.killGraceMillis(), reason));
            }
        }
        for (VolumeEntry v : books.volumes.of(f.id())) {
            volumes.destroyWhenUnused(v.id(), out);
        }
        books.frameworks.remove(f.id());
        out.add(new MasterEffect.ForgetFramework(f.id()));
        LOG.info("framework removed framework={} name={} reason=\"{}\"", f.id(), f.name(), reason);
    }

    // ------------------------------------------------------------------ timer and allocation

    private void tick(Step out) {
        for (Offer o : books.allocator.expireOffers()) {
            out.rescinded(o);
        }
        agents.loseSilentAgents(out);
        expireFrameworks(out);
        tracker.answerDeferredReconciles(out);
        allocate(out);
    }

    /** One allocation round; each framework gets its offers in one message. */
    private void allocate(Step out) {
        books.allocationQueued = false;
        long start = nanoTicker.getAsLong();
        List<Offer> offers = books.allocator.allocate();
        books.counters.round((nanoTicker.getAsLong() - start) / 1e6, offers.size());
        Map<FrameworkId, List<Offer>> byFramework = new LinkedHashMap<>();
        for (Offer o : offers) {
            byFramework.computeIfAbsent(o.frameworkId(), k -> new ArrayList<>()).add(o);
        }
        byFramework.forEach((fw, list) -> out.toFramework(new MasterEffect.SendOffers(fw, List.copyOf(list))));
    }
}
