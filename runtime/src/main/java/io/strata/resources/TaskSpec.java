package io.strata.resources;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a framework asks an agent to run: a command with its arguments and environment, and the
 * resources it may use. The agent adds {@code PORT0..PORTn}, {@code PORTS}, {@code HOST},
 * {@code STRATA_SANDBOX} and {@code STRATA_TASK_ID} to the environment.
 *
 * @param command the program, resolved on the agent's PATH when it has no slash
 * @param labels  free-form metadata (e.g. which service pod a task belongs to)
 */
public record TaskSpec(TaskId taskId, String name, String command, List<String> args,
                       Map<String, String> env, Resources resources, Map<String, String> labels) {

    public TaskSpec {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(resources, "resources");
        name = name == null || name.isBlank() ? taskId.value() : name;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (command.isBlank()) {
            throw new IllegalArgumentException("task " + taskId + ": command must not be empty");
        }
    }

    public static TaskSpec of(TaskId id, Resources resources, String command, String... args) {
        return new TaskSpec(id, id.value(), command, List.of(args), Map.of(), resources, Map.of());
    }

    public TaskSpec withResources(Resources r) {
        return new TaskSpec(taskId, name, command, args, env, r, labels);
    }

    /** The command line as one list: the program then its arguments. */
    public List<String> argv() {
        List<String> all = new java.util.ArrayList<>(args.size() + 1);
        all.add(command);
        all.addAll(args);
        return all;
    }
}
