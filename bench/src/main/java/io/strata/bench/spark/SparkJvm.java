package io.strata.bench.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM on Spark's jars (a standalone Master or Worker, or a driver), its output in two files.
 * Closing it kills it and everything it started, such as a Worker's executors.
 */
final class SparkJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private SparkJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code mainClass} with {@code jvmOptions}, on Spark's class path plus {@code extraClassPath}. */
    static SparkJvm start(String name, SparkJars jars, Path dir, List<String> jvmOptions, String extraClassPath,
                          Map<String, String> env, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(jars.java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(jars.moduleFlags());
        cmd.addAll(List.of("-cp", extraClassPath.isEmpty() ? jars.classPath() : jars.classPath() + ":" + extraClassPath,
                mainClass));
        cmd.addAll(args);
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new SparkJvm(name, pb.start(), out, err);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean hasChildren() {
        return process.children().findAny().isPresent();
    }

    /** Waits for the JVM to end; false if it did not within {@code seconds}. */
    boolean awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** For failure messages: what it printed last. */
    String tail() {
        String[] lines = stderr().split("\n");
        return name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + "; stdout: "
                + stdout().strip() + "; stderr tail: "
                + String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
