package io.strata.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.protocol.StrataJacksonModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskSpecUserTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new StrataJacksonModule());

    @Test
    void theUserTravelsOnTheWireAndAnOlderSpecWithoutOneMeansTheAgentsTaskUser() throws Exception {
        TaskSpec spec = TaskSpec.of(TaskId.of("t"), Resources.of(1, 64), "sleep", "5").withUser("analytics");

        TaskSpec read = JSON.readValue(JSON.writeValueAsString(spec), TaskSpec.class);
        assertThat(read).isEqualTo(spec);
        assertThat(read.withResources(Resources.of(2, 64)).user()).isEqualTo("analytics");

        String older = JSON.writeValueAsString(spec.withUser(null)).replace(",\"user\":null", "");
        assertThat(older).doesNotContain("user");
        assertThat(JSON.readValue(older, TaskSpec.class).user()).isNull();
    }

    @Test
    void rootAndMalformedNamesAreRefusedWithTheReason() {
        assertThat(TaskSpec.userProblem(null)).isNull();
        assertThat(TaskSpec.userProblem("strata-task")).isNull();
        assertThat(TaskSpec.userProblem("0")).startsWith("user 'root' is not allowed");
        assertThatThrownBy(() -> TaskSpec.of(TaskId.of("t"), Resources.EMPTY, "x").withUser("../etc"))
                .hasMessageStartingWith("task t: user '../etc' is not a valid Unix user name");
    }
}
