package io.strata.master;

import io.strata.master.MasterBooks.AgentEntry;
import io.strata.master.MasterBooks.FrameworkEntry;
import io.strata.master.MasterInput.AgentHeartbeat;
import io.strata.master.MasterInput.ReportedTask;
import io.strata.master.MasterInput.ReportedVolume;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.resources.AgentId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what agents' heartbeats and silences mean. A heartbeat is registration too: a new
 * master learns every agent's tasks and volumes from them and adopts them.
 */
final class AgentIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AgentIntake.class);

    private final MasterBooks books;
    private final TaskTracker tracker;
    private final VolumeKeeper volumes;

    AgentIntake(MasterBooks books, TaskTracker tracker, VolumeKeeper volumes) {
        this.books = books;
        this.tracker = tracker;
        this.volumes = volumes;
    }

    void heartbeat(AgentHeartbeat hb, Step out) {
        AgentEntry entry = books.agents.get(hb.agentId());
        if (entry == null) {
            register(hb, out);
            return;
        }
        boolean newConnection = !Objects.equals(entry.connection(), hb.connection());
        books.agents.put(hb.agentId(), entry.seen(hb.connection(), out.now));
        if (newConnection) {
            out.add(new MasterEffect.AgentRegistered(hb.agentId(), books.epoch));
        }
        if (!entry.total().equals(hb.total())) {
            resize(books.agents.get(hb.agentId()), hb.total(), out);
        }
        for (ReportedVolume v : hb.volumes()) {
            if (books.volumes.get(v.volume().id()) == null) {
                volumes.adopt(hb.agentId(), v);
            }
        }
        Set<TaskId> reported = new HashSet<>();
        for (ReportedTask t : hb.tasks()) {
            reported.add(t.spec().taskId());
            if (books.tasks.task(t.spec().taskId()) == null) {
                adopt(hb.agentId(), t, out);
            } else {
                tracker.apply(t.status(), out);
            }
        }
        loseUnreported(hb, newConnection, reported, out);
    }

    /**
     * Tasks of the agent it does not report are LOST once their launch is settled (see
     * {@link LaunchLedger}): it reached the agent or never will. Only the agent's own tasks are
     * looked at.
     */
    private void loseUnreported(AgentHeartbeat hb, boolean newConnection, Set<TaskId> reported, Step out) {
        LaunchLedger ledger = books.launchesTo(hb.agentId());
        Long echoed = echoedOfThisMaster(hb);
        if (ledger.heard(newConnection, echoed, hb.launchSeq() != null)) {
            out.add(new MasterEffect.LaunchesSent(hb.agentId(), books.epoch, ledger.issued()));
        }
        if (books.tasks.activeCountOn(hb.agentId()) == 0) {
            return;
        }
        for (TaskEntry t : books.tasks.activeOn(hb.agentId())) {
            if (!reported.contains(t.id()) && t.launchSeq() <= ledger.settled()) {
                tracker.apply(t.status().withState(TaskState.LOST,
                        unreportedReason(hb.agentId(), t.launchSeq(), newConnection, echoed), out.now), out);
            }
        }
    }

    /** The launch number the heartbeat echoes of this master; null if it echoes none of this master's. */
    private Long echoedOfThisMaster(AgentHeartbeat hb) {
        return hb.launchSeq() != null && books.epoch.equals(hb.launchEpoch()) ? hb.launchSeq() : null;
    }

    private static String unreportedReason(AgentId agent, long launchSeq, boolean newConnection, Long echoed) {
        if (launchSeq > 0 && echoed != null && echoed >= launchSeq) {
            return "agent " + agent + " does not report the task after its launch #" + launchSeq
                    + " (the agent has had every launch up to #" + echoed + ")";
        }
        if (launchSeq > 0 && newConnection) {
            return "agent " + agent + " restarted and does not report the task (its launch, #" + launchSeq
                    + ", went to the agent's previous run)";
        }
        return "agent " + agent + " no longer reports the task";
    }

    /**
     * The agent reports a new total, typically ports of its range that another program on its host
     * now listens on, or that came free again. What this master's tasks use there stays in the total
     * (the agent may not know of a launch yet); an outstanding offer that no longer fits is rescinded
     * first, and the agent is offered again with what it has now.
     */
    private void resize(AgentEntry agent, Resources reported, Step out) {
        Resources used = books.allocator.used(agent.id());
        Resources total = reported.withPorts(reported.ports().plus(used.ports()));
        if (!total.containsScalars(used)) {
            total = total.plus(used.withPorts(PortRanges.EMPTY));
        }
        if (total.equals(agent.total())) {
            return;
        }
        for (Offer o : books.allocator.outstandingOffers()) {
            if (o.agentId().equals(agent.id()) && !total.minus(used).contains(o.resources())) {
                books.allocator.rescind(o.id());
                out.rescinded(o);
            }
        }
        try {
            books.allocator.addAgent(agent.id(), agent.host(), total, agent.attributes());
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot resize agent agent={} reason=\"{}\"", agent.id(), e.getMessage());
            return;
        }
        books.agents.put(agent.id(), new AgentEntry(agent.id(), agent.host(), total, agent.attributes(),
                agent.connection(), agent.lastSeenMillis()));
        PortRanges gone = agent.total().ports().minus(total.ports());
        PortRanges back = total.ports().minus(agent.total().ports());
        LOG.info("agent resources changed agent={} total=[{}] portsWithdrawn={} portsBack={}", agent.id(), total,
                gone.isEmpty() ? "-" : gone, back.isEmpty() ? "-" : back);
        out.allocateSoon();
    }

    /** Agents silent past the agent timeout are lost. */
    void loseSilentAgents(Step out) {
        for (AgentEntry a : List.copyOf(books.agents.values())) {
            long silent = out.now - a.lastSeenMillis();
            if (silent > books.settings.agentTimeout().toMillis()) {
                lose(a, "agent " + a.id() + " (" + a.host() + ") lost: silent for " + seconds(silent)
                        + " (agent-timeout " + seconds(books.settings.agentTimeout().toMillis()) + ")", out);
            }
        }
    }

    /** "10 s" for whole seconds, else one decimal: "10.4 s". */
    static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private void register(AgentHeartbeat hb, Step out) {
        Resources used = Resources.EMPTY;
        for (ReportedTask t : hb.tasks()) {
            if (!t.status().state().isTerminal()) {
                used = used.plus(t.spec().resources());
            }
        }
        for (ReportedVolume v : hb.volumes()) {
            used = used.plus(Resources.of(0, 0, v.volume().sizeMb()));
        }
        // An agent restarted with less than its tasks hold must still account for them.
        Resources total = hb.total().contains(used) ? hb.total() : hb.total().plus(used);
        books.allocator.addAgent(hb.agentId(), hb.host(), total, hb.attributes());
        books.agents.put(hb.agentId(), new AgentEntry(hb.agentId(), hb.host(), total, hb.attributes(),
                hb.connection(), out.now));
        Long echoed = echoedOfThisMaster(hb);
        books.launches.put(hb.agentId(), new LaunchLedger(echoed == null ? 0 : echoed));
        for (ReportedVolume v : hb.volumes()) {
            volumes.adopt(hb.agentId(), v);
        }
        for (ReportedTask t : hb.tasks()) {
            adopt(hb.agentId(), t, out);
        }
        out.add(new MasterEffect.AgentRegistered(hb.agentId(), books.epoch));
        LOG.info("agent registered agent={} host={} total=[{}] tasks={}", hb.agentId(), hb.host(), total,
                hb.tasks().size());
        out.allocateSoon();
    }

    /** A task the agent runs that this master has not launched (it came back after a failover). */
    private void adopt(AgentId agentId, ReportedTask t, Step out) {
        TaskId id = t.spec().taskId();
        TaskEntry previous = books.tasks.task(id);
        if (previous != null && previous.status().state().isTerminal() && !t.status().state().isTerminal()) {
            // We gave this task up (its agent was lost); the framework was told it is gone.
            out.add(new MasterEffect.KillTask(agentId, id, books.killGraceMillis(),
                    "the master declared the task " + previous.status().state() + " while its agent was away"));
            return;
        }
        TaskEntry entry = new TaskEntry(t.frameworkId(), t.spec(), agentId, t.status(), 0);
        if (t.status().state().isTerminal()) {
            books.tasks.putCompleted(entry);
            out.add(new MasterEffect.AckTerminal(agentId, id));
            return;
        }
        books.activate(entry);
        if (books.allocator.hasAgent(agentId) && previous == null) {
            account(agentId, t, out);
        }
    }

    /** Accounts an adopted task; an outstanding offer of its agent is withdrawn first, as it no longer holds. */
    private void account(AgentId agentId, ReportedTask t, Step out) {
        // The scan of all outstanding offers only when the agent's free part cannot hold the task
        // and something of it is offered (not on a registration: nothing is offered yet).
        if (!books.allocator.free(agentId).contains(t.spec().resources())
                && !books.allocator.offered(agentId).isEmpty()) {
            for (Offer o : books.allocator.outstandingOffers()) {
                if (o.agentId().equals(agentId) && !books.allocator.free(agentId).contains(t.spec().resources())) {
                    books.allocator.rescind(o.id());
                    out.rescinded(o);
                }
            }
        }
        try {
            books.allocator.recordUsed(agentId, t.frameworkId(), t.spec().resources());
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot account adopted task task={} agent={} reason=\"{}\"", t.spec().taskId(), agentId,
                    e.getMessage());
        }
    }

    /** Offers on the agent are rescinded, its tasks are LOST, and every framework hears of it. */
    private void lose(AgentEntry agent, String reason, Step out) {
        for (Offer o : books.allocator.removeAgent(agent.id())) {
            out.rescinded(o);
        }
        books.agents.remove(agent.id());
        books.launches.remove(agent.id());
        books.volumes.forgetOn(agent.id());
        for (TaskEntry t : books.tasks.activeOn(agent.id())) {
            TaskStatus lost = t.status().withState(TaskState.LOST, reason, out.now);
            books.end(t.withStatus(lost));
            out.toFramework(new MasterEffect.SendStatus(t.frameworkId(), lost));
        }
        for (FrameworkEntry f : books.frameworks.values()) {
            out.add(new MasterEffect.AgentLost(f.id(), agent.id(), reason));
        }
        out.add(new MasterEffect.ForgetAgent(agent.id()));
        LOG.warn("agent lost agent={} reason=\"{}\"", agent.id(), reason);
    }
}
