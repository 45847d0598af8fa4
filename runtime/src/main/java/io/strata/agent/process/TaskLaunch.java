package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a task's process is started: its command line and environment. Holds no state: the
 * agent's own environment and the paths are passed in; only command lookup reads the disk.
 *
 * <p>The command runs under a small {@code /bin/sh} wrapper, started through {@code setsid} so
 * that it leads a new session and process group. The wrapper first moves itself into the task's
 * cgroups (so no child can escape between start and join), then runs the command, waits for it
 * and writes its exit status ({@code 128+N} for signal N) to {@code .exit} in the sandbox: a
 * restarted agent, no longer the parent, can still learn how the task ended. It traps TERM, INT
 * and HUP so that it outlives the command it waits for; the command itself gets default handlers.
 * When the task runs as another user ({@link RunAs}), the wrapper stays root (it must join the
 * cgroup and write {@code .exit}) and starts the command through {@code setpriv}, which drops
 * to the user, the sandbox's group and the volume's group, and forbids regaining privileges.
 */
record TaskLaunch(List<String> argv, Map<String, String> environment, Path workingDir) {

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "JAVA_HOME");
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));
    private static final String SHELL = "/bin/sh";
    /** Exit status of the wrapper when it cannot join the task's cgroup. */
    static final int CANNOT_JOIN_CGROUP = 125;

    /** Everything a launch needs to know about the task and the agent; {@code runAs} null runs it as the agent. */
    record Context(AgentId agentId, String host, FrameworkId frameworkId, TaskSpec spec, Sandbox sandbox,
                   Map<String, String> agentEnv, RunAs runAs) {

        Context(AgentId agentId, String host, FrameworkId frameworkId, TaskSpec spec, Sandbox sandbox,
                Map<String, String> agentEnv) {
            this(agentId, host, frameworkId, spec, sandbox, agentEnv, null);
        }
    }

    /**
     * A task run as {@code user} with the sandbox's group {@code group} as its own and
     * {@code groups} (the user's group, a volume's group) besides.
     */
    record RunAs(UnixUser user, int group, List<Integer> groups) {
        RunAs {
            groups = List.copyOf(groups);
        }

        /** The setpriv command line that runs what follows as this user. */
        List<String> setpriv(Path setpriv) {
            List<String> argv = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + user.uid(),
                    "--regid=" + group));
            argv.add(groups.isEmpty() ? "--clear-groups"
                    : "--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
            argv.addAll(List.of("--no-new-privs", "--"));
            return argv;
        }
    }

    /**
     * The executable to run, or empty when it cannot be found: a name without a slash is
     * searched on the task's PATH, a relative path is taken from the sandbox.
     */
    static Optional<Path> program(Context c) {
        return resolve(c.spec().command(), environment(c).get("PATH"), c.sandbox().dir());
    }

    /** The launch of {@code program} (see {@link #program}) whose wrapper joins the given cgroups. */
    static TaskLaunch of(Context c, Path program, List<Path> cgroupProcsFiles) {
        List<String> argv = new ArrayList<>();
        setsid().ifPresent(s -> argv.add(s.toString()));
        argv.addAll(List.of(SHELL, "-c", wrapperScript(cgroupProcsFiles, c.sandbox().exitFile()), "strata-task"));
        if (c.runAs() != null) {
            argv.addAll(c.runAs().setpriv(setpriv().orElseThrow(() -> new IllegalStateException(
                    "setpriv (util-linux) is not installed; it is needed to run tasks as " + c.runAs().user().name()))));
        }
        argv.add(program.toString());
        argv.addAll(c.spec().args());
        return new TaskLaunch(List.copyOf(argv), environment(c), c.sandbox().dir());
    }

    /**
     * A minimal inherited environment, then the task's own variables, then what Strata
     * provides (which wins: PORT0 must be the port the task was given).
     */
    static Map<String, String> environment(Context c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = c.agentEnv().get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        // On a TLS cluster the API is HTTPS: the cluster CA (a public certificate) for programs that call it.
        io.strata.tls.ClusterTrust.installedCaFile().ifPresent(ca -> env.put("STRATA_CA_FILE", ca.toString()));
        if (c.runAs() != null) {
            // The agent's home (often /root) is not the task user's to write in.
            env.put("HOME", c.sandbox().dir().toString());
            env.put("USER", c.runAs().user().name());
            env.put("LOGNAME", c.runAs().user().name());
        }
        env.putAll(c.spec().env());
        Resources r = c.spec().resources();
        List<Integer> ports = r.ports().list();
        for (int i = 0; i < ports.size(); i++) {
            env.put("PORT" + i, Integer.toString(ports.get(i)));
        }
        if (!ports.isEmpty()) {
            env.put("PORTS", String.join(",", ports.stream().map(String::valueOf).toList()));
        }
        env.put("HOST", c.host());
        env.put("STRATA_SANDBOX", c.sandbox().dir().toString());
        env.put("STRATA_TASK_ID", c.spec().taskId().value());
        env.put("STRATA_FRAMEWORK_ID", c.frameworkId().value());
        env.put("STRATA_AGENT_ID", c.agentId().value());
        if (r.memMb() > 0) {
            env.put("STRATA_MEM_MB", Long.toString(r.memMb()));
        }
        if (r.milliCpus() > 0) {
            env.put("STRATA_CPUS", Resources.formatCpus(r.milliCpus()));
        }
        return env;
    }

    /** The executable file for {@code command}, or empty if there is none. */
    static Optional<Path> resolve(String command, String searchPath, Path workingDir) {
        if (command.contains("/")) {
            Path p = workingDir.resolve(command);
            return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : (searchPath == null ? DEFAULT_PATH : searchPath).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = workingDir.resolve(dir).resolve(command);
            if (isExecutableFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String wrapperScript(List<Path> cgroupProcsFiles, Path exitFile) {
        StringBuilder s = new StringBuilder();
        for (Path procs : cgroupProcsFiles) {
            String f = quote(procs.toString());
            s.append("echo $$ > ").append(f).append(" || { echo \"strata: cannot join cgroup \"").append(f)
                    .append(" >&2; exit ").append(CANNOT_JOIN_CGROUP).append("; }\n");
        }
        s.append("trap : TERM INT HUP\n");
        s.append("\"$@\"\n");
        s.append("code=$?\n");
        s.append("echo $code > ").append(quote(exitFile.toString())).append('\n');
        s.append("exit $code\n");
        return s.toString();
    }

    static String quote(String s) {
        return ShellQuoting.quote(s);
    }

    /** The setsid program, or empty when this host has none (tasks then share the agent's session). */
    static Optional<Path> setsid() {
        return SETSID.stream().filter(TaskLaunch::isExecutableFile).findFirst();
    }

    /** The setpriv program, or empty when this host has none (then tasks cannot run as another user). */
    static Optional<Path> setpriv() {
        return SETPRIV.stream().filter(TaskLaunch::isExecutableFile).findFirst();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
