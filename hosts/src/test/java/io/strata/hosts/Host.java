package io.strata.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One host: a network namespace with one address on the harness's bridge, its own state folder
 * ({@link #dir()}, with {@code home/} for Strata and {@code logs/} for what its processes print),
 * and the processes a test started in it.
 */
public final class Host {

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final String namespace;
    private final String link;
    private final String address;
    private final Path dir;
    private final List<HostProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();

    Host(String name, String namespace, String link, String address, Path dir) {
        this.name = name;
        this.namespace = namespace;
        this.link = link;
        this.address = address;
        this.dir = dir;
    }

    /** The test's name for it, e.g. "h0". */
    public String name() {
        return name;
    }

    /** The network namespace ({@code ip netns}) it is. */
    public String namespace() {
        return namespace;
    }

    /** Its one address, e.g. 10.251.7.11. */
    public String address() {
        return address;
    }

    /** Its state folder: a fresh one per test run. */
    public Path dir() {
        return dir;
    }

    /** Where Strata keeps this host's state ({@code --home}). */
    public Path home() {
        return dir.resolve("home");
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    /** Every process a test started here, in order. */
    public List<HostProcess> processes() {
        return List.copyOf(processes);
    }

    /** Starts {@code command} in this host's namespace, its output into logs/NAME-N.out and .err (NAME: the program's). */
    public HostProcess run(String... command) {
        return run(Path.of(command[0]).getFileName().toString(), Map.of(), List.of(command));
    }

    /** As {@link #run(String...)}, its logs named after {@code label}. */
    public HostProcess run(String label, List<String> command) {
        return run(label, Map.of(), command);
    }

    /** As {@link #run(String, List)}, with extra environment variables. */
    public HostProcess run(String label, Map<String, String> env, List<String> command) {
        String unique = label + "-" + runs.incrementAndGet();
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        Path out = logs().resolve(unique + ".out");
        Path err = logs().resolve(unique + ".err");
        try {
            Files.createDirectories(logs());
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            HostProcess process = new HostProcess(this, unique, List.copyOf(command), builder.start(), out, err);
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " on " + name, e);
        }
    }

    /** The pids of every process in this host's namespace, whoever started them (tasks too). */
    public List<Long> pids() {
        return Ip.run("netns", "pids", namespace).lines().map(String::strip).filter(s -> !s.isEmpty())
                .map(Long::parseLong).toList();
    }

    /**
     * Kills every process of this host at once (SIGKILL), as when its machine dies: nothing is told,
     * nothing shuts down cleanly. Returns when none is left.
     */
    public Host kill() {
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        List<Long> left = pids();
        while (!left.isEmpty()) {
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processes " + left + " of " + name + " survived SIGKILL for " + KILL_TIMEOUT);
            }
            sleep(20);
            left = pids();
        }
        processes.forEach(HostProcess::reap);
        return this;
    }

    /** Cuts this host off the network (its link to the bridge down): its processes run on, unreachable. */
    public Host partition() {
        Ip.run("link", "set", link, "down");
        return this;
    }

    /** Puts this host back on the network after {@link #partition()}. */
    public Host heal() {
        Ip.run("link", "set", link, "up");
        return this;
    }

    /** The last lines of every process's output, for a failing test. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        processes.forEach(p -> sb.append(p.tail(lines)));
        return sb.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + "(" + address + ")";
    }
}
