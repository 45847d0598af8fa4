package io.strata.agent.process;

import io.strata.agent.process.ExitReason.ExitFacts;
import io.strata.resources.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ExitReasonTest {

    private static final String UNKNOWN = "process 42 is gone; exit code unknown";

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(exit(0, ""), "", TaskState.FINISHED, "exited with code 0"),
                Arguments.of(exit(0, "warning: noisy"), "", TaskState.FINISHED, "exited with code 0"),
                Arguments.of(exit(3, ""), "", TaskState.FAILED, "exited with code 3"),
                Arguments.of(exit(3, "oops"), "", TaskState.FAILED, "exited with code 3; stderr: oops"),
                Arguments.of(exit(128, ""), "", TaskState.FAILED, "exited with code 128"),
                Arguments.of(exit(137, ""), "", TaskState.FAILED, "killed by signal 9 (SIGKILL)"),
                Arguments.of(exit(143, "Terminated"), "", TaskState.FAILED,
                        "killed by signal 15 (SIGTERM); stderr: Terminated"),
                Arguments.of(exit(168, ""), "", TaskState.FAILED, "killed by signal 40"),
                Arguments.of(exit(255, ""), "", TaskState.FAILED, "exited with code 255"),
                Arguments.of(exit(4, ""), "ended while the agent was down", TaskState.FAILED,
                        "exited with code 4; ended while the agent was down"),
                Arguments.of(new ExitFacts(137, null, false, true, 64, "Killed"), "", TaskState.FAILED,
                        "out of memory: exceeded the 64 MB limit (killed by the kernel OOM killer)"),
                Arguments.of(new ExitFacts(0, null, false, true, 64, ""), "", TaskState.FINISHED,
                        "exited with code 0"),
                Arguments.of(new ExitFacts(143, Duration.ofSeconds(5), false, false, 0, ""), "", TaskState.KILLED,
                        "killed on request (SIGTERM)"),
                Arguments.of(new ExitFacts(137, Duration.ofSeconds(5), true, false, 0, ""), "", TaskState.KILLED,
                        "killed on request (SIGKILL after 5s grace)"),
                Arguments.of(new ExitFacts(null, Duration.ofMillis(1500), true, false, 0, ""), "", TaskState.KILLED,
                        "killed on request (SIGKILL after 1.5s grace)"),
                Arguments.of(new ExitFacts(137, Duration.ZERO, true, false, 0, ""), "", TaskState.KILLED,
                        "killed on request (SIGKILL)"),
                Arguments.of(new ExitFacts(null, null, false, false, 0, ""), "", TaskState.LOST, UNKNOWN));
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void decidesStateAndReason(ExitFacts facts, String note, TaskState state, String reason) {
        assertThat(ExitReason.decide(facts, UNKNOWN, note)).isEqualTo(new ExitReason(state, reason));
    }

    @Test
    void durationsReadNaturally() {
        assertThat(ExitReason.describe(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(ExitReason.describe(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(ExitReason.describe(Duration.ofMillis(2250))).isEqualTo("2.25s");
    }

    private static ExitFacts exit(int code, String stderr) {
        return new ExitFacts(code, null, false, false, 0, stderr);
    }
}
