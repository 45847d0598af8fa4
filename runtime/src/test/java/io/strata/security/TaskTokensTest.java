package io.strata.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.TaskId;
import org.junit.jupiter.api.Test;

class TaskTokensTest {

    private final TaskTokens tokens = new TaskTokens(null, "app.");

    @Test
    void aTokenIsNamedAfterItsTaskAndALongTaskIdStillGivesAValidDistinctName() {
        assertThat(tokens.name(TaskId.of("app:web:1234abcd.0"))).isEqualTo("app.app:web:1234abcd.0");
        String app = "a".repeat(63);
        String first = tokens.name(TaskId.of("app:" + app + ":1234abcd.0"));
        String second = tokens.name(TaskId.of("app:" + app + ":1234abcd.1"));
        assertThat(first).hasSize(63).startsWith("app.app:aaa").isNotEqualTo(second);
        TokenBook.checkName(first);
        assertThat(tokens.name(TaskId.of("app:" + app + ":1234abcd.0"))).isEqualTo(first);
    }
}
