package io.strata.service;

import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decision core of one service: given its state, an input and the time, what the service
 * does next (launch, kill, decline, destroy, revive or suppress, check readiness, save, finish),
 * returned as a {@link Decision}. Plain Java: no actors, threads, clock or I/O; ids come from an
 * {@link IdSource}. {@link ServiceScheduler} holds it and carries out the actions.
 */
final class ServicePlanner {

    private final ServiceTimings timings;
    private final OfferPlacement placement;
    private final Operations operations;

    ServicePlanner(ServiceType type, IdSource ids, ServiceTimings timings) {
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
            c.state(state.holding(m.offers(), now));
            placement.placeAndLaunch(c);
        } else if (input instanceof ServiceInput.Rescinded m) {
            c.state(state.without(m.offerId()));
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
            }
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
        } else if (input instanceof ServiceInput.Delete && !state.record().deleting()) {
            operations.delete(c);
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
        } else {
            restartInPlace(c, pod, status.reason());
        }
    }

    private void afterStop(Change c, PodRecord pod) {
        switch (pod.pendingOp()) {
            case RESTART -> c.move(pod.with(PodState.WAITING, "restarting on request"), "stopped for a restart");
            case REPLACE -> operations.replaceNow(c, pod, "replacing: waiting for an agent other than "
                    + (pod.placement() == null ? "its old one" : pod.placement().agentId()));
            case DELETE -> c.move(pod.with(PodState.DELETED, "deleted"), "stopped for the delete");
        }
    }

    /** Relaunch on the pod's agent after a backoff that doubles with each recent failure. */
    private void restartInPlace(Change c, PodRecord pod, String reason) {
        long backoff = timings.backoffMillis(pod.recentRestarts());
        String why = "restarting in place after: " + reason + " (restart " + (pod.restarts() + 1) + ")";
        if (c.move(pod.restarting(why, c.now() + backoff), "task ended: " + reason)) {
            c.warn("pod failed service=" + c.record().frameworkId() + " pod=" + pod.id() + " reason=\"" + reason
                    + "\" backoffMs=" + backoff);
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
        for (PodRecord pod : c.record().pods()) {
            Long last = c.state().lastCheck().get(pod.id());
            boolean due = last == null || now - last >= timings.checkEvery().toMillis();
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
        if (!c.state().held().isEmpty()) {
            placement.placeAndLaunch(c);
        }
        placement.reviveOrSuppress(c);
        if (c.record().fullyDeleted()) {
            c.emit(new ServiceAction.AskVolumes());
        }
    }
}
