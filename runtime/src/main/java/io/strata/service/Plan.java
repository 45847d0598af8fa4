package io.strata.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plan → phases → steps, as in dcos-commons: the plan's strategy picks the phases that may act,
 * each phase's strategy picks its steps. Deploy (which also recovers), rolling restart and replace
 * are all plans; scaling adds steps to the deploy plan.
 *
 * @param allAtOnce place every candidate before launching any (a parallel deploy whose pods need
 *                  each other's addresses, e.g. a quorum's voters)
 */
record Plan(String name, Strategy strategy, List<Phase> phases, boolean allAtOnce) {

    Plan {
        phases = List.copyOf(phases);
    }

    /** One phase per pod type, in the order of {@code pods}; phases and steps share the strategy. */
    static Plan of(String name, Strategy strategy, List<PodRecord> pods, Step.Kind kind, boolean allAtOnce) {
        Map<String, List<Step>> byType = new LinkedHashMap<>();
        for (PodRecord p : pods) {
            byType.computeIfAbsent(p.type(), t -> new ArrayList<>()).add(Step.of(p.id(), kind));
        }
        List<Phase> phases = new ArrayList<>();
        byType.forEach((type, steps) -> phases.add(new Phase(type, strategy, steps)));
        return new Plan(name, strategy, phases, allAtOnce);
    }

    /** The steps that may act now, in order. */
    List<Step> candidates(Function<String, PodRecord> pods) {
        List<Step> out = new ArrayList<>();
        for (Phase phase : strategy.candidates(phases, p -> p.complete(pods))) {
            out.addAll(phase.candidates(pods));
        }
        return out;
    }

    boolean complete(Function<String, PodRecord> pods) {
        return phases.stream().allMatch(p -> p.complete(pods));
    }

    /** How many steps are not complete yet. */
    long remaining(Function<String, PodRecord> pods) {
        return phases.stream().flatMap(p -> p.steps().stream()).filter(s -> !Phase.done(s, pods)).count();
    }

    Plan withStarted(Step step) {
        return new Plan(name, strategy, phases.stream().map(p -> p.withStarted(step)).toList(), allAtOnce);
    }
}
