package io.strata.bench.sharing;

import io.strata.resources.Resources;

/**
 * One job of a trace: {@code durationsMs.length} tasks of the same size, all runnable from its
 * arrival, so a job is elastic: it runs as many tasks at once as it is given room for.
 *
 * @param framework index into {@link SharingTrace#FRAMEWORKS}
 */
record TraceJob(int framework, int number, long arrivalMs, Resources task, long[] durationsMs) {

    int tasks() {
        return durationsMs.length;
    }
}
