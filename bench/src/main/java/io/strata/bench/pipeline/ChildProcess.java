package io.strata.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the floor starts directly (a broker, a Cassandra node, a Spark driver, a producer), its
 * output in two files of its folder. Closing it stops it like an agent stops a task: SIGTERM, then
 * SIGKILL after a grace, descendants too.
 */
final class ChildProcess implements AutoCloseable {

    private static final long GRACE_S = 10;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    /** Kills it if the harness itself is stopped (Ctrl-C) before closing it. */
    private final Thread onExit;

    private ChildProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.onExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "bench-kill-" + name);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    static ChildProcess start(String name, Path dir, List<String> command, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new ChildProcess(name, pb.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; false if it did not within {@code seconds}. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Throws with the process's last words if it has ended: a floor that died is no floor. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended early: " + tail());
        }
    }

    /** For failure messages: the exit status and the last lines it printed. */
    String tail() {
        String status = process.isAlive() ? "running" : "exit " + process.exitValue();
        return name + " (" + status + "); stdout tail: " + last(read(stdout)) + "; stderr tail: " + last(read(stderr));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook kills it
        }
        List<ProcessHandle> all = process.descendants().toList();
        process.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!process.waitFor(GRACE_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.waitFor(GRACE_S, TimeUnit.SECONDS);
    }

    private static String last(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 12), lines.length));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
