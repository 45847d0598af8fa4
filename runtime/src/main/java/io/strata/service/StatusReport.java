package io.strata.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service's status as operators see it, read from the planner's state. Pure. */
final class StatusReport {

    private StatusReport() {
    }

    static ServiceState state(PlannerState s) {
        ServiceRecord r = s.record();
        if (r.deleting()) {
            return ServiceState.DELETING;
        }
        if (r.allIn(PodState.READY)) {
            return ServiceState.RUNNING;
        }
        if (s.rollingRestart().isPresent()) {
            return ServiceState.RESTARTING;
        }
        return r.deployedOnce() ? ServiceState.DEGRADED : ServiceState.DEPLOYING;
    }

    /** The first pod that is not ready, with its reason; "" when all are. */
    static String reason(ServiceRecord r) {
        return r.pods().stream().filter(p -> p.state() != PodState.READY).map(p -> p.id() + ": " + p.reason())
                .findFirst().orElse("");
    }

    static String operation(PlannerState s) {
        return s.rollingRestart().map(p -> "rolling restart: " + p.remaining(s::pod) + " pod(s) to go").orElse("");
    }

    /**
     * What a waiting pod asks of an agent, as the offer matcher sees it: its template's resources,
     * its volume's disk while the volume is still to be created, its ports; pinned to its agent
     * while its volume lives there. Null for a pod that is not waiting for an offer.
     */
    static Demand demand(PlannerState s, PodRecord p) {
        if (p.state() != PodState.WAITING && p.state() != PodState.RESTARTING) {
            return null;
        }
        PodTemplate t = s.template(p);
        boolean sticky = p.placement() != null && p.volumeCreated();
        return Demand.of(t.demand(!p.volumeCreated()), t.portNames().size(), ServiceGroup.of(s.record().config()),
                sticky ? p.placement().agentId().value() : null, t.requiredAttributes());
    }

    static ServiceProtocol.ServiceStatus of(PlannerState s) {
        ServiceRecord r = s.record();
        List<ServiceProtocol.PodStatus> pods = new ArrayList<>();
        for (PodRecord p : s.orderedPods()) {
            Placement pl = p.placement();
            pods.add(new ServiceProtocol.PodStatus(p.id(), p.type(), p.index(), p.state().name(),
                    p.state() == PodState.READY, pl == null ? null : pl.agentId().value(),
                    pl == null ? null : pl.host(), pl == null ? Map.of() : pl.ports(), p.taskId(), p.restarts(),
                    p.reason(), p.volumeId(), p.restartHistory(), demand(s, p)));
        }
        Map<String, String> endpoints = r.pods().stream().allMatch(p -> p.placement() != null)
                ? s.definition().endpoints(s.view()) : Map.of();
        return new ServiceProtocol.ServiceStatus(r.type(), r.name(), r.frameworkId(), state(s).name(), reason(r),
                operation(s), r.config(), endpoints, pods);
    }
}
