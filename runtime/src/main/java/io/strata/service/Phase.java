package io.strata.service;

import java.util.List;
import java.util.function.Function;

/** A group of steps (the pods of one type) run by a strategy. */
record Phase(String name, Strategy strategy, List<Step> steps) {

    Phase {
        steps = List.copyOf(steps);
    }

    boolean complete(Function<String, PodRecord> pods) {
        return steps.stream().allMatch(s -> done(s, pods));
    }

    List<Step> candidates(Function<String, PodRecord> pods) {
        return strategy.candidates(steps, s -> done(s, pods));
    }

    Phase withStarted(Step step) {
        return new Phase(name, strategy, steps.stream().map(s -> s.equals(step) ? s.start() : s).toList());
    }

    static boolean done(Step step, Function<String, PodRecord> pods) {
        return step.status(pods.apply(step.podId())) == Step.Status.COMPLETE;
    }
}
