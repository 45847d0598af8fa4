package io.strata.service;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which unfinished elements of a plan (its phases) or of a phase (its steps) may act now: the
 * one strategy abstraction behind deploy, recovery, rolling restart and replace, as in
 * dcos-commons.
 */
enum Strategy {
    /** Only the first unfinished element: the next one starts once the one before is complete. */
    SERIAL,
    /** Every unfinished element at once. */
    PARALLEL;

    <E> List<E> candidates(List<E> elements, Predicate<E> complete) {
        List<E> open = elements.stream().filter(complete.negate()).toList();
        return this == SERIAL && !open.isEmpty() ? open.subList(0, 1) : open;
    }

    static Strategy of(ServiceDefinition.DeployStrategy deploy) {
        return deploy == ServiceDefinition.DeployStrategy.SERIAL ? SERIAL : PARALLEL;
    }
}
