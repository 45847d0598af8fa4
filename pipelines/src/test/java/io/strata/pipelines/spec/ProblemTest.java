package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void printsFileLineColumnFieldAndMessage() {
        assertThat(new Problem("pipeline.yaml", 12, 5, "jobs.aggregates.executors",
                "'0:3' is not valid; use N or MIN:MAX with 1 <= MIN <= MAX, e.g. 1:4").toString())
                .isEqualTo("pipeline.yaml:12:5: jobs.aggregates.executors: '0:3' is not valid; use N or MIN:MAX with"
                        + " 1 <= MIN <= MAX, e.g. 1:4");
    }

    @Test
    void leavesOutAMissingPositionOrField() {
        assertThat(new Problem("p.yaml", 0, 0, "", "the file is empty").toString()).isEqualTo("p.yaml: the file is empty");
        assertThat(new Problem("p.yaml", 3, 1, "", "not valid YAML").toString()).isEqualTo("p.yaml:3:1: not valid YAML");
    }

    @Test
    void exceptionMessageHasOneProblemPerLine() {
        PipelineFileException e = new PipelineFileException(List.of(new Problem("p.yaml", 1, 1, "name", "a"),
                new Problem("p.yaml", 2, 3, "", "b")));

        assertThat(e.getMessage()).isEqualTo("p.yaml:1:1: name: a\np.yaml:2:3: b");
        assertThat(e.problems()).hasSize(2);
    }
}
