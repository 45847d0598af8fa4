package io.strata.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started on a {@link Host} ({@code ip netns exec}), with its stdout and stderr in
 * files under the host's log folder.
 */
public final class HostProcess {

    private final Host host;
    private final String label;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    HostProcess(Host host, String label, List<String> command, Process process, Path stdout, Path stderr) {
        this.host = host;
        this.label = label;
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public Host host() {
        return host;
    }

    /** The name its logs carry, e.g. "master" or "cli-3". */
    public String label() {
        return label;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path stdoutFile() {
        return stdout;
    }

    public Path stderrFile() {
        return stderr;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Waits for it to end; returns its exit code, or throws if it runs past {@code timeout} (it is then killed). */
    public int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(this + " did not end within " + timeout + "\n" + tail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + this, e);
        }
    }

    /** The exit code once ended, for reaping after the host's processes were killed. */
    void reap() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of its stdout and stderr, to print when a test fails. */
    public String tail(int lines) {
        return "--- " + this + " stdout (" + stdout + ")\n" + lastLines(read(stdout), lines)
                + "--- " + this + " stderr (" + stderr + ")\n" + lastLines(read(stderr), lines);
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        StringBuilder sb = new StringBuilder();
        for (String line : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return host.name() + "/" + label + " (pid " + process.pid() + (process.isAlive() ? "" : ", ended") + ")";
    }
}
