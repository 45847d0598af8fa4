package io.strata.spark;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.spark.DriverQueue.Decisions;
import io.strata.spark.DriverQueue.Supervision;
import io.strata.spark.SparkProtocol.CheckpointVolume;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's decisions, with time as plain numbers: queueing, supervised restarts, volumes. */
class DriverQueueTest {

    static final SparkSettings SETTINGS = new SparkSettings(Path.of("/opt/spark"), "/opt/strata/plugin.jar",
            "/usr/bin/java", List.of(), Duration.ofSeconds(15), 6, 3);
    static final Supervision SUPERVISION = new Supervision(Duration.ofSeconds(2), Duration.ofSeconds(30),
            Duration.ofMinutes(5), 3, Duration.ofMinutes(2));
    static final long T0 = 1_000_000;

    static SubmissionRequest request(String name, CheckpointVolume volume) {
        return new SubmissionRequest(name, "com.example.Job", "abc", "http://127.0.0.1:1/api/v1/artifacts/abc",
                List.of("--checkpoint", SparkTasks.CHECKPOINT), 1, 1024, Map.of(), "http://127.0.0.1:1", volume);
    }

    static SubmissionRequest streaming() {
        return request("agg", new CheckpointVolume("iot-agg", 512));
    }

    /** A streaming submission that asks for one executor of 1 core and 1 GB, as pipelines do. */
    static SubmissionRequest streamingWithOneExecutor() {
        return new SubmissionRequest("agg", "com.example.Job", "abc", "http://127.0.0.1:1/api/v1/artifacts/abc",
                List.of(), 1, 1024, Map.of("spark.executor.instances", "1", "spark.executor.cores", "1",
                "spark.executor.memory", "1g"), "http://127.0.0.1:1", new CheckpointVolume("iot-agg", 512));
    }

    static Offer offer(String id, String agent, double cpus, long memMb, long diskMb) {
        return new Offer(OfferId.of(id), FrameworkId.of(SparkDispatcher.FRAMEWORK), AgentId.of(agent), "127.0.0.1",
                Resources.of(cpus, memMb, diskMb), Map.of());
    }

    static TaskStatus status(String taskId, String agent, TaskState state, String reason) {
        return new TaskStatus(TaskId.of(taskId), FrameworkId.of(SparkDispatcher.FRAMEWORK), AgentId.of(agent), state,
                reason, null, 42L, 0);
    }

    /** Submitted, launched on a1 and running: a streaming driver with its volume. */
    static DriverQueue runningOnA1(long now) {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", streaming(), now));
        q.offers(List.of(offer("o1", "a1", 4, 8192, 4096)), now);
        q.status(status("driver-1", "a1", TaskState.RUNNING, ""), now);
        return q;
    }

    @Test
    void aNewCheckpointVolumeGoesOnlyWhereTheDriversFirstExecutorsFitToo() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", streamingWithOneExecutor(), T0));

        // The driver (1 cpu) fits 1.5 cpus, but its executor (1 core) would then have no room beside it.
        Decisions tooSmall = q.offers(List.of(offer("o1", "a1", 1.5, 8192, 4096)), T0);
        Decisions fits = q.offers(List.of(offer("o2", "a2", 2, 8192, 4096)), T0);

        assertThat(tooSmall.declines).containsExactly(OfferId.of("o1"));
        assertThat(fits.launches.get(OfferId.of("o2"))).hasSize(1);
        assertThat(DriverQueue.firstExecutors(request("x", null))).as("no executors asked for").isEqualTo(Resources.of(0, 0));
    }

    @Test
    void theFirstExecutorsReserveTheCpusTheyAskForNotTheirTaskSlots() {
        SubmissionRequest slots = new SubmissionRequest("agg", "com.example.Job", "abc", "http://127.0.0.1:1/a",
                List.of(), 1, 1024, Map.of("spark.executor.instances", "1", "spark.executor.cores", "4",
                "spark.strata.executor.cpus", "1", "spark.executor.memory", "1g"), "http://127.0.0.1:1", null);
        assertThat(DriverQueue.firstExecutors(slots)).isEqualTo(Resources.of(1, 1024 + 384));
        SubmissionRequest cores = new SubmissionRequest("agg", "com.example.Job", "abc", "http://127.0.0.1:1/a",
                List.of(), 1, 1024, Map.of("spark.executor.instances", "2", "spark.executor.cores", "2"),
                "http://127.0.0.1:1", null);
        assertThat(DriverQueue.firstExecutors(cores)).isEqualTo(Resources.of(4, 2 * (1024 + 384)));
    }

    @Test
    void aStreamingDriverTakesItsVolumesDiskFromTheOfferAndFindsItsCheckpointThere() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", streaming(), T0));
        Decisions tooSmall = q.offers(List.of(offer("o1", "a1", 4, 8192, 100)), T0);
        assertThat(tooSmall.declines).containsExactly(OfferId.of("o1"));
        assertThat(q.get("driver-1").reason()).contains("512 MB disk");

        Decisions d = q.offers(List.of(offer("o2", "a2", 4, 8192, 4096)), T0);
        TaskSpec task = d.launches.get(OfferId.of("o2")).get(0);
        assertThat(task.volume().id()).isEqualTo("spark-iot-agg");
        assertThat(task.volume().sizeMb()).isEqualTo(512);
        String script = task.args().get(1);
        assertThat(script).contains("STRATA_CHECKPOINT=\"$STRATA_VOLUME/checkpoint\"")
                .contains("set -- '--checkpoint' \"${STRATA_CHECKPOINT}\"")
                .contains("\"-Dspark.sql.streaming.checkpointLocation=${STRATA_CHECKPOINT}\"");
        assertThat(d.volumesSaved.get("iot-agg").agentId()).isEqualTo("a2");
        assertThat(d.wantOffers).isFalse();
    }

    @Test
    void aDriverWithoutVolumeRunsAsBeforeAndIsNotRestarted() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        q.admit(q.newSubmission("driver-1", request("batch", null), T0));
        TaskSpec task = q.offers(List.of(offer("o1", "a1", 4, 8192, 0)), T0).launches.get(OfferId.of("o1")).get(0);
        assertThat(task.volume()).isNull();
        assertThat(task.taskId()).isEqualTo(TaskId.of("driver-1"));
        assertThat(task.args().get(1)).doesNotContain("STRATA_CHECKPOINT=").contains("\"$@\"");

        q.status(status("driver-1", "a1", TaskState.FAILED, "exit code 1"), T0 + 10);
        assertThat(q.get("driver-1").state()).isEqualTo("FAILED");
        assertThat(q.get("driver-1").reason()).isEqualTo("exit code 1");
    }

    @Test
    void aFailedStreamingDriverRestartsOnTheSameAgentWithItsVolumeAfterABackoff() {
        DriverQueue q = runningOnA1(T0);
        Decisions failed = q.status(status("driver-1", "a1", TaskState.FAILED, "exit code 137"), T0 + 60_000);
        DriverSubmission s = q.get("driver-1");
        assertThat(s.state()).isEqualTo("RESTARTING");
        assertThat(s.reason()).contains("exit code 137").contains("agent a1").contains("in 2s");
        assertThat(failed.wantOffers).isTrue();

        long before = T0 + 61_000;
        assertThat(q.offers(List.of(offer("o2", "a1", 4, 8192, 0)), before).launches).as("backoff not over").isEmpty();
        assertThat(q.tick(before, Set.of("a1", "a2")).revive).isFalse();
        long after = T0 + 62_000;
        assertThat(q.tick(after, Set.of("a1", "a2")).revive).isTrue();
        Decisions elsewhere = q.offers(List.of(offer("o3", "a2", 8, 16384, 4096)), after);
        assertThat(elsewhere.launches).as("another agent has no checkpoint").isEmpty();

        Decisions again = q.offers(List.of(offer("o4", "a1", 4, 8192, 0)), after);
        TaskSpec task = again.launches.get(OfferId.of("o4")).get(0);
        assertThat(task.taskId()).isEqualTo(TaskId.of("driver-1-run2"));
        assertThat(task.volume().id()).isEqualTo("spark-iot-agg");
        assertThat(task.resources()).as("the volume's disk is not taken twice").isEqualTo(Resources.of(1, 1408));
        assertThat(q.get("driver-1").view().restarts()).isEqualTo(1);
        assertThat(q.get("driver-1").view().driverTaskId()).isEqualTo("driver-1-run2");
    }

    @Test
    void aLateStatusOfAnEarlierRunChangesNothing() {
        DriverQueue q = runningOnA1(T0);
        q.status(status("driver-1", "a1", TaskState.FAILED, "exit code 1"), T0 + 1000);
        q.offers(List.of(offer("o2", "a1", 4, 8192, 0)), T0 + 10_000);
        q.status(status("driver-1-run2", "a1", TaskState.RUNNING, ""), T0 + 11_000);
        q.status(status("driver-1", "a1", TaskState.LOST, "late"), T0 + 12_000);
        assertThat(q.get("driver-1").state()).isEqualTo("RUNNING");
    }

    @Test
    void backoffDoublesWithFailuresInARowUpToTheMaximumThenTheDriverIsGivenUp() {
        assertThat(List.of(1, 2, 3, 4, 10).stream().map(SUPERVISION::backoffMillis))
                .containsExactly(2000L, 4000L, 8000L, 16000L, 30000L);
        DriverQueue q = runningOnA1(T0);
        long now = T0;
        for (int run = 1; run <= 3; run++) {
            String task = run == 1 ? "driver-1" : "driver-1-run" + run;
            now += 1000;
            q.status(status(task, "a1", TaskState.FAILED, "exit code 1"), now);
            assertThat(q.get("driver-1").state()).isEqualTo("RESTARTING");
            now += 60_000;
            q.offers(List.of(offer("o" + run, "a1", 4, 8192, 0)), now);
        }
        q.status(status("driver-1-run4", "a1", TaskState.FAILED, "exit code 1"), now + 1000);
        assertThat(q.get("driver-1").state()).isEqualTo("FAILED");
        assertThat(q.get("driver-1").reason()).contains("failed 4 times in a row");
    }

    @Test
    void aDriverThatRanLongEnoughStartsANewCountOfFailures() {
        DriverQueue q = runningOnA1(T0);
        q.status(status("driver-1", "a1", TaskState.FAILED, "exit code 1"), T0 + 1000);
        q.offers(List.of(offer("o2", "a1", 4, 8192, 0)), T0 + 10_000);
        q.status(status("driver-1-run2", "a1", TaskState.RUNNING, ""), T0 + 11_000);
        q.status(status("driver-1-run2", "a1", TaskState.FAILED, "exit code 1"), T0 + 11_000 + 600_000);
        assertThat(q.get("driver-1").failures()).isEqualTo(1);
        assertThat(q.get("driver-1").reason()).contains("in 2s");
    }

    @Test
    void aKilledStreamingDriverIsNotRestartedAndItsVolumeStaysUntilDestroyed() {
        DriverQueue q = runningOnA1(T0);
        Decisions kill = q.kill("driver-1");
        assertThat(kill.kills).containsExactly(TaskId.of("driver-1"));
        Decisions refused = new Decisions();
        assertThat(q.destroyVolume("iot-agg", refused)).contains("in use by submission driver-1");
        q.status(status("driver-1", "a1", TaskState.FAILED, "signal 15"), T0 + 1000);
        assertThat(q.get("driver-1").state()).as("a kill's end is final").isEqualTo("FAILED");

        assertThat(q.volume("iot-agg").agentId()).isEqualTo("a1");
        Decisions destroy = new Decisions();
        assertThat(q.destroyVolume("iot-agg", destroy)).isNull();
        assertThat(destroy.volumesDestroyed).containsExactly("iot-agg");
        assertThat(q.volume("iot-agg")).isNull();
        assertThat(q.destroyVolume("iot-agg", new Decisions())).contains("no checkpoint volume named 'iot-agg'");
    }

    @Test
    void aKillWithAGraceCarriesItToTheDriversKillAndOneWithoutLeavesTheDefault() {
        Decisions fast = runningOnA1(T0).kill("driver-1", 0L);
        assertThat(fast.kills).containsExactly(TaskId.of("driver-1"));
        assertThat(fast.killGrace).containsExactly(java.util.Map.entry(TaskId.of("driver-1"), 0L));

        Decisions plain = runningOnA1(T0).kill("driver-1");
        assertThat(plain.kills).containsExactly(TaskId.of("driver-1"));
        assertThat(plain.killGrace).isEmpty();
    }

    @Test
    void aKeptVolumeBringsTheNextSubmissionBackToItsAgentToResume() {
        DriverQueue q = runningOnA1(T0);
        q.kill("driver-1");
        q.status(status("driver-1", "a1", TaskState.KILLED, "killed"), T0 + 1000);
        assertThat(q.problem(request("agg", new CheckpointVolume("iot-agg", 1024)))).contains("exists with 512 MB");
        assertThat(q.problem(streaming())).isNull();

        DriverSubmission next = q.newSubmission("driver-2", streaming(), T0 + 2000);
        assertThat(next.reason()).contains("on agent a1, which holds its checkpoint volume");
        q.admit(next);
        assertThat(q.problem(streaming())).contains("in use by submission driver-2");
        assertThat(q.offers(List.of(offer("o2", "a2", 4, 8192, 4096)), T0 + 3000).launches).isEmpty();
        Decisions d = q.offers(List.of(offer("o3", "a1", 4, 8192, 0)), T0 + 3000);
        assertThat(d.launches.get(OfferId.of("o3")).get(0).volume().id()).isEqualTo("spark-iot-agg");
    }

    /**
     * The driver's host is lost: its volume went with it. After the grace the submission FAILS and
     * says why, instead of starting without its checkpoint somewhere else.
     */
    @Test
    void aDriverWhoseAgentStaysLostFailsWithTheReasonInsteadOfStartingElsewhere() {
        DriverQueue q = runningOnA1(T0);
        q.status(status("driver-1", "a1", TaskState.LOST, "agent a1 silent for 15s"), T0 + 1000);
        assertThat(q.get("driver-1").state()).isEqualTo("RESTARTING");
        q.tick(T0 + 2000, Set.of("a2"));
        assertThat(q.get("driver-1").reason()).contains("agent a1, which holds its checkpoint volume, is not in the cluster");
        assertThat(q.offers(List.of(offer("o1", "a2", 8, 16384, 4096)), T0 + 60_000).launches).isEmpty();
        q.tick(T0 + 60_000, Set.of("a2"));
        assertThat(q.get("driver-1").state()).isEqualTo("RESTARTING");

        q.tick(T0 + 2000 + 120_000, Set.of("a2"));
        DriverSubmission s = q.get("driver-1");
        assertThat(s.state()).isEqualTo("FAILED");
        assertThat(s.reason()).contains("agent a1 has been gone for 120s").contains("checkpoint volume 'iot-agg'")
                .contains("not started elsewhere").contains("stop the pipeline and run it again")
                .contains("DELETE /api/v1/spark/volumes/iot-agg");
    }

    @Test
    void anAgentBackWithinTheGraceGetsItsDriverBack() {
        DriverQueue q = runningOnA1(T0);
        q.status(status("driver-1", "a1", TaskState.LOST, "agent a1 silent"), T0 + 1000);
        q.tick(T0 + 2000, Set.of());
        q.tick(T0 + 60_000, Set.of("a1"));
        q.tick(T0 + 200_000, Set.of("a1"));
        assertThat(q.get("driver-1").state()).isEqualTo("RESTARTING");
        Decisions d = q.offers(List.of(offer("o1", "a1", 4, 8192, 0)), T0 + 200_000);
        assertThat(d.launches).hasSize(1);
    }

    @Test
    void onlyTheNewestEndedSubmissionsAreKept() {
        DriverQueue q = new DriverQueue(SETTINGS, SUPERVISION);
        for (int i = 1; i <= 5; i++) {
            q.admit(q.newSubmission("driver-" + i, request("b" + i, null), T0 + i));
        }
        Decisions last = null;
        for (int i = 1; i <= 5; i++) {
            last = q.kill("driver-" + i);
        }
        assertThat(q.submissions()).extracting(DriverSubmission::id).containsExactly("driver-3", "driver-4", "driver-5");
        assertThat(last.forgotten).containsExactly("driver-2");
    }

    @Test
    void aCheckpointVolumeNeedsANameAndAWholeSize() {
        com.fasterxml.jackson.databind.ObjectMapper json = SparkJson.MAPPER;
        assertThat(SparkJson.checkpointVolume(json.createObjectNode().path("checkpointVolume"))).isNull();
        assertThat(SparkJson.checkpointVolume(json.createObjectNode().put("name", "iot-agg").put("sizeMb", 512)))
                .isEqualTo(new CheckpointVolume("iot-agg", 512));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkJson.checkpointVolume(
                        json.createObjectNode().put("name", "Counter!").put("sizeMb", 64)))
                .hasMessage("checkpointVolume.name 'Counter!' must be 1-60 lower-case letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkJson.checkpointVolume(
                        json.createObjectNode().put("name", "c").put("sizeMb", "1g")))
                .hasMessage("checkpointVolume.sizeMb must be a whole number of MB greater than 0, got '1g'");
    }

    /** The words go through a real sh: only the checkpoint placeholder expands, every other character stays. */
    @Test
    void onlyTheCheckpointPlaceholderExpandsInTheDriversWords() throws Exception {
        String arg = "a\"$HOME\\`x` 'q' ${STRATA_CHECKPOINT}/state \\${STRATA_CHECKPOINT}";
        String word = SparkTasks.word(streaming(), arg);
        Process sh = new ProcessBuilder("/bin/sh", "-c", "STRATA_CHECKPOINT=/v/checkpoint; printf '%s' " + word)
                .redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out).isEqualTo("a\"$HOME\\`x` 'q' /v/checkpoint/state \\/v/checkpoint");
        assertThat(SparkTasks.word(request("batch", null), "${STRATA_CHECKPOINT}")).as("no volume, no expansion")
                .isEqualTo("'${STRATA_CHECKPOINT}'");
    }
}
