package io.strata.agent.process;

import io.strata.resources.TaskSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Which Unix user an agent's tasks run as. An agent running as root never runs a task as root:
 * tasks run as its task user ({@code --task-user}, by default {@value #DEFAULT_USER}, created on
 * first start) or as the user a task names. An agent that is not root runs tasks as itself.
 */
public final class TaskUsers {

    public static final String DEFAULT_USER = "strata-task";

    private static final Logger log = LoggerFactory.getLogger(TaskUsers.class);
    private static final Object CREATING = new Object();

    /** The task user, or null when tasks run as the agent's own user (no switch). */
    private final UnixUser taskUser;
    private final String agentUserName;
    private final Function<String, Optional<UnixUser>> lookup;

    TaskUsers(UnixUser taskUser, String agentUserName, Function<String, Optional<UnixUser>> lookup) {
        this.taskUser = taskUser;
        this.agentUserName = agentUserName;
        this.lookup = lookup;
    }

    /** Tasks run as this process's own user, without switching (an agent that is not root; supervisor tests). */
    public static TaskUsers agentsOwn() {
        return new TaskUsers(null, currentUserName(), TaskUsers::lookup);
    }

    /**
     * The users of an agent started with {@code --task-user requested} (null: the default).
     *
     * @throws IllegalArgumentException when the setting cannot work here, with the reason
     */
    public static TaskUsers forAgent(String requested) {
        return forAgent(requested, currentUid() == 0, currentUserName(), TaskUsers::lookup, TaskUsers::create);
    }

    static TaskUsers forAgent(String requested, boolean agentIsRoot, String agentUser,
                              Function<String, Optional<UnixUser>> lookup, Function<String, UnixUser> create) {
        if (requested != null) {
            String problem = TaskSpec.userProblem(requested);
            if (problem != null) {
                throw new IllegalArgumentException("--task-user: " + problem);
            }
        }
        if (!agentIsRoot) {
            if (requested != null && !requested.equals(agentUser)) {
                throw new IllegalArgumentException("--task-user " + requested + " needs an agent running as root; "
                        + "this one runs as " + agentUser + " and runs its tasks as " + agentUser);
            }
            return new TaskUsers(null, agentUser, lookup);
        }
        String name = requested != null ? requested : DEFAULT_USER;
        UnixUser user = lookup.apply(name).orElseGet(() -> {
            if (requested != null) {
                throw new IllegalArgumentException("--task-user: there is no user '" + name + "' on this host; "
                        + "create it (useradd --system " + name + ") or leave --task-user out to use " + DEFAULT_USER);
            }
            return create.apply(name);
        });
        if (user.uid() == 0) {
            throw new IllegalArgumentException("--task-user: user '" + name + "' has uid 0; tasks never run as root");
        }
        return new TaskUsers(user, agentUser, lookup);
    }

    /** True when tasks run as another user than the agent, each in its own group. */
    public boolean switching() {
        return taskUser != null;
    }

    /** The user tasks run as unless they name one; null when they run as the agent's own user. */
    UnixUser taskUser() {
        return taskUser;
    }

    /** Who tasks run as unless they name a user, for logs and status. */
    public String describe() {
        return taskUser != null ? taskUser.toString() : agentUserName + " (the agent's own user)";
    }

    /**
     * The user a task runs as: the one it names, else the task user; empty when tasks run as the
     * agent's own user.
     *
     * @throws IllegalArgumentException when the task may not run as the user it names, with the reason
     */
    Optional<UnixUser> forTask(TaskSpec spec) {
        String wanted = spec.user();
        String problem = TaskSpec.userProblem(wanted);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (taskUser == null) {
            if (wanted != null && !wanted.equals(agentUserName)) {
                throw new IllegalArgumentException("this agent runs as " + agentUserName + " and cannot run tasks as '"
                        + wanted + "' (only an agent running as root switches users)");
            }
            return Optional.empty();
        }
        if (wanted == null || wanted.equals(taskUser.name())) {
            return Optional.of(taskUser);
        }
        UnixUser u = lookup.apply(wanted).orElseThrow(() -> new IllegalArgumentException(
                "there is no user '" + wanted + "' on this host"));
        if (u.uid() == 0) {
            throw new IllegalArgumentException("user '" + wanted + "' has uid 0: tasks never run as root");
        }
        return Optional.of(u);
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static String currentUserName() {
        return System.getProperty("user.name");
    }

    /** The account named {@code name}, from {@code getent passwd}. */
    static Optional<UnixUser> lookup(String name) {
        try {
            Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return out.lines().findFirst().flatMap(UnixUser::parsePasswd).filter(u -> u.name().equals(name));
        } catch (IOException e) {
            throw new IllegalStateException("cannot look up user '" + name + "' (getent): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up user '" + name + "'", e);
        }
    }

    /**
     * Creates a system user without login shell or home. Agents of one host (in other processes)
     * may race to do it: useradd then fails because the user exists or /etc/passwd is locked, so
     * each attempt ends by looking the user up, and a locked file is tried again.
     */
    private static UnixUser create(String name) {
        synchronized (CREATING) {
            String shell = Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/bin/false";
            List<String> command = List.of("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", shell, "--comment", "Strata tasks", name);
            String why = "";
            for (int attempt = 1; attempt <= 5; attempt++) {
                Optional<UnixUser> existing = lookup(name);
                if (existing.isPresent()) {
                    return existing.get();
                }
                try {
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    int code = p.waitFor();
                    Optional<UnixUser> created = lookup(name);
                    if (created.isPresent()) {
                        if (code == 0) {
                            log.info("task user created user={} uid={}", name, created.get().uid());
                        }
                        return created.get();
                    }
                    why = "useradd exit " + code + (out.isEmpty() ? "" : ": " + out);
                    Thread.sleep(200L * attempt);
                } catch (IOException e) {
                    why = "useradd: " + e.getMessage();
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating user '" + name + "'", e);
                }
            }
            throw new IllegalArgumentException("cannot create the task user '" + name + "' (" + why
                    + "); create it yourself or name another with --task-user");
        }
    }
}
