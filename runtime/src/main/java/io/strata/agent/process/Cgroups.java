package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this agent puts per-task cgroups, and whether memory and cpu limits can be enforced at
 * all. Groups go under the agent's own cgroup ({@code <own>/strata/<agentId>/<taskId>}), never at
 * the root of the hierarchy, so an agent inside a container stays inside its container's group.
 */
public sealed interface Cgroups permits CgroupsV1, CgroupsV2, Cgroups.Unavailable {

    /** True when tasks get memory (and, where possible, cpu) limits. */
    boolean limitsEnforced();

    /** One line for the log: the version and paths, or why limits are unavailable. */
    String describe();

    /**
     * Creates an empty group named {@code name} (a single path component) in every hierarchy
     * this agent uses, without limits; empty when limits are unavailable.
     */
    Optional<TaskCgroup> createEmpty(String name) throws IOException;

    /** Writes a task's memory (and cpu) limits into a group made by {@link #createEmpty}. */
    void limit(TaskCgroup group, Resources resources) throws IOException;

    /**
     * Writes only the cpu quota of a group made by {@link #createEmpty}: {@code milliCpus} per
     * period, or no quota for 0. A no-op where cpu is not limited.
     */
    void limitCpu(TaskCgroup group, long milliCpus) throws IOException;

    /** This agent's existing groups whose names start with {@code prefix}. */
    List<TaskCgroup> existing(String prefix);

    /** Creates the task's group, named after it, with its limits; empty when limits are unavailable. */
    default Optional<TaskCgroup> create(TaskId taskId, Resources resources) throws IOException {
        Optional<TaskCgroup> group = createEmpty(FileNames.safe(taskId.value()));
        if (group.isPresent()) {
            try {
                limit(group.get(), resources);
            } catch (IOException e) {
                CgroupFiles.removeQuietly(group.get().dirs());
                throw e;
            }
        }
        return group;
    }

    /** No usable hierarchy: tasks run without limits. */
    record Unavailable(String reason) implements Cgroups {
        @Override
        public boolean limitsEnforced() {
            return false;
        }

        @Override
        public String describe() {
            return reason;
        }

        @Override
        public Optional<TaskCgroup> createEmpty(String name) {
            return Optional.empty();
        }

        @Override
        public void limit(TaskCgroup group, Resources resources) {
            // no hierarchy: nothing to limit
        }

        @Override
        public void limitCpu(TaskCgroup group, long milliCpus) {
            // no hierarchy: nothing to limit
        }

        @Override
        public List<TaskCgroup> existing(String prefix) {
            return List.of();
        }
    }

    /** The names of the directories in {@code parent} that start with {@code prefix}, sorted. */
    static List<String> childNames(Path parent, String prefix) {
        try (java.util.stream.Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Detects the hierarchy of the current process from {@code /proc/self}. */
    static Cgroups detect(AgentId agentId) {
        return detect(agentId, Path.of("/proc/self/cgroup"), Path.of("/proc/self/mountinfo"));
    }

    /**
     * Detects from the given copies of {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}.
     * Cgroup v1 is used when a v1 hierarchy carries the memory controller (also on "hybrid"
     * hosts that mount an empty v2 tree beside it); otherwise cgroup v2 if it offers memory.
     */
    static Cgroups detect(AgentId agentId, Path procSelfCgroup, Path mountinfo) {
        List<CgroupMount> mounts;
        Map<String, String> membership;
        try {
            mounts = CgroupMount.parseAll(Files.readAllLines(mountinfo));
            membership = membership(Files.readAllLines(procSelfCgroup));
        } catch (IOException e) {
            return new Unavailable("cgroups unknown: cannot read " + e.getMessage());
        }
        Optional<Path> memoryV1 = ownGroup(mounts, membership, "memory");
        if (memoryV1.isPresent()) {
            return CgroupsV1.prepare(agentId, memoryV1.get(), ownGroup(mounts, membership, "cpu").orElse(null));
        }
        Optional<Path> unified = ownGroup(mounts, membership, "");
        if (unified.isPresent()) {
            return CgroupsV2.prepare(agentId, unified.get());
        }
        return new Unavailable("no cgroup memory controller mounted (neither cgroup v1 memory nor cgroup v2)");
    }

    /** Controller name (or "" for cgroup v2) to the path of this process's group in it. */
    private static Map<String, String> membership(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                out.put("", f[2]);
            } else {
                for (String controller : f[1].split(",")) {
                    out.put(controller, f[2]);
                }
            }
        }
        return out;
    }

    /** The directory of this process's own group for {@code controller} ("" = cgroup v2). */
    private static Optional<Path> ownGroup(List<CgroupMount> mounts, Map<String, String> membership, String controller) {
        String path = membership.get(controller);
        if (path == null) {
            return Optional.empty();
        }
        for (CgroupMount m : mounts) {
            boolean matches = controller.isEmpty() ? m.v2() : !m.v2() && m.controllers().contains(controller);
            if (matches) {
                return Optional.of(m.locate(path));
            }
        }
        return Optional.empty();
    }
}
