package io.strata.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.strata.protocol.StrataMessage;
import io.strata.resources.CpuBurst;
import io.strata.service.Demand;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;
import java.util.Map;

/** Messages of the Spark framework singleton; they cross nodes (the API may run on another master node). */
public final class SparkProtocol {

    private SparkProtocol() {
    }

    public interface Command extends StrataMessage {
    }

    /**
     * An application as its driver's plug-in describes it, sent on start and as its heartbeat.
     *
     * @param registered    executors registered with the driver; the others are still starting
     * @param executorBurst the cpu burst each executor starts with, or null (none, or a plug-in from before bursts)
     */
    public record AppSpec(String name, String driverUrl, int executorCores, double executorCpus, long executorHeapMb,
                          long executorOverheadMb, List<String> javaOptions, List<String> classPath,
                          Map<String, String> env, int target, List<String> registered, String submissionId,
                          String group, CpuBurst executorBurst)
            implements StrataMessage {
        public AppSpec {
            javaOptions = List.copyOf(javaOptions);
            classPath = List.copyOf(classPath);
            env = Map.copyOf(env);
            registered = List.copyOf(registered);
        }

        /** An application of no named group: its submission's group, else the default group. */
        public AppSpec(String name, String driverUrl, int executorCores, double executorCpus, long executorHeapMb,
                       long executorOverheadMb, List<String> javaOptions, List<String> classPath,
                       Map<String, String> env, int target, List<String> registered, String submissionId) {
            this(name, driverUrl, executorCores, executorCpus, executorHeapMb, executorOverheadMb, javaOptions, classPath,
                    env, target, registered, submissionId, null, null);
        }

        public AppSpec withGroup(String newGroup) {
            return new AppSpec(name, driverUrl, executorCores, executorCpus, executorHeapMb, executorOverheadMb,
                    javaOptions, classPath, env, target, registered, submissionId, newGroup, executorBurst);
        }

        public AppSpec withExecutorBurst(CpuBurst burst) {
            return new AppSpec(name, driverUrl, executorCores, executorCpus, executorHeapMb, executorOverheadMb,
                    javaOptions, classPath, env, target, registered, submissionId, group, burst);
        }

        /** The group, "default" when none is named. */
        public String groupName() {
            return group == null ? "default" : group;
        }
    }

    public record PutApp(String appId, AppSpec spec, ActorRef<AppReply> replyTo) implements Command {
    }

    /** {@code problem} says why Strata cannot (or will no longer) run the application's executors. */
    public record AppReply(String appId, String problem) implements StrataMessage {
    }

    public record KillExecutors(String appId, List<String> executorIds, ActorRef<Done> replyTo) implements Command {
    }

    /** The driver ended (or an operator ends the application): kill its executors, forget it. */
    public record EndApp(String appId, String reason, ActorRef<Done> replyTo) implements Command {
    }

    public record Done(boolean found) implements StrataMessage {
    }

    /**
     * A driver to run in cluster mode. {@code jarUrl} is where agents fetch the application jar;
     * {@code apiUrl} the master nodes' API URLs, comma-separated, the one the client used first
     * (stored with the submission, so a driver re-launched after a failover still has them all).
     *
     * @param checkpointVolume a persistent volume for a streaming driver's checkpoint, or null; a
     *                         driver with one is supervised (see {@link CheckpointVolume})
     */
    public record SubmissionRequest(String name, String mainClass, String jarSha256, String jarUrl, List<String> args,
                                    double driverCpus, long driverMemMb, Map<String, String> conf, String apiUrl,
                                    CheckpointVolume checkpointVolume, String group)
            implements StrataMessage {
        public SubmissionRequest {
            args = List.copyOf(args);
            conf = Map.copyOf(conf);
        }

        /** A submission of the default group (null group: records stored before groups existed read the same). */
        public SubmissionRequest(String name, String mainClass, String jarSha256, String jarUrl, List<String> args,
                                 double driverCpus, long driverMemMb, Map<String, String> conf, String apiUrl,
                                 CheckpointVolume checkpointVolume) {
            this(name, mainClass, jarSha256, jarUrl, args, driverCpus, driverMemMb, conf, apiUrl, checkpointVolume, null);
        }

        public SubmissionRequest withGroup(String newGroup) {
            return new SubmissionRequest(name, mainClass, jarSha256, jarUrl, args, driverCpus, driverMemMb, conf, apiUrl,
                    checkpointVolume, newGroup);
        }

        public String groupName() {
            return group == null ? "default" : group;
        }

        public SubmissionRequest(String name, String mainClass, String jarSha256, String jarUrl, List<String> args,
                                 double driverCpus, long driverMemMb, Map<String, String> conf, String apiUrl) {
            this(name, mainClass, jarSha256, jarUrl, args, driverCpus, driverMemMb, conf, apiUrl, null);
        }

        boolean supervised() {
            return checkpointVolume != null;
        }
    }

    /**
     * A streaming driver's checkpoint volume: {@code sizeMb} of its agent's disk, kept for the
     * dispatcher under {@code name} until destroyed ({@code DELETE /api/v1/spark/volumes/NAME}).
     * The driver finds it at {@code $STRATA_CHECKPOINT}; a driver that fails is started again on
     * the same agent with the same volume after a backoff, so the job resumes from its checkpoint.
     * A later submission naming the same volume runs where it is and resumes from it too.
     */
    public record CheckpointVolume(String name, long sizeMb) implements StrataMessage {
    }

    public record Submit(SubmissionRequest request, ActorRef<SubmitReply> replyTo) implements Command {
    }

    /** {@code unavailable}: the error is the cluster's (try again), not the request's. */
    public record SubmitReply(String id, String error, boolean unavailable) implements StrataMessage {
        public SubmitReply(String id, String error) {
            this(id, error, false);
        }
    }

    /** {@code graceMillis}: the driver's time between SIGTERM and SIGKILL; null for the master's default. */
    public record KillSubmission(String id, Long graceMillis, ActorRef<Done> replyTo) implements Command {
        public KillSubmission(String id, ActorRef<Done> replyTo) {
            this(id, null, replyTo);
        }
    }

    public record GetOverview(ActorRef<Overview> replyTo) implements Command {
    }

    public record Overview(List<SubmissionView> submissions, List<AppView> apps) implements StrataMessage {
    }

    public record ExecutorView(String id, String taskId, String state, String agentId, String reason)
            implements StrataMessage {
    }

    /**
     * @param executorsHistory executors running and wanted, every 2 s over the last hour (oldest first)
     * @param pendingExecutors executors Spark wants that wait for resources
     * @param demand           what each pending executor asks of an agent (the offer analysis' body), or null
     */
    public record AppView(String appId, String name, String submissionId, String state, String reason, int target,
                          List<ExecutorView> executors, long startedAtMillis, String group,
                          @JsonProperty("executors_history") List<ExecutorCount> executorsHistory,
                          @JsonProperty("pending_executors") int pendingExecutors, Demand demand)
            implements StrataMessage {
        public AppView {
            executorsHistory = executorsHistory == null ? List.of() : List.copyOf(executorsHistory);
        }

        public AppView(String appId, String name, String submissionId, String state, String reason, int target,
                       List<ExecutorView> executors, long startedAtMillis, String group) {
            this(appId, name, submissionId, state, reason, target, executors, startedAtMillis, group, List.of(), 0, null);
        }

        AppView withReason(String newReason) {
            return new AppView(appId, name, submissionId, state, newReason, target, executors, startedAtMillis, group,
                    executorsHistory, pendingExecutors, demand);
        }

        AppView withWaiting(List<ExecutorCount> history, int pending, Demand each) {
            return new AppView(appId, name, submissionId, state, reason, target, executors, startedAtMillis, group,
                    history, pending, each);
        }
    }

    /** Executors of an application at epoch millis {@code t}: running ones and the count Spark wants. */
    public record ExecutorCount(long t, int running, int target) implements StrataMessage {
    }

    /**
     * @param state            QUEUED, RESTARTING (a supervised driver between two runs) or its driver task's state
     * @param checkpointVolume the name of its checkpoint volume, or null
     * @param restarts         how often its driver was started again after it failed
     * @param demand           while it waits (QUEUED, RESTARTING): what its driver asks of an agent, the
     *                         offer analysis' body; else null
     * @param uiUrl            the Spark UI of its running driver, or null
     */
    public record SubmissionView(String id, String name, String mainClass, String state, String reason,
                                 String driverTaskId, String agentId, String appId, long submittedAtMillis,
                                 String checkpointVolume, int restarts, String group, Demand demand,
                                 @JsonProperty("ui_url") String uiUrl)
            implements StrataMessage {
        public SubmissionView(String id, String name, String mainClass, String state, String reason,
                              String driverTaskId, String agentId, String appId, long submittedAtMillis,
                              String checkpointVolume, int restarts, String group) {
            this(id, name, mainClass, state, reason, driverTaskId, agentId, appId, submittedAtMillis, checkpointVolume,
                    restarts, group, null, null);
        }
    }

    /** Destroys a checkpoint volume no live submission uses. */
    public record DestroyVolume(String name, ActorRef<VolumeReply> replyTo) implements Command {
    }

    /** {@code error} null: destroyed (or being destroyed); else why not, and {@code found} whether it exists. */
    public record VolumeReply(boolean found, String error) implements StrataMessage {
    }
}
