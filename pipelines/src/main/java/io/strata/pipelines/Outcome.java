package io.strata.pipelines;

/** How an {@link Action} went, as the planner needs to know it. */
sealed interface Outcome {

    Action action();

    /** {@code id}: the submission or task it created, or null. */
    record Done(Action action, String id) implements Outcome {
    }

    /** The cluster said no (HTTP 400): the pipeline cannot go on as written. */
    record Refused(Action action, String error) implements Outcome {
    }

    /** Another error: shown as the stage's reason and tried again next step. */
    record Failed(Action action, String error) implements Outcome {
    }

    /** No answer: tried again next step. */
    record Unanswered(Action action) implements Outcome {
    }
}
