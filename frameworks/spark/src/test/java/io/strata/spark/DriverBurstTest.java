package io.strata.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.resources.CpuBurst;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.spark.DriverQueue.Decisions;
import io.strata.spark.SparkProtocol.CheckpointVolume;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import io.strata.spark.plugin.StartBurst;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.strata.spark.DriverQueueTest.SETTINGS;
import static io.strata.spark.DriverQueueTest.SUPERVISION;
import static io.strata.spark.DriverQueueTest.T0;
import static io.strata.spark.DriverQueueTest.offer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster-mode driver starts with a cpu burst: a whole cpu for 90 s by default when it has less,
 * spark.strata.driver.burstCpus / burstSeconds to change it, 0 (or the driver's own cpus) for none.
 * The allocator still sees only the driver's cpus.
 */
class DriverBurstTest {

    private static final String CPUS = StartBurst.DRIVER.cpusKey();
    private static final String SECONDS = StartBurst.DRIVER.secondsKey();

    private static SubmissionRequest driver(double cpus, Map<String, String> conf, CheckpointVolume volume) {
        return new SubmissionRequest("agg", "com.example.Job", "abc", "http://127.0.0.1:1/api/v1/artifacts/abc",
                List.of(), cpus, 1024, conf, "http://127.0.0.1:1", volume);
    }

    /** The driver task the dispatcher launches for {@code r} on a 4-cpu offer. */
    private static TaskSpec launched(SubmissionRequest r) {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", r, T0));
        Decisions d = q.offers(List.of(offer("o1", "a1", 4, 8192, 4096)), T0);
        return d.launches.get(OfferId.of("o1")).get(0);
    }

    @Test
    void aHalfCpuDriverIsLaunchedWithAWholeCpuForNinetySecondsByDefault() {
        TaskSpec task = launched(driver(0.5, Map.of(), null));
        assertThat(task.cpuBurst()).isEqualTo(new CpuBurst(1000, 90));
        assertThat(task.resources().milliCpus()).as("the allocator counts the driver's own cpus").isEqualTo(500);
    }

    @Test
    void theLaunchCarriesTheBurstFromTheSparkSettingsAlsoForASupervisedDriver() {
        Map<String, String> conf = Map.of(CPUS, "2", SECONDS, "30");
        assertThat(launched(driver(0.5, conf, null)).cpuBurst()).isEqualTo(new CpuBurst(2000, 30));
        assertThat(launched(driver(1, conf, new CheckpointVolume("iot-agg", 512))).cpuBurst())
                .isEqualTo(new CpuBurst(2000, 30));
    }

    @Test
    void zeroABurstAtOrBelowTheDriversCpusAndTheDefaultForAWholeCpuDriverGiveNoBurst() {
        assertThat(launched(driver(0.5, Map.of(CPUS, "0"), null)).cpuBurst()).isNull();
        assertThat(launched(driver(0.5, Map.of(CPUS, "0.5"), null)).cpuBurst()).isNull();
        assertThat(launched(driver(1, Map.of(), null)).cpuBurst()).isNull();
        assertThat(launched(driver(2, Map.of(CPUS, "1.5"), null)).cpuBurst()).isNull();
        assertThat(launched(driver(1, Map.of(), null)).resources().milliCpus()).isEqualTo(Resources.milliCpus(1));
    }

    @Test
    void aSubmissionWithABadBurstSettingIsRefusedNamingTheSetting() {
        ObjectNode body = SparkJson.MAPPER.createObjectNode().put("mainClass", "com.example.Job").put("driverCpus", 0.5);
        body.putObject("conf").put(CPUS, "lots");
        assertThatThrownBy(() -> SparkJson.submission(body, "http://j", "http://a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spark.strata.driver.burstCpus='lots' must be a number of cpus from 0 to 4 (0 turns the burst "
                        + "off), e.g. 1.0");
        body.putObject("conf").put(CPUS, "64");
        assertThatThrownBy(() -> SparkJson.submission(body, "http://j", "http://a"))
                .as("a burst is cpu the group's quota does not count: bounded")
                .hasMessageStartingWith("spark.strata.driver.burstCpus='64' must be a number of cpus from 0 to 4");
        body.putObject("conf").put(SECONDS, "-5");
        assertThatThrownBy(() -> SparkJson.submission(body, "http://j", "http://a"))
                .hasMessage("spark.strata.driver.burstSeconds='-5' must be a whole number of seconds from 1 to 600, e.g. 90");
        body.putObject("conf").put(SECONDS, "86400");
        assertThatThrownBy(() -> SparkJson.submission(body, "http://j", "http://a"))
                .hasMessageStartingWith("spark.strata.driver.burstSeconds='86400' must be a whole number of seconds from 1 to 600");
    }
}
