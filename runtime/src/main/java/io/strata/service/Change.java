package io.strata.service;

import java.util.ArrayList;
import java.util.List;

/**
 * One decision in the making: the state as the planner changes it and the actions so far. It lives
 * for one call of {@link ServicePlanner#decide} and never escapes it.
 */
final class Change {

    private final PlannerState before;
    private final long now;
    private final List<ServiceAction> actions = new ArrayList<>();
    private PlannerState state;
    private String refusal = "";

    Change(PlannerState state, long now) {
        this.before = state;
        this.state = state;
        this.now = now;
    }

    PlannerState state() {
        return state;
    }

    void state(PlannerState next) {
        state = next;
    }

    long now() {
        return now;
    }

    ServiceRecord record() {
        return state.record();
    }

    void record(ServiceRecord next) {
        state = state.withRecord(next);
    }

    void emit(ServiceAction action) {
        actions.add(action);
    }

    void log(String line) {
        actions.add(new ServiceAction.Log(false, line));
    }

    void warn(String line) {
        actions.add(new ServiceAction.Log(true, line));
    }

    /** Refuses the operator's request, saying why. */
    void refuse(String reason) {
        refusal = reason;
    }

    boolean accepted() {
        return refusal.isEmpty();
    }

    /**
     * Moves a pod to the state of {@code to} if {@link PodState}'s table allows it from the pod's
     * current state; otherwise leaves the pod as it is, counts the refusal and logs it.
     */
    boolean move(PodRecord to, String cause) {
        PodRecord from = state.pod(to.id());
        if (!from.state().canTransitionTo(to.state())) {
            state = state.withRefusedTransition();
            log("pod transition refused service=" + record().frameworkId() + " pod=" + from.id() + " from="
                    + from.state() + " to=" + to.state() + " cause=\"" + cause + "\"");
            return false;
        }
        amend(to);
        return true;
    }

    /** Changes a pod's fields without moving it to another state. */
    void amend(PodRecord pod) {
        record(record().withPod(pod));
    }

    /** The decision: a changed record is saved first, before anything it caused goes out. */
    Decision decision() {
        ServiceRecord r = state.record();
        if (!r.equals(before.record())) {
            actions.add(0, new ServiceAction.Save(r));
        }
        return new Decision(state, actions, refusal);
    }
}
