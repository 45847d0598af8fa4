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
 * @param files   files the agent writes into the sandbox before the start: relative path → content
 * @param volume  a persistent volume mounted at {@code $STRATA_VOLUME}, or null
 * @param user    the Unix user the task runs as, or null for the agent's task user; never root
 * @param cpuBurst a higher cpu quota for the task's first seconds (not counted by the allocator), or null
 */
public record TaskSpec(TaskId taskId, String name, String command, List<String> args,
                       Map<String, String> env, Resources resources, Map<String, String> labels,
                       Map<String, String> files, Volume volume, String user, CpuBurst cpuBurst) {

    /**
     * Label by which a framework lets a task use another task's persistent volume on the same
     * agent (value: the volume id), e.g. Spark executors writing their driver's streaming
     * checkpoint. The task joins the volume's group; the volume stays its owner's. Only framework
     * code sets labels: the ad-hoc task API does not take them.
     */
    public static final String SHARED_VOLUME_LABEL = "strata.shared-volume";

    /** What a user name may look like (useradd's default rule, at most 32 characters). */
    private static final java.util.regex.Pattern USER_NAME = java.util.regex.Pattern.compile("[a-z_][a-z0-9_-]{0,30}\\$?");

    public TaskSpec(TaskId taskId, String name, String command, List<String> args, Map<String, String> env,
                    Resources resources, Map<String, String> labels) {
        this(taskId, name, command, args, env, resources, labels, Map.of(), null, null);
    }

    public TaskSpec(TaskId taskId, String name, String command, List<String> args, Map<String, String> env,
                    Resources resources, Map<String, String> labels, Map<String, String> files, Volume volume) {
        this(taskId, name, command, args, env, resources, labels, files, volume, null);
    }

    public TaskSpec(TaskId taskId, String name, String command, List<String> args, Map<String, String> env,
                    Resources resources, Map<String, String> labels, Map<String, String> files, Volume volume,
                    String user) {
        this(taskId, name, command, args, env, resources, labels, files, volume, user, null);
    }

    public TaskSpec {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(resources, "resources");
        name = name == null || name.isBlank() ? taskId.value() : name;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        files = files == null ? Map.of() : Map.copyOf(files);
        for (String path : files.keySet()) {
            if (path.startsWith("/") || path.contains("..") || path.isBlank()) {
                throw new IllegalArgumentException("task " + taskId + ": file path '" + path
                        + "' must be relative to the sandbox, without '..'");
            }
        }
        if (command.isBlank()) {
            throw new IllegalArgumentException("task " + taskId + ": command must not be empty");
        }
        String refused = userProblem(user);
        if (refused != null) {
            throw new IllegalArgumentException("task " + taskId + ": " + refused);
        }
    }

    /**
     * Why a task may not ask to run as {@code user}, or null if it may (null means the agent's task
     * user). Root is refused here by name; an agent also refuses any other name with uid 0.
     */
    public static String userProblem(String user) {
        if (user == null) {
            return null;
        }
        if (user.equals("root") || user.equals("0")) {
            return "user 'root' is not allowed: tasks never run as root (leave 'user' out to run as the agent's "
                    + "task user)";
        }
        if (!USER_NAME.matcher(user).matches()) {
            return "user '" + user + "' is not a valid Unix user name (lower-case letters, digits, '_' and '-', "
                    + "starting with a letter or '_', at most 32 characters)";
        }
        return null;
    }

    public static TaskSpec of(TaskId id, Resources resources, String command, String... args) {
        return new TaskSpec(id, id.value(), command, List.of(args), Map.of(), resources, Map.of());
    }

    public TaskSpec withResources(Resources r) {
        return new TaskSpec(taskId, name, command, args, env, r, labels, files, volume, user, cpuBurst);
    }

    public TaskSpec withEnv(Map<String, String> newEnv) {
        return new TaskSpec(taskId, name, command, args, newEnv, resources, labels, files, volume, user, cpuBurst);
    }

    public TaskSpec withLabel(String key, String value) {
        Map<String, String> newLabels = new java.util.HashMap<>(labels);
        newLabels.put(key, value);
        return new TaskSpec(taskId, name, command, args, env, resources, newLabels, files, volume, user, cpuBurst);
    }

    public TaskSpec withUser(String newUser) {
        return new TaskSpec(taskId, name, command, args, env, resources, labels, files, volume, newUser, cpuBurst);
    }

    public TaskSpec withCpuBurst(CpuBurst burst) {
        return new TaskSpec(taskId, name, command, args, env, resources, labels, files, volume, user, burst);
    }

    /** The command line as one list: the program then its arguments. */
    public List<String> argv() {
        List<String> all = new java.util.ArrayList<>(args.size() + 1);
        all.add(command);
        all.addAll(args);
        return all;
    }
}
