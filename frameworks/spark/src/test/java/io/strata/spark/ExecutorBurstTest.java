package io.strata.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.resources.CpuBurst;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.spark.SparkProtocol.AppSpec;
import org.junit.jupiter.api.Test;

import static io.strata.spark.DriverQueueTest.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Executors start with the burst their driver's plug-in read from spark.strata.executor.burst*
 * and sent with the application ({@code executorBurstMilliCpus}, {@code executorBurstSeconds});
 * an application from a plug-in that sends none gets none, values out of bounds are the client's error.
 */
class ExecutorBurstTest {

    private static ObjectNode app(double executorCpus) {
        return SparkJson.MAPPER.createObjectNode().put("name", "agg")
                .put("driverUrl", "spark://CoarseGrainedScheduler@127.0.0.1:41000").put("executorCores", 1)
                .put("executorCpus", executorCpus).put("executorHeapMb", 1024).put("target", 1);
    }

    /** As the route takes it: its schema, then the parser. */
    private static AppSpec parse(JsonNode body) {
        return SparkJson.appSpec(SparkRoutes.APP.parse(body.toString()));
    }

    private static TaskSpec executor(JsonNode body) {
        AppSpec spec = parse(body);
        return SparkTasks.executor(SETTINGS, "spark-1", TaskId.of("spark-1-e1"), "1", spec, "127.0.0.2");
    }

    @Test
    void anExecutorIsLaunchedWithTheBurstTheApplicationSentAndCountedAtItsOwnCpus() {
        TaskSpec task = executor(app(0.5).put("executorBurstMilliCpus", 1500).put("executorBurstSeconds", 60));
        assertThat(task.cpuBurst()).isEqualTo(new CpuBurst(1500, 60));
        assertThat(task.resources().milliCpus()).as("the allocator counts the executor's own cpus").isEqualTo(500);
        assertThat(parse(app(0.5).put("executorBurstMilliCpus", 1500).put("executorBurstSeconds", 60))
                .withGroup("science").executorBurst()).as("kept with the group").isEqualTo(new CpuBurst(1500, 60));
    }

    @Test
    void anApplicationWithoutTheFieldsOrWithZeroOrNoMoreThanItsOwnCpusHasNoBurst() {
        assertThat(executor(app(1)).cpuBurst()).as("a plug-in from before bursts").isNull();
        assertThat(executor(app(1).put("executorBurstMilliCpus", 0).put("executorBurstSeconds", 0)).cpuBurst()).isNull();
        assertThat(executor(app(1).put("executorBurstMilliCpus", 1000).put("executorBurstSeconds", 60)).cpuBurst())
                .isNull();
        assertThat(executor(app(1).putNull("executorBurstMilliCpus")).cpuBurst()).isNull();
    }

    @Test
    void aBurstOutOfBoundsFromTheWireIsRefusedNamingTheFieldAndWhatIsValid() {
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", 64000).put("executorBurstSeconds", 60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'executorBurstMilliCpus' must be a whole number of 0 or more and at most 4000, got");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", -1)))
                .hasMessageStartingWith("'executorBurstMilliCpus' must be a whole number of 0 or more and at most 4000");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", "lots")))
                .hasMessageStartingWith("'executorBurstMilliCpus' must be a whole number");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", 1500.5)))
                .hasMessageStartingWith("'executorBurstMilliCpus' must be a whole number");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", 2000).put("executorBurstSeconds", 86400)))
                .hasMessageStartingWith("'executorBurstSeconds' must be a whole number of 0 or more and at most 600, got");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", 2000)))
                .hasMessage("'executorBurstSeconds' must be a whole number of seconds from 1 to 600 with "
                        + "'executorBurstMilliCpus' 2000, got none");
        assertThatThrownBy(() -> parse(app(1).put("executorBurstMilliCpus", 2000).put("executorBurstSeconds", 0)))
                .hasMessage("'executorBurstSeconds' must be a whole number of seconds from 1 to 600 with "
                        + "'executorBurstMilliCpus' 2000, got 0");
    }

    @Test
    void aClusterModeSubmissionWithABadExecutorBurstSettingIsRefusedAtSubmit() {
        ObjectNode body = SparkJson.MAPPER.createObjectNode().put("mainClass", "com.example.Job");
        body.putObject("conf").put("spark.strata.executor.burstCpus", "8");
        assertThatThrownBy(() -> SparkJson.submission(body, "http://j", "http://a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spark.strata.executor.burstCpus='8' must be a number of cpus from 0 to 4");
        body.putObject("conf").put("spark.strata.executor.burstCpus", "2").put("spark.strata.executor.burstSeconds", "45");
        assertThat(SparkJson.submission(body, "http://j", "http://a").conf())
                .containsEntry("spark.strata.executor.burstSeconds", "45");
    }
}
