package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file that cannot be used, with every problem found in it (in file order). */
public final class PipelineFileException extends Exception {

    private final transient List<Problem> problems;

    PipelineFileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
