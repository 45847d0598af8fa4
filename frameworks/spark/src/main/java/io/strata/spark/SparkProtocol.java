package io.strata.spark;

import io.strata.protocol.StrataMessage;
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
     * @param registered executors registered with the driver; the others are still starting
     */
    public record AppSpec(String name, String driverUrl, int executorCores, double executorCpus, long executorHeapMb,
                          long executorOverheadMb, List<String> javaOptions, List<String> classPath,
                          Map<String, String> env, int target, List<String> registered, String submissionId)
            implements StrataMessage {
        public AppSpec {
            javaOptions = List.copyOf(javaOptions);
            classPath = List.copyOf(classPath);
            env = Map.copyOf(env);
            registered = List.copyOf(registered);
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

    /** A driver to run in cluster mode. {@code jarUrl} is where agents fetch the application jar. */
    public record SubmissionRequest(String name, String mainClass, String jarSha256, String jarUrl, List<String> args,
                                    double driverCpus, long driverMemMb, Map<String, String> conf, String apiUrl)
            implements StrataMessage {
        public SubmissionRequest {
            args = List.copyOf(args);
            conf = Map.copyOf(conf);
        }
    }

    public record Submit(SubmissionRequest request, ActorRef<SubmitReply> replyTo) implements Command {
    }

    public record SubmitReply(String id, String error) implements StrataMessage {
    }

    public record KillSubmission(String id, ActorRef<Done> replyTo) implements Command {
    }

    public record GetOverview(ActorRef<Overview> replyTo) implements Command {
    }

    public record Overview(List<SubmissionView> submissions, List<AppView> apps) implements StrataMessage {
    }

    public record ExecutorView(String id, String taskId, String state, String agentId, String reason)
            implements StrataMessage {
    }

    public record AppView(String appId, String name, String submissionId, String state, String reason, int target,
                          List<ExecutorView> executors, long startedAtMillis) implements StrataMessage {
    }

    public record SubmissionView(String id, String name, String mainClass, String state, String reason,
                                 String driverTaskId, String agentId, String appId, long submittedAtMillis)
            implements StrataMessage {
    }
}
