package io.strata.service;

import io.strata.resources.Offer;
import io.strata.resources.OfferId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the service planner decides from: the saved record and, in memory only, the offers
 * it holds, whether offers are suppressed, the readiness checks under way and the operations
 * (rolling restart, replaces) in progress. Immutable; the planner returns a new one per input.
 *
 * @param holdingSince when the oldest held offer came in; -1 while none is held
 * @param lastCheck    when each pod's last readiness check started
 * @param refusedTransitions pod state moves refused by {@link PodState}'s table so far
 * @param volumesAskedAt when the planner last asked which volumes the master holds for the service
 */
record PlannerState(ServiceRecord record, ServiceDefinition definition, Map<OfferId, Offer> held, long holdingSince,
                    boolean suppressed, Set<String> checking, Map<String, Long> lastCheck, List<Plan> operations,
                    int refusedTransitions, long volumesAskedAt) {

    static final String ROLLING_RESTART = "restart";

    PlannerState {
        held = Collections.unmodifiableMap(new LinkedHashMap<>(held));
        checking = Set.copyOf(checking);
        lastCheck = Map.copyOf(lastCheck);
        operations = List.copyOf(operations);
    }

    static PlannerState start(ServiceRecord record, ServiceDefinition definition) {
        return new PlannerState(record, definition, Map.of(), -1, false, Set.of(), Map.of(), List.of(), 0, 0);
    }

    // ------------------------------------------------------------------ queries

    PodRecord pod(String podId) {
        return record.pod(podId);
    }

    /** Pods in deploy order: by the definition's pod types, then by index. */
    List<PodRecord> orderedPods() {
        List<String> typeOrder = definition.pods().stream().map(PodTemplate::type).toList();
        List<PodRecord> pods = new ArrayList<>(record.pods());
        pods.sort((a, b) -> a.type().equals(b.type()) ? Integer.compare(a.index(), b.index())
                : Integer.compare(typeOrder.indexOf(a.type()), typeOrder.indexOf(b.type())));
        return pods;
    }

    PodTemplate template(PodRecord pod) {
        return definition.pods().stream().filter(t -> t.type().equals(pod.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pod type " + pod.type()));
    }

    /** The service as definitions see it: every placed pod, in deploy order. */
    ServiceView view() {
        List<PodView> pods = orderedPods().stream().filter(p -> p.placement() != null).map(PodRecord::view).toList();
        return new ServiceView(record.name(), record.config(), pods);
    }

    /**
     * Every pod ready: run by the definition's strategy, placing every pod before any launches
     * when the definition deploys in parallel and the service has never been fully up.
     */
    Plan deployPlan() {
        ServiceDefinition.DeployStrategy s = definition.strategy();
        return Plan.of("deploy", Strategy.of(s), orderedPods(), Step.Kind.DEPLOY,
                s == ServiceDefinition.DeployStrategy.PARALLEL && !record.deployedOnce());
    }

    Optional<Plan> rollingRestart() {
        return operations.stream().filter(p -> p.name().equals(ROLLING_RESTART)).findFirst();
    }

    // ------------------------------------------------------------------ changes

    PlannerState withRecord(ServiceRecord r) {
        return new PlannerState(r, definition, held, holdingSince, suppressed, checking, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState withDefinition(ServiceDefinition d) {
        return new PlannerState(record, d, held, holdingSince, suppressed, checking, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState holding(List<Offer> offers, long now) {
        Map<OfferId, Offer> next = new LinkedHashMap<>(held);
        offers.forEach(o -> next.put(o.id(), o));
        return new PlannerState(record, definition, next, holdingSince < 0 ? now : holdingSince, suppressed, checking,
                lastCheck, operations, refusedTransitions, volumesAskedAt);
    }

    PlannerState without(OfferId offerId) {
        Map<OfferId, Offer> next = new LinkedHashMap<>(held);
        next.remove(offerId);
        return new PlannerState(record, definition, next, holdingSince, suppressed, checking, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState withoutOffers() {
        return new PlannerState(record, definition, Map.of(), -1, suppressed, checking, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState withSuppressed(boolean s) {
        return new PlannerState(record, definition, held, holdingSince, s, checking, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState checkStarted(String podId, long now) {
        Set<String> c = new HashSet<>(checking);
        c.add(podId);
        Map<String, Long> last = new HashMap<>(lastCheck);
        last.put(podId, now);
        return new PlannerState(record, definition, held, holdingSince, suppressed, c, last, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState checkDone(String podId) {
        Set<String> c = new HashSet<>(checking);
        c.remove(podId);
        return new PlannerState(record, definition, held, holdingSince, suppressed, c, lastCheck, operations,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState withOperations(List<Plan> ops) {
        return new PlannerState(record, definition, held, holdingSince, suppressed, checking, lastCheck, ops,
                refusedTransitions, volumesAskedAt);
    }

    PlannerState volumesAsked(long now) {
        return new PlannerState(record, definition, held, holdingSince, suppressed, checking, lastCheck, operations,
                refusedTransitions, now);
    }

    PlannerState withRefusedTransition() {
        return new PlannerState(record, definition, held, holdingSince, suppressed, checking, lastCheck, operations,
                refusedTransitions + 1, volumesAskedAt);
    }
}
