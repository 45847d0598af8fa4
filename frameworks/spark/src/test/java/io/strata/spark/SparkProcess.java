package io.strata.spark;

import io.strata.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Spark driver JVM started by a test (client mode), with its output in files. Waits fail at once
 * with the output's tail when the process died; close() kills its whole process tree.
 */
public final class SparkProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private SparkProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs {@code mainClass} with Spark's jars, the plug-in and the test applications on the classpath. */
    static SparkProcess driver(SparkSettings s, Path dir, List<String> sparkConf, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(s.java(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(s.moduleFlags());
        sparkConf.forEach(kv -> cmd.add("-D" + kv));
        cmd.addAll(List.of("-cp", s.sparkClassPath() + ":" + testApps(), mainClass));
        cmd.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new SparkProcess(p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar of Spark applications the plug-in module builds from its test sources. */
    public static String testApps() {
        String jar = System.getProperty("strata.spark.testApps");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the test applications jar is missing (" + jar
                    + "); run through Maven: mvn test -pl frameworks/spark -am");
        }
        return jar;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Waits for a line of stdout that matches; fails at once if the driver ends without printing it. */
    String awaitLine(Duration deadline, Predicate<String> matches) {
        return Eventually.awaitValue(deadline, "a matching line from the driver", () -> {
            for (String line : stdout().split("\n")) {
                if (matches.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the driver ended (exit " + process.exitValue() + ") without it; " + tail());
            }
            return null;
        });
    }

    int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the driver did not end within " + deadline.toSeconds() + "s; " + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String tail() {
        String err = read(stderr);
        String[] lines = err.split("\n");
        return "stdout:\n" + stdout() + "\nstderr tail:\n"
                + String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
