package io.strata.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For the floor's second run: each process in a cgroup v1 cpu group of its own with the CFS quota
 * Strata's agent gives a task of the same cpus (cpus x 100 ms per 100 ms), so that the run differs
 * from Strata's only in what Strata does, not in the cpu the pipeline file grants. {@link #NONE}
 * leaves every process unlimited.
 */
public final class CpuQuotas implements AutoCloseable {

    static final CpuQuotas NONE = new CpuQuotas(null);
    private static final long PERIOD_US = 100_000;

    private final Path parent;
    private final List<Path> groups = new ArrayList<>();
    /** Memory groups of {@link #wrapLimited}, removed on close. */
    private final List<Path> memoryGroups = new ArrayList<>();

    private CpuQuotas(Path parent) {
        this.parent = parent;
    }

    /** Groups under this JVM's own cpu group, or null when cgroup v1's cpu hierarchy is not writable here. */
    static CpuQuotas create() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains("cpu")) {
                    Path parent = Path.of("/sys/fs/cgroup/cpu" + f[2]).resolve("strata-bench-floor-"
                            + ProcessHandle.current().pid());
                    Files.createDirectories(parent);
                    return new CpuQuotas(parent);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    boolean limited() {
        return parent != null;
    }

    /** {@code command}, started in a new group of {@code cpus} (as the agent does: the shell joins it, then execs). */
    List<String> wrap(String name, double cpus, List<String> command) throws IOException {
        if (parent == null) {
            return command;
        }
        Path group = Files.createDirectories(parent.resolve(name));
        groups.add(group);
        Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cpus * PERIOD_US)));
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > '" + group.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * For the raw-vs-Strata figures ({@code io.strata.bench.raw}): cpu groups as {@link #create}
     * makes them; fails where cgroup v1's cpu hierarchy is not writable, since a raw side without
     * the limits Strata's tasks get would be no peer.
     */
    public static CpuQuotas createLimits() {
        CpuQuotas q = create();
        if (q == null) {
            throw new IllegalStateException("cgroup v1's cpu hierarchy is not writable here: no cpu limits for the raw side");
        }
        return q;
    }

    /**
     * {@code command} in a cpu group of {@code cpus} (as {@link #wrap}) and a memory group of
     * {@code memMb} (memory.limit_in_bytes, and memsw where the kernel counts swap), as Strata's
     * agent limits a task of those resources: the shell joins the memory group, then the cpu group,
     * then execs.
     */
    public List<String> wrapLimited(String name, double cpus, long memMb, List<String> command) throws IOException {
        Path memory = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                memory = Path.of("/sys/fs/cgroup/memory" + f[2]).resolve("strata-bench-raw-"
                        + ProcessHandle.current().pid() + "-" + name);
            }
        }
        if (memory == null) {
            throw new IllegalStateException("no cgroup v1 memory hierarchy here: no memory limit for " + name);
        }
        Files.createDirectories(memory);
        memoryGroups.add(memory);
        String bytes = Long.toString(memMb * 1024 * 1024);
        Files.writeString(memory.resolve("memory.limit_in_bytes"), bytes);
        if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
            Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
        }
        List<String> inMemory = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > '" + memory.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
        inMemory.addAll(command);
        return wrap(name, cpus, inMemory);
    }

    /** Removes the groups; called once their processes have ended. */
    @Override
    public void close() {
        for (Path g : memoryGroups) {
            g.toFile().delete();
        }
        if (parent == null) {
            return;
        }
        for (Path g : groups) {
            g.toFile().delete();
        }
        parent.toFile().delete();
    }
}
