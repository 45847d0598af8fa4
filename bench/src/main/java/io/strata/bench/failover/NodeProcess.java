package io.strata.bench.failover;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code strata master} or {@code strata agent} process, run as {@code bin/strata} runs it
 * ({@code io.strata.cli.Main} on the module's classpath, which holds the dist's jars) with no
 * JVM or config flags: production settings. Its output (the node's log too) goes to a file of its own.
 */
final class NodeProcess {

    private final String name;
    private final Process process;
    private final Path output;
    /** Kills it if the harness itself is stopped before closing it. */
    private final Thread onExit;

    private NodeProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.onExit = new Thread(process::destroyForcibly, "bench-kill-" + name);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    static NodeProcess start(String name, Path dir, List<String> args) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(nodeClassPath());
        cmd.add("io.strata.cli.Main");
        cmd.add("--home");
        cmd.add(home.toString());
        cmd.addAll(args);
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        return new NodeProcess(name, p, out);
    }

    /**
     * The harness's class path without the bench's own classes, whose logback.xml sends logs to
     * the harness's file: a node logs to its output as {@code bin/strata} runs it.
     */
    private static String nodeClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath().normalize();
            if (!p.endsWith(Path.of("bench", "target", "classes")) && !p.endsWith(Path.of("bench", "target", "test-classes"))) {
                entries.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    String name() {
        return name;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the process has printed {@code line}; throws with its output if it ended or took too long. */
    void awaitOutput(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(line)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended early: " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print '" + line + "' within "
                        + timeout.toSeconds() + " s: " + tail());
            }
            Thread.sleep(100);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the host's process dies without running anything. */
    void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM (an agent kills its tasks on it), then SIGKILL after the grace. */
    void stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    String tail() {
        String out = output();
        return out.length() > 2000 ? "..." + out.substring(out.length() - 2000) : out;
    }
}
