package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cgroup v2: one group per task under {@code <own group>/strata/<agentId>}, with memory.max
 * (and memory.swap.max 0) and cpu.max. Each level on the way enables the controllers for its
 * children in cgroup.subtree_control.
 *
 * <p>The kernel refuses to enable controllers below a non-root group that holds processes
 * ("no internal processes"), so an agent whose own group also holds other processes gets
 * {@link Unavailable} with that reason; run it in a delegated group of its own.
 *
 * @param parent {@code <own group>/strata/<agentId>}
 * @param cpu    true when the cpu controller is available and enabled
 */
record CgroupsV2(Path parent, boolean cpu) implements Cgroups {

    static Cgroups prepare(AgentId agentId, Path ownGroup) {
        List<String> offered;
        try {
            offered = List.of(Files.readString(ownGroup.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return new Unavailable("cgroups not readable at " + ownGroup + " (" + CgroupFiles.why(e) + ")");
        }
        if (!offered.contains("memory")) {
            return new Unavailable("cgroup v2 at " + ownGroup + " does not offer the memory controller");
        }
        List<String> wanted = offered.contains("cpu") ? List.of("memory", "cpu") : List.of("memory");
        Path strata = ownGroup.resolve("strata");
        Path parent = strata.resolve(FileNames.safe(agentId.value()));
        Path at = ownGroup;
        try {
            enable(ownGroup, wanted);
            at = strata;
            Files.createDirectories(strata);
            enable(strata, wanted);
            at = parent;
            Files.createDirectories(parent);
            enable(parent, wanted);
        } catch (IOException e) {
            return new Unavailable("cgroups not writable at " + at + " (" + CgroupFiles.why(e) + ")");
        }
        return new CgroupsV2(parent, wanted.contains("cpu"));
    }

    private static void enable(Path group, List<String> controllers) throws IOException {
        Path control = group.resolve("cgroup.subtree_control");
        List<String> enabled = Files.exists(control)
                ? List.of(Files.readString(control).trim().split("\\s+")) : List.of();
        List<String> missing = controllers.stream().filter(c -> !enabled.contains(c)).map(c -> "+" + c).toList();
        if (!missing.isEmpty()) {
            CgroupFiles.write(control, String.join(" ", missing));
        }
    }

    @Override
    public boolean limitsEnforced() {
        return true;
    }

    @Override
    public String describe() {
        return "cgroup v2 " + parent + (cpu ? "" : " (cpu controller unavailable: cpu unlimited)");
    }

    @Override
    public Optional<TaskCgroup> createEmpty(String name) throws IOException {
        List<Path> created = new ArrayList<>();
        CgroupFiles.mkdir(parent.resolve(name), created);
        return Optional.of(new TaskCgroup(created));
    }

    @Override
    public void limit(TaskCgroup group, Resources resources) throws IOException {
        Path dir = group.dirs().get(0);
        if (resources.memMb() > 0) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(resources.memMb() * 1024 * 1024));
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                CgroupFiles.write(dir.resolve("memory.swap.max"), "0");
            }
        }
        if (resources.milliCpus() > 0) {
            limitCpu(group, resources.milliCpus());
        }
    }

    @Override
    public void limitCpu(TaskCgroup group, long milliCpus) throws IOException {
        if (cpu) {
            String quota = milliCpus > 0 ? Long.toString(CgroupsV1.quotaUs(milliCpus)) : "max";
            CgroupFiles.write(group.dirs().get(0).resolve("cpu.max"), quota + " " + CgroupsV1.CFS_PERIOD_US);
        }
    }

    @Override
    public List<TaskCgroup> existing(String prefix) {
        return Cgroups.childNames(parent, prefix).stream().map(n -> new TaskCgroup(List.of(parent.resolve(n)))).toList();
    }
}
