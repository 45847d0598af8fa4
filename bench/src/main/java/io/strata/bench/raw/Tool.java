package io.strata.bench.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a client tool (Kafka's ProducerPerformance and friends) in a JVM of its own, its
 * output in two files of {@code dir}; it is stopped by pid, with its descendants, if it outlives
 * its deadline or the harness fails while it runs.
 */
final class Tool {

    private Tool() {
    }

    /** Runs {@code command} to its end and returns its stdout; throws if it fails or times out. */
    static String run(String name, Path dir, List<String> command, long deadlineSeconds)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(deadlineSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + deadlineSeconds + " s: "
                        + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "): " + tail(out) + " / "
                        + tail(err));
            }
            return Files.readString(out);
        } finally {
            stop(p);
        }
    }

    /**
     * Runs {@code command} (a tool asked for its usage, which exits non-zero) and returns its stdout
     * and stderr together, whatever its exit status.
     */
    static String usage(String name, Path dir, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not print its usage within 120 s");
            }
            return Files.readString(out) + Files.readString(err);
        } finally {
            stop(p);
        }
    }

    /** Stops a process and what it started, by pid: SIGTERM, then SIGKILL after 5 s. */
    static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        List<ProcessHandle> all = p.descendants().toList();
        p.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static String tail(Path file) {
        try {
            String s = Files.exists(file) ? Files.readString(file) : "";
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
