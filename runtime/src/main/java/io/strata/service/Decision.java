package io.strata.service;

import java.util.List;

/**
 * The planner's answer to one input: the state after it, what to do, and for an operator's
 * request why it was refused ("" when it was accepted).
 */
record Decision(PlannerState state, List<ServiceAction> actions, String refusal) {

    Decision {
        actions = List.copyOf(actions);
    }

    boolean accepted() {
        return refusal.isEmpty();
    }
}
