package io.strata.apps;

import io.strata.spec.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** An app file that cannot be used: every problem found, each with its line, column and field. */
public final class AppFileException extends Exception {

    private final List<Problem> problems;

    public AppFileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
