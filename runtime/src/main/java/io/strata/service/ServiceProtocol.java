package io.strata.service;

import io.strata.protocol.StrataMessage;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;
import java.util.Map;

/** Operator requests to a service manager and its services, and what they answer. */
public final class ServiceProtocol {

    private ServiceProtocol() {
    }

    public interface Command extends StrataMessage {
    }

    public record Create(String name, Map<String, String> config, ActorRef<Reply> replyTo) implements Command {
    }

    public record Status(String name, ActorRef<StatusReply> replyTo) implements Command {
    }

    public record ListServices(ActorRef<ServiceList> replyTo) implements Command {
    }

    public record Restart(String name, ActorRef<Reply> replyTo) implements Command {
    }

    /** Grows pods of {@code podType} to {@code count}, with the config updated to match. */
    public record Scale(String name, Map<String, String> config, ActorRef<Reply> replyTo) implements Command {
    }

    public record Replace(String name, String podId, ActorRef<Reply> replyTo) implements Command {
    }

    /** {@code graceMillis}: how long each pod's task gets between SIGTERM and SIGKILL; null for the agent's default. */
    public record Delete(String name, Long graceMillis, ActorRef<Reply> replyTo) implements Command {
        public Delete(String name, ActorRef<Reply> replyTo) {
            this(name, null, replyTo);
        }
    }

    /** {@code error} null means done (or started, for long operations); notFound marks an unknown name. */
    public record Reply(String error, boolean notFound) implements StrataMessage {
        public static Reply ok() {
            return new Reply(null, false);
        }

        public static Reply error(String message) {
            return new Reply(message, false);
        }

        public static Reply unknown(String type, String name) {
            return new Reply("no " + type + " service named '" + name + "'", true);
        }
    }

    public record StatusReply(ServiceStatus status, String error) implements StrataMessage {
    }

    public record ServiceList(List<ServiceStatus> services) implements StrataMessage {
    }

    /** A service as operators see it. */
    public record ServiceStatus(String type, String name, String frameworkId, String state, String reason,
                                String operation, Map<String, String> config, Map<String, String> endpoints,
                                List<PodStatus> pods) implements StrataMessage {
    }

    /**
     * @param restartHistory its last restarts, oldest first
     * @param demand         what it asks of an agent while it waits for one (WAITING, RESTARTING), else null
     */
    public record PodStatus(String id, String type, int index, String state, boolean ready, String agentId,
                            String host, Map<String, Integer> ports, String taskId, int restarts, String reason,
                            String volumeId, List<PodRestart> restartHistory, Demand demand) implements StrataMessage {
        public PodStatus {
            restartHistory = restartHistory == null ? List.of() : List.copyOf(restartHistory);
        }
    }
}
