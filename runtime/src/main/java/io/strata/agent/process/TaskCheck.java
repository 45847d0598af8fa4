package io.strata.agent.process;

import io.strata.resources.TaskId;
import io.strata.resources.TaskState;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A command health check of a running task, as Marathon's and Mesos' command checks run beside the
 * task: {@code sh -c COMMAND} in the task's sandbox, with the task's environment (its ports as
 * {@code PORT_<NAME>} and {@code PORT0}…), as the task's user with the sandbox's group. Exit 0 passes.
 * The check is not in the task's cgroup: it is the agent's work, and it cannot kill the task by using
 * its memory. A check that outlives its timeout is killed with its descendants and fails.
 */
public final class TaskCheck {

    /** The most output kept: the end of stdout and stderr together. */
    static final int OUTPUT_BYTES = 1024;

    /** What one check found; {@code error} names why it could not run (then it counts as failed). */
    public record Result(boolean passed, Integer exitCode, String output, String error) {
    }

    private TaskCheck() {
    }

    /** Runs the check; blocks for at most {@code timeout} (plus the kill), so call it off the actor. */
    public static Result run(ProcessSupervisor supervisor, TaskId id, String command, Duration timeout) {
        TaskProcess task = supervisor.task(id);
        if (task == null) {
            return new Result(false, null, "", "no task with id '" + id + "' on " + supervisor.agentId());
        }
        if (task.status().state() != TaskState.RUNNING) {
            return new Result(false, null, "", "task " + id + " is " + task.status().state() + ", not RUNNING");
        }
        TaskLaunch.RunAs runAs;
        Optional<UnixUser> user;
        try {
            user = supervisor.users().forTask(task.spec);
            runAs = user.isEmpty() ? null : new TaskLaunch.RunAs(user.get(), TaskDirs.gid(task.sandbox.dir()),
                    List.of(user.get().gid()));
        } catch (IllegalArgumentException | IOException e) {
            return new Result(false, null, "", "cannot run the check as the task's user: " + e.getMessage());
        }
        TaskLaunch.Context context = new TaskLaunch.Context(supervisor.agentId(), supervisor.host(),
                task.status().frameworkId(), task.spec, task.sandbox, supervisor.agentEnv(), runAs);
        List<String> argv = new ArrayList<>();
        if (runAs != null) {
            Optional<java.nio.file.Path> setpriv = TaskLaunch.setpriv();
            if (setpriv.isEmpty()) {
                return new Result(false, null, "", "setpriv (util-linux) is not installed; it is needed to run the "
                        + "check as " + runAs.user().name());
            }
            argv.addAll(runAs.setpriv(setpriv.get()));
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(task.sandbox.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(TaskLaunch.environment(context));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(false, null, "", "cannot start the check: " + e.getMessage());
        }
        Tail tail = new Tail(p.getInputStream());
        Thread reader = new Thread(tail, "check-output-" + id);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(false, null, tail.text(), "timed out after " + timeout.toMillis() + " ms");
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(false, null, tail.text(), "the agent stopped the check");
        }
        int exit = p.exitValue();
        return new Result(exit == 0, exit, tail.text(), null);
    }

    /** Keeps the last {@link #OUTPUT_BYTES} of a stream. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (kept) {
                        kept.write(buf, 0, n);
                        if (kept.size() > 4 * OUTPUT_BYTES) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - OUTPUT_BYTES, OUTPUT_BYTES);
                        }
                    }
                }
            } catch (IOException e) {
                // the check ended or was killed: what was read is kept
            }
        }

        String text() {
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int from = Math.max(0, all.length - OUTPUT_BYTES);
                return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
            }
        }
    }
}
