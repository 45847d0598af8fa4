package io.strata.pipelines.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.pipelines.spec.SpecFixtures.parse;
import static io.strata.pipelines.spec.SpecFixtures.problem;
import static org.assertj.core.api.Assertions.assertThat;

class GroupKeyTest {

    @TempDir
    Path dir;

    @Test
    void theTopLevelGroupKeyNamesTheGroupEverythingOfThePipelineBelongsTo() throws Exception {
        assertThat(parse("name: plant\ngroup: iot\nservices: {kafka: }\n", dir).group()).isEqualTo("iot");
        assertThat(parse("name: plant\nservices: {kafka: }\n", dir).group()).isNull();
    }

    @Test
    void aGroupThatCannotBeAGroupNameIsAProblemOnItsLine() {
        assertThat(problem("name: plant\ngroup: Plant Floor\nservices: {kafka: }\n", dir).toString())
                .startsWith("pipeline.yaml:2:").contains("group: 'Plant Floor' is not a valid group name");
    }
}
