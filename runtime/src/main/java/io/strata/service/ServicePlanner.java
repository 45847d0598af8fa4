package io.strata.service;

import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decision core of one service: given its state, an input and the time, what the service
 * does next (launch, kill, decline, destroy, revive or suppress, check readiness, save, finish),
 * returned as a {@link Decision}. Plain Java: no actors, threads, clock or I/O; ids come from an
 * {@link IdSource}. {@link ServiceScheduler} holds it and carries out the actions.
 */
final class ServicePlanner {

    /** How often a deleted service asks again to destroy volumes the master still holds (a delete waits on it: short). */
    static final Duration DESTROY_RETRY = Duration.ofSeconds(2);

    private final ServiceType type;
    private final ServiceTimings timings;
    private final OfferPlacement placement;
    private final Operations operations;

    ServicePlanner(ServiceType type, IdSource ids, ServiceTimings timings) {
        this.type = type;
        this.timings = timings;
        this.placement = new OfferPlacement(timings);
        this.operations = new Operations(type, ids);
    }

    /** A new service's record: every pod waiting, each with the id of the volume it will get. */
    static ServiceRecord newRecord(ServiceType type, String name, Map<String, String> config, IdSource ids) {
        ServiceDefinition def = type.definition(name, config);
        String frameworkId = type.name() + "-" + name;
        List<PodRecord> pods = new ArrayList<>();
        for (PodTemplate t : def.pods()) {
            for (int i = 0; i < t.count(); i++) {
                String volumeId = t.volumeMb() > 0 ? frameworkId + "-" + t.type() + "-" + i + "-" + ids.next() : null;
                pods.add(PodRecord.fresh(t.type(), i, volumeId));
            }
        }
        return new ServiceRecord(type.name(), name, config, pods, false, false);
    }

    Decision decide(PlannerState state, ServiceInput input, long now) {
        Change c = new Change(state, now);
        if (input instanceof ServiceInput.OffersIn m) {
            m.offers().forEach(o -> agentBack(c, o.agentId().value()));
            c.state(c.state().holding(m.offers(), now));
            placement.placeAndLaunch(c);
        } else if (input instanceof ServiceInput.Rescinded m) {
            c.state(state.without(m.offerId()));
        } else if (input instanceof ServiceInput.AgentLost m) {
            onAgentLost(c, m.agentId(), m.reason());
        } else if (input instanceof ServiceInput.TaskUpdate m) {
            onTaskStatus(c, m.status());
            placement.reviveOrSuppress(c);
        } else if (input instanceof ServiceInput.Readiness m) {
            onReadiness(c, m);
            operations.advance(c);
            placement.reviveOrSuppress(c);
        } else if (input instanceof ServiceInput.Tick) {
            onTick(c);
        } else if (input instanceof ServiceInput.VolumesReport m) {
            if (c.record().fullyDeleted() && m.volumeIds().isEmpty()) {
                c.emit(new ServiceAction.Finish());
            } else if (c.record().fullyDeleted()) {
                retryDestroys(c, m.volumeIds(), now);
            } else if (!c.record().deleting()) {
                destroyOrphans(c, m.volumeIds());
            }
        } else if (input instanceof ServiceInput.GroupRoom m) {
            placement.markGroupLimit(c, m);
        } else if (input instanceof ServiceInput.Restart) {
            operations.restart(c);
            if (c.accepted()) {
                operations.advance(c);
            }
        } else if (input instanceof ServiceInput.Replace m) {
            operations.replace(c, m.podId());
            if (c.accepted()) {
                operations.advance(c);
                placement.reviveOrSuppress(c);
            }
        } else if (input instanceof ServiceInput.Scale m) {
            operations.scale(c, m.config());
            if (c.accepted()) {
                placement.reviveOrSuppress(c);
            }
        } else if (input instanceof ServiceInput.Delete d && !state.record().deleting()) {
            operations.delete(c, d.graceMillis());
            placement.declineAll(c, timings.declineIdle());
            c.emit(new ServiceAction.Suppress());
            c.state(c.state().withSuppressed(true));
        }
        return c.decision();
    }

    private void onTaskStatus(Change c, TaskStatus status) {
        PodRecord pod = c.record().podOfTask(status.taskId().value());
        if (pod == null) {
            return;
        }
        TaskState s = status.state();
        if (!s.isTerminal()) {
            PodRecord next = pod.volumeCreated() ? pod : pod.withVolumeCreated();
            c.amend(next);
            if (s == TaskState.RUNNING && pod.state() == PodState.STARTING) {
                c.move(next.with(PodState.RUNNING, "running; waiting for its readiness check"), "task running");
            }
        } else if (s == TaskState.LOST && status.reason().startsWith("launch rejected")) {
            c.move(pod.with(PodState.WAITING, status.reason()), "launch rejected");
        } else if (pod.state() == PodState.STOPPING && pod.pendingOp() != null) {
            afterStop(c, pod);
        } else if (c.record().deleting()) {
            c.move(pod.with(PodState.DELETED, "deleted"), "task ended while deleting");
        } else if (s == TaskState.LOST && status.agentId() == null && pod.placement() != null) {
            // A new master answers so for a task no agent reported to it: its agent did not come back.
            restartInPlace(c, pod, status.reason());
            Placement p = pod.placement();
            agentLost(c, c.state().pod(pod.id()), "agent " + p.agentId() + " (" + p.host()
                    + ") is not registered with the master: " + status.reason());
        } else {
            restartInPlace(c, pod, status.reason());
        }
    }

    private void afterStop(Change c, PodRecord pod) {
        switch (pod.pendingOp()) {
            case RESTART -> c.move(pod.with(PodState.WAITING, "restarting on request")
                    .withRestart(c.now(), "restarted on request (rolling restart)"), "stopped for a restart");
            case REPLACE -> operations.replaceNow(c, pod, "replacing: waiting for an agent other than "
                    + (pod.placement() == null ? "its old one" : pod.placement().agentId()));
            case DELETE -> c.move(pod.with(PodState.DELETED, "deleted"), "stopped for the delete");
        }
    }

    /**
     * Relaunch on the pod's agent after a backoff that doubles with each recent failure. A pod whose
     * agent is known lost keeps saying so, and how to move it.
     */
    private void restartInPlace(Change c, PodRecord pod, String reason) {
        long backoff = timings.backoffMillis(pod.recentRestarts());
        String why = pod.agentIsLost() ? pod.reason()
                : "restarting in place after: " + reason + " (restart " + (pod.restarts() + 1) + ")";
        if (c.move(pod.restarting(why, c.now() + backoff).withRestart(c.now(), reason), "task ended: " + reason)) {
            c.warn("pod failed service=" + c.record().frameworkId() + " pod=" + pod.id() + " reason=\"" + reason
                    + "\" backoffMs=" + backoff);
        }
    }

    /**
     * Pods on a lost agent wait for it, as any failed pod waits for its agent, but say so and name
     * the command that moves them; with the service's auto-replace setting the timer moves them.
     */
    private void onAgentLost(Change c, String agentId, String reason) {
        for (PodRecord pod : c.record().pods()) {
            boolean onIt = pod.placement() != null && pod.placement().agentId().value().equals(agentId);
            if (!onIt || pod.state() == PodState.DELETED || c.record().deleting()
                    || pod.state() == PodState.WAITING && !pod.volumeCreated()) {
                continue;
            }
            agentLost(c, pod, reason);
        }
    }

    /** The pod says why its agent is gone and how to move it; the auto-replace grace counts from now. */
    private void agentLost(Change c, PodRecord pod, String reason) {
        String why = reason + "; move it with 'strata " + type.name() + " replace " + c.record().name() + " "
                + type.podArgument(pod.type(), pod.index()) + "'" + AutoReplace.of(c.record().config())
                .map(g -> "; replaced automatically unless its agent is back within " + AutoReplace.describe(g))
                .orElse("");
        c.amend(pod.agentLost(c.now(), why));
        c.warn("pod agent lost service=" + c.record().frameworkId() + " pod=" + pod.id() + " agent="
                + pod.placement().agentId() + " reason=\"" + reason + "\"");
    }

    /** An offer of an agent that was lost: it is back, and its pods restart on it as usual. */
    private void agentBack(Change c, String agentId) {
        for (PodRecord pod : c.record().pods()) {
            if (pod.agentIsLost() && pod.placement() != null && pod.placement().agentId().value().equals(agentId)) {
                c.amend(pod.agentBack("agent " + agentId + " is back; restarting in place"));
                c.log("pod agent back service=" + c.record().frameworkId() + " pod=" + pod.id() + " agent=" + agentId);
            }
        }
    }

    /** Replaces the pods whose agent has stayed lost for the service's auto-replace grace period. */
    private void autoReplace(Change c) {
        Optional<Duration> grace = AutoReplace.of(c.record().config());
        if (grace.isEmpty() || c.record().deleting()) {
            return;
        }
        for (PodRecord pod : c.record().pods()) {
            boolean due = pod.agentIsLost() && c.now() - pod.agentLostAtMillis() >= grace.get().toMillis()
                    && (pod.state() == PodState.RESTARTING || pod.state() == PodState.WAITING);
            if (!due) {
                continue;
            }
            String agent = pod.placement().agentId().value();
            operations.replace(c, pod.id());
            operations.advance(c);
            PodRecord moved = c.state().pod(pod.id());
            if (moved.state() == PodState.WAITING) {
                c.move(moved.with(PodState.WAITING, "replacing automatically: agent " + agent + " lost for "
                        + AutoReplace.describe(grace.get()) + "; waiting for another agent"), "auto-replace");
            }
            c.warn("pod replaced automatically service=" + c.record().frameworkId() + " pod=" + pod.id() + " agent="
                    + agent + " lostForMs=" + (c.now() - pod.agentLostAtMillis()));
        }
    }

    private void onReadiness(Change c, ServiceInput.Readiness m) {
        c.state(c.state().checkDone(m.podId()));
        PodRecord pod = c.record().pod(m.podId());
        if (pod == null || !m.taskId().equals(pod.taskId()) || pod.state() != PodState.RUNNING) {
            return;
        }
        if (m.ready()) {
            c.move(pod.ready(c.now()), "readiness check passed");
            c.log("pod ready service=" + c.record().frameworkId() + " pod=" + pod.id() + " agent="
                    + pod.placement().agentId());
            if (!c.record().deployedOnce() && c.record().allIn(PodState.READY)) {
                c.record(c.record().markedDeployed());
            }
        } else if (!m.detail().isEmpty()) {
            String reason = "not ready yet: " + m.detail();
            if (!reason.equals(pod.reason())) {
                c.move(pod.with(PodState.RUNNING, reason), "readiness check failed");
            }
        }
    }

    private void onTick(Change c) {
        long now = c.now();
        long checkEvery = timings.checkEvery(c.record().deployedOnce()).toMillis();
        for (PodRecord pod : c.record().pods()) {
            Long last = c.state().lastCheck().get(pod.id());
            boolean due = last == null || now - last >= checkEvery;
            if (pod.state() == PodState.RUNNING && due && !c.state().checking().contains(pod.id())) {
                c.emit(new ServiceAction.CheckReadiness(pod.view(), c.state().view(), pod.taskId()));
                c.state(c.state().checkStarted(pod.id(), now));
            }
            boolean stable = pod.state() == PodState.READY
                    && now - pod.readySinceMillis() >= timings.stableWindow().toMillis();
            if (stable && pod.recentRestarts() > 0) {
                c.amend(pod.stable());
            }
        }
        autoReplace(c);
        if (!c.state().held().isEmpty()) {
            placement.placeAndLaunch(c);
        }
        placement.reviveOrSuppress(c);
        if (c.record().fullyDeleted()) {
            c.emit(new ServiceAction.AskVolumes());
        } else if (!c.record().deleting() && now - c.state().volumesAskedAt() >= timings.volumeSweep().toMillis()) {
            c.emit(new ServiceAction.AskVolumes());
            c.state(c.state().volumesAsked(now));
        }
    }

    /**
     * Asks again, every {@link #DESTROY_RETRY}, to destroy the volumes the master still holds after every
     * pod is gone: an agent that could not destroy one (a file held open, a task it still ran)
     * answered with an error, and a delete must not wait for ever on a request nobody repeats.
     */
    private void retryDestroys(Change c, Set<String> held, long now) {
        if (now - c.state().volumesAskedAt() < DESTROY_RETRY.toMillis()) {
            return;
        }
        c.state(c.state().volumesAsked(now));
        for (String id : held) {
            c.emit(new ServiceAction.DestroyVolume(id));
        }
        c.log("volumes destroyed again service=" + c.record().frameworkId() + " volumes=" + held);
    }

    /**
     * Destroys volumes the master holds for this service that no pod has: a pod replaced while its
     * agent was lost could not have its old volume destroyed, and the agent brings it back when it
     * returns. Every pod's volume id is chosen before its launch, so none of them is taken for one.
     */
    private void destroyOrphans(Change c, Set<String> held) {
        Set<String> ours = new HashSet<>();
        c.record().pods().forEach(p -> ours.add(p.volumeId()));
        for (String id : held) {
            if (!ours.contains(id)) {
                c.emit(new ServiceAction.DestroyVolume(id));
                c.log("orphan volume destroyed service=" + c.record().frameworkId() + " volume=" + id);
            }
        }
    }
}
