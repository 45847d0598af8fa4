package io.strata.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.service.Demand;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.strata.spark.DriverQueueTest.SETTINGS;
import static io.strata.spark.DriverQueueTest.SUPERVISION;
import static io.strata.spark.DriverQueueTest.T0;
import static io.strata.spark.DriverQueueTest.status;
import static org.assertj.core.api.Assertions.assertThat;

/** What the dashboard shows of drivers: what a queued one asks for, and the Spark UI on an offered port. */
class DriverDashboardTest {

    static SubmissionRequest batch(Map<String, String> conf) {
        return new SubmissionRequest("report", "com.example.Job", "abc", "http://127.0.0.1:1/api/v1/artifacts/abc",
                List.of(), 1, 1024, conf, "http://127.0.0.1:1", null);
    }

    static Offer offerWithPorts(String id, String agent, String host, String ports) {
        return new Offer(OfferId.of(id), FrameworkId.of(SparkDispatcher.FRAMEWORK), AgentId.of(agent), host,
                Resources.of(4, 8192, 4096, PortRanges.parse(ports)), Map.of());
    }

    @Test
    void aQueuedDriverSaysWhatItAsksForAndARunningOneWhereItsSparkUiIs() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", batch(Map.of()).withGroup("science"), T0));
        assertThat(q.get("driver-1").view().demand())
                .isEqualTo(new Demand(1.0, 1408, 0, 1, "science", null, Map.of()));
        assertThat(q.get("driver-1").view().uiUrl()).isNull();

        var d = q.offers(List.of(offerWithPorts("o1", "a1", "10.0.0.1", "31000-31009")), T0);
        TaskSpec task = d.launches.get(OfferId.of("o1")).get(0);
        assertThat(task.resources().ports()).isEqualTo(PortRanges.ports(31000));
        assertThat(String.join(" ", task.args())).contains("-Dspark.ui.port=31000");
        assertThat(q.get("driver-1").view().demand()).as("launched: no longer waiting").isNull();
        assertThat(q.get("driver-1").view().uiUrl()).as("not running yet").isNull();

        q.status(status("driver-1", "a1", TaskState.RUNNING, ""), T0);
        assertThat(q.get("driver-1").view().uiUrl()).isEqualTo("http://10.0.0.1:31000");
        JsonNode json = SparkJson.MAPPER.valueToTree(q.get("driver-1").view());
        assertThat(json.path("ui_url").asText()).isEqualTo("http://10.0.0.1:31000");
        assertThat(json.has("demand")).isTrue();
    }

    @Test
    void twoDriversOnOneOfferGetDifferentUiPorts() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", batch(Map.of()), T0));
        q.admit(q.newSubmission("driver-2", batch(Map.of()), T0));
        var d = q.offers(List.of(offerWithPorts("o1", "a1", "10.0.0.1", "31000-31009")), T0);
        assertThat(d.launches.get(OfferId.of("o1"))).extracting(t -> t.resources().ports())
                .containsExactly(PortRanges.ports(31000), PortRanges.ports(31001));
    }

    @Test
    void aDriverWithItsUiTurnedOffTakesNoPortAndShowsNoUi() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", batch(Map.of("spark.ui.enabled", "false")), T0));
        assertThat(q.get("driver-1").view().demand().ports()).isZero();
        var d = q.offers(List.of(offerWithPorts("o1", "a1", "10.0.0.1", "31000-31009")), T0);
        assertThat(d.launches.get(OfferId.of("o1")).get(0).resources().ports().isEmpty()).isTrue();
        q.status(status("driver-1", "a1", TaskState.RUNNING, ""), T0);
        assertThat(q.get("driver-1").view().uiUrl()).isNull();
    }

    @Test
    void aRestartingSupervisedDriverIsPinnedToItsVolumesAgent() {
        DriverQueue q = DriverQueueTest.runningOnA1(T0);
        q.status(status("driver-1", "a1", TaskState.FAILED, "exit code 137"), T0 + 60_000);
        Demand demand = q.get("driver-1").view().demand();
        assertThat(demand.agent()).isEqualTo("a1");
        assertThat(demand.diskMb()).as("its volume exists").isZero();
    }

    @Test
    void theExecutorHistoryKeepsOnePointPerTwoSecondsForAnHour() {
        ExecutorHistory h = new ExecutorHistory();
        assertThat(h.record(0, 0, 2)).isTrue();
        assertThat(h.record(1_000, 1, 2)).isFalse();
        for (long t = 2_000; t <= 3_602_000; t += 2_000) {
            h.record(t, 2, 2);
        }
        assertThat(h.points()).hasSize(1801);
        assertThat(h.points().get(0)).isEqualTo(new SparkProtocol.ExecutorCount(2_000, 2, 2));
        JsonNode app = SparkJson.MAPPER.valueToTree(new SparkProtocol.AppView("app-1", "agg", "driver-1", "RUNNING", "",
                2, List.of(), 0, "default").withWaiting(h.points().subList(0, 1), 1,
                Demand.of(Resources.of(1, 1408), 0, "default", null, Map.of())));
        assertThat(app.path("executors_history").toString()).isEqualTo("[{\"t\":2000,\"running\":2,\"target\":2}]");
        assertThat(app.path("pending_executors").asInt()).isEqualTo(1);
        assertThat(app.path("demand").toString()).isEqualTo("{\"cpus\":1.0,\"memMb\":1408,\"diskMb\":0,\"ports\":0,"
                + "\"group\":\"default\",\"agent\":null}");
    }
}
