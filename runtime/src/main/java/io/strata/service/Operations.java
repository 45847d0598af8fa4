package io.strata.service;

import io.strata.resources.TaskId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' requests as plans: a rolling restart (one pod at a time, the next only once every pod
 * is ready again), a replace (one step), a scale (more steps for the deploy plan) and the delete.
 * Operation plans stop or reset pods; the deploy plan brings them back. Pure.
 */
final class Operations {

    private final ServiceType type;
    private final IdSource ids;

    Operations(ServiceType type, IdSource ids) {
        this.type = type;
        this.ids = ids;
    }

    void restart(Change c) {
        ServiceRecord r = c.record();
        if (r.deleting()) {
            c.refuse("service " + r.name() + " is being deleted");
        } else if (c.state().rollingRestart().isPresent()) {
            c.refuse("a rolling restart of " + r.name() + " is already running");
        } else {
            Plan plan = Plan.of(PlannerState.ROLLING_RESTART, Strategy.SERIAL, c.state().orderedPods(),
                    Step.Kind.RESTART, false);
            add(c, plan);
        }
    }

    void replace(Change c, String podId) {
        ServiceRecord r = c.record();
        PodRecord pod = r.pod(podId);
        if (pod == null) {
            c.refuse("unknown pod id '" + podId + "'; pods are " + r.pods().stream().map(PodRecord::id).toList());
        } else if (r.deleting()) {
            c.refuse("service " + r.name() + " is being deleted");
        } else {
            add(c, Plan.of("replace " + podId, Strategy.SERIAL, List.of(pod), Step.Kind.REPLACE, false));
        }
    }

    /** Grows pods to the counts of the new config; shrinking is refused (pods hold data). */
    void scale(Change c, Map<String, String> config) {
        ServiceRecord r = c.record();
        ServiceDefinition next;
        try {
            next = type.definition(r.name(), config);
        } catch (IllegalArgumentException e) {
            c.refuse(e.getMessage());
            return;
        }
        List<PodRecord> pods = new ArrayList<>(r.pods());
        for (PodTemplate t : next.pods()) {
            long have = pods.stream().filter(p -> p.type().equals(t.type())).count();
            if (t.count() < have) {
                c.refuse("scaling " + t.type() + " down from " + have + " to " + t.count()
                        + " is not supported; replace or delete pods instead");
                return;
            }
            for (int i = (int) have; i < t.count(); i++) {
                String podId = t.type() + "-" + i;
                pods.add(PodRecord.fresh(t.type(), i, t.volumeMb() > 0 ? volumeId(r.frameworkId(), podId) : null));
            }
        }
        Map<String, String> kept = new LinkedHashMap<>(config);
        for (String sdkKey : new String[]{AutoReplace.KEY, ServiceGroup.KEY}) {
            if (r.config().containsKey(sdkKey) && !config.containsKey(sdkKey)) {
                // A type's scale rebuilds its own settings; the SDK's settings stay as they were.
                kept.put(sdkKey, r.config().get(sdkKey));
            }
        }
        c.state(c.state().withDefinition(next).withRecord(r.withConfig(kept, pods)));
    }

    /** Kills every live pod and destroys every volume the master may hold. */
    /** {@code graceMillis}: each running pod's time between SIGTERM and SIGKILL; null for the default. */
    void delete(Change c, Long graceMillis) {
        c.record(c.record().markedDeleting());
        c.state(c.state().withOperations(List.of()));
        for (PodRecord pod : c.record().pods()) {
            if (pod.taskMayRun() || pod.state() == PodState.STOPPING) {
                stop(c, pod, StopIntent.DELETE, "stopping: the service is being deleted", graceMillis);
            } else {
                c.move(pod.with(PodState.DELETED, "deleted"), "service deleted");
            }
            if (pod.mayHoldVolume()) {
                c.emit(new ServiceAction.DestroyVolume(pod.volumeId()));
            }
        }
    }

    private static void add(Change c, Plan plan) {
        List<Plan> ops = new ArrayList<>(c.state().operations());
        ops.add(plan);
        c.state(c.state().withOperations(ops));
    }

    /** Starts the operation steps their strategies and gates allow, and forgets finished operations. */
    void advance(Change c) {
        List<Plan> ops = new ArrayList<>();
        for (Plan plan : c.state().operations()) {
            Plan next = plan;
            for (Step step : plan.candidates(c.state()::pod)) {
                if (!step.started() && mayStart(c.record(), step)) {
                    start(c, step);
                    next = next.withStarted(step);
                }
            }
            ops.add(next);
        }
        c.state(c.state().withOperations(ops.stream().filter(p -> !p.complete(c.state()::pod)).toList()));
    }

    /** A rolling restart takes one pod down only while every pod is ready; a replace goes at once. */
    private static boolean mayStart(ServiceRecord r, Step step) {
        return step.kind() != Step.Kind.RESTART || r.allIn(PodState.READY);
    }

    private void start(Change c, Step step) {
        PodRecord pod = c.state().pod(step.podId());
        if (step.kind() == Step.Kind.RESTART) {
            stop(c, pod, StopIntent.RESTART, "stopping for a rolling restart");
        } else if (pod.taskMayRun()) {
            stop(c, pod, StopIntent.REPLACE, "stopping to move to another agent");
        } else {
            replaceNow(c, pod, "replacing: waiting for another agent");
        }
    }

    /** Once a replaced pod's task is gone: a fresh volume, and any agent but its old one. */
    void replaceNow(Change c, PodRecord pod, String why) {
        if (pod.mayHoldVolume()) {
            c.emit(new ServiceAction.DestroyVolume(pod.volumeId()));
        }
        String from = pod.placement() == null ? "" : " off agent " + pod.placement().agentId() + " ("
                + pod.placement().host() + ")";
        c.move(pod.withRestart(c.now(), "replaced: moved" + from + " with a fresh volume")
                .replaced(volumeId(c.record().frameworkId(), pod.id()), why), "replace");
    }

    private static void stop(Change c, PodRecord pod, StopIntent intent, String why) {
        stop(c, pod, intent, why, null);
    }

    private static void stop(Change c, PodRecord pod, StopIntent intent, String why, Long graceMillis) {
        if (c.move(pod.stopping(intent, why), intent.json() + " requested")) {
            c.emit(new ServiceAction.Kill(TaskId.of(pod.taskId()), graceMillis));
        }
    }

    String volumeId(String frameworkId, String podId) {
        return frameworkId + "-" + podId + "-" + ids.next();
    }
}
