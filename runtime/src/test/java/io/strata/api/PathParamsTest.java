package io.strata.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathParamsTest {

    @Test
    void ordinaryNamesPass() {
        for (String ok : new String[]{"iot-kafka", "strata-tasks-0001", "spark-1a2b3c4d", "readings.v2", "a_b", "..a", "a..b"}) {
            assertThat(PathParams.problem("name", ok)).as(ok).isEmpty();
        }
    }

    @Test
    void namesThatCouldLeaveTheirDirectoryAreRefusedNamingTheParameter() {
        assertThat(PathParams.problem("task id", "..")).contains("task id '..' is not a name (it would name a directory)");
        assertThat(PathParams.problem("task id", ".")).isPresent();
        assertThat(PathParams.problem("pipeline name", "../../etc/passwd"))
                .contains("pipeline name '../../etc/passwd' must not contain '/'");
        assertThat(PathParams.problem("artifact name", "/etc/passwd")).contains("artifact name '/etc/passwd' must not contain '/'");
        assertThat(PathParams.problem("volume name", "a\\b")).contains("volume name 'a\\b' must not contain '\\'");
        assertThat(PathParams.problem("topic", "a\u0000b"))
                .contains("topic 'a\\u0000b' must not contain control characters (such as NUL)");
        assertThat(PathParams.problem("topic", "a\nb")).isPresent();
        assertThat(PathParams.problem("topic", "")).contains("topic is empty");
    }

    @Test
    void overLongNamesAreRefusedShortened() {
        String longName = "a".repeat(PathParams.MAX_LENGTH + 1);
        assertThat(PathParams.problem("kafka service name", longName)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("kafka service name 'aaa").endsWith("...' is longer than 255 characters").hasSizeLessThan(140));
        assertThat(PathParams.problem("kafka service name", "a".repeat(PathParams.MAX_LENGTH))).isEmpty();
    }
}
