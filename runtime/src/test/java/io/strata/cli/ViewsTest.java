package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.spi.Table;
import org.junit.jupiter.api.Test;

class ViewsTest {

    @Test
    void statusShowsMasterAgentsWithUsedOverTotalFrameworksAndTaskCountsByState() {
        String text = StatusView.render(SampleJson.parse(SampleJson.STATE));

        assertThat(text).isEqualTo("""
                Master  pekko://strata@127.0.0.1:40000, leader since 2025-01-01T00:00:00Z
                Offers  1 outstanding

                AGENTS
                ID                  HOST       CPUS   MEM (MB)  DISK (MB)  TASKS
                agent-1             127.0.0.1  0.5/2  128/4096  0/10240    2
                agent-2 (inactive)  127.0.0.2  2/2    512/4096  100/10240  8

                FRAMEWORKS
                ID    NAME          ROLE  TASKS
                fw-1  strata-tasks  *     3

                TASKS
                STATE    COUNT
                PENDING  1
                RUNNING  1
                FAILED   1
                total    3
                """);
    }

    @Test
    void statusOfAnEmptyClusterSaysNone() {
        String text = StatusView.render(SampleJson.parse(
                "{\"master\":{\"host\":\"h\"},\"agents\":[],\"frameworks\":[],\"tasks\":[],\"offers\":0}"));

        assertThat(text).contains("AGENTS\n(none)\n").contains("FRAMEWORKS\n(none)\n").endsWith("TASKS\n(none)\n");
    }

    @Test
    void taskStatesUnknownToTheCliAreCountedAfterTheKnownOnes() {
        String text = StatusView.tasksByState(SampleJson.parse(
                "[{\"state\":\"GONE_FISHING\"},{\"state\":\"LOST\"},{\"state\":\"STAGING\"}]"));

        assertThat(text.lines()).containsExactly("STATE         COUNT", "STAGING       1", "LOST          1",
                "GONE_FISHING  1", "total         3");
    }

    @Test
    void taskListShowsPidWhileRunningExitCodeOnceEndedAndTheReasonOnOneLine() {
        String text = TaskListView.render(SampleJson.parse(SampleJson.TASKS));

        assertThat(text).isEqualTo("""
                ID   NAME   FRAMEWORK     STATE    AGENT    PID   EXIT  REASON
                t-1  hello  strata-tasks  RUNNING  agent-1  4242  -     started
                t-2  fail   strata-tasks  FAILED   agent-1  -     3     exited with code 3 / last stderr: boom
                t-3  -      strata-tasks  PENDING  -        -     -     waiting for 4 cpus; largest free agent has 1.5
                """);
    }

    @Test
    void emptyTaskListSaysHowToRunOne() {
        assertThat(TaskListView.render(SampleJson.parse("[]"))).startsWith("No tasks. Run one with 'strata task run");
    }

    @Test
    void numbersAreShownWithoutNoise() {
        assertThat(Table.number(2.0)).isEqualTo("2");
        assertThat(Table.number(0.25)).isEqualTo("0.25");
        assertThat(Table.number(1.0 / 3)).isEqualTo("0.333");
        assertThat(Table.number(10240)).isEqualTo("10240");
        assertThat(Table.number(-1)).isEqualTo("-1");
    }
}
