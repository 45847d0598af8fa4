package io.strata.agent.process;

import io.strata.resources.TaskState;

import java.time.Duration;
import java.util.Locale;

/**
 * How a task ended, in words a person can act on. Pure: decides from {@link ExitFacts} only.
 *
 * <p>Exit codes follow the shell convention the task wrapper keeps: 128+N means "killed by
 * signal N". A program that itself exits with such a code is reported as killed by that signal.
 */
record ExitReason(TaskState state, String reason) {

    private static final String[] SIGNAL_NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
            "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
            "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    private static final int MAX_SIGNAL = 64;

    /**
     * What is known once a task's process has ended.
     *
     * @param exitCode      the command's exit status (128+N for signal N), or null if nobody recorded it
     * @param killGrace     the grace of a requested kill, or null when nobody asked to kill the task
     * @param killEscalated true when the requested kill needed SIGKILL
     * @param oomKilled     true when the kernel OOM killer killed a process in the task's cgroup
     * @param stderrTail    the last lines of the task's stderr, possibly empty
     */
    record ExitFacts(Integer exitCode, Duration killGrace, boolean killEscalated, boolean oomKilled,
                     long memLimitMb, String stderrTail) {
    }

    /**
     * @param ifCodeUnknown the LOST reason when no exit code is known
     * @param note          appended to a known outcome (e.g. "ended while the agent was down"), or empty
     */
    static ExitReason decide(ExitFacts f, String ifCodeUnknown, String note) {
        if (f.killGrace() != null) {
            String how = !f.killEscalated() ? "SIGTERM"
                    : f.killGrace().isZero() ? "SIGKILL"
                    : "SIGKILL after " + describe(f.killGrace()) + " grace";
            return new ExitReason(TaskState.KILLED, "killed on request (" + how + ")");
        }
        if (f.exitCode() == null) {
            return new ExitReason(TaskState.LOST, ifCodeUnknown);
        }
        int code = f.exitCode();
        String stderr = f.stderrTail() == null || f.stderrTail().isBlank() ? "" : "; stderr: " + f.stderrTail();
        String suffix = note == null || note.isEmpty() ? "" : "; " + note;
        if (code == 0) {
            return new ExitReason(TaskState.FINISHED, "exited with code 0" + suffix);
        }
        if (f.oomKilled()) {
            String limit = f.memLimitMb() > 0 ? "the " + f.memLimitMb() + " MB limit" : "its memory limit";
            return new ExitReason(TaskState.FAILED,
                    "out of memory: exceeded " + limit + " (killed by the kernel OOM killer)" + suffix);
        }
        if (code > 128 && code <= 128 + MAX_SIGNAL) {
            return new ExitReason(TaskState.FAILED, "killed by " + signal(code - 128) + stderr + suffix);
        }
        return new ExitReason(TaskState.FAILED, "exited with code " + code + stderr + suffix);
    }

    /** "signal 9 (SIGKILL)", or "signal 40" for real-time signals. */
    static String signal(int number) {
        String name = number > 0 && number < SIGNAL_NAMES.length ? SIGNAL_NAMES[number] : null;
        return name == null ? "signal " + number : "signal " + number + " (" + name + ")";
    }

    /** "5s", "300ms", "1.5s". */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("0+$", "") + "s";
    }
}
