package io.strata.pipelines.sources.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A main class run in its own JVM on the test's classpath, output to a file, stopped by PID. */
final class JavaMain implements AutoCloseable {

    private final Process process;
    private final Path log;

    private JavaMain(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JavaMain start(Path log, Class<?> main, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        return new JavaMain(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** The exit code, waiting at most {@code seconds}; fails when it is still running then. */
    int exitCode(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(log.getFileName() + " still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** kill -9 */
    void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                crash();
            }
        }
    }
}
