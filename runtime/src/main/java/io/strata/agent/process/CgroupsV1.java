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
 * Cgroup v1: one group per task in the memory hierarchy and, when writable, one in the cpu
 * hierarchy. Memory is limited with swap counted in (memsw) when the kernel accounts swap; cpu
 * with a CFS quota of cpus x 100 ms per 100 ms period.
 *
 * @param memoryParent {@code <own memory group>/strata/<agentId>}
 * @param cpuParent    {@code <own cpu group>/strata/<agentId>}, or null when cpu is not limited
 * @param cpuProblem   why cpu is not limited, or empty
 */
record CgroupsV1(Path memoryParent, Path cpuParent, String cpuProblem) implements Cgroups {

    static final long CFS_PERIOD_US = 100_000;
    static final long MIN_CFS_QUOTA_US = 1_000;

    /** Creates the agent's parent groups; a failure there means the hierarchy is not writable. */
    static Cgroups prepare(AgentId agentId, Path ownMemoryGroup, Path ownCpuGroup) {
        Path memoryParent = ownMemoryGroup.resolve("strata").resolve(FileNames.safe(agentId.value()));
        try {
            Files.createDirectories(memoryParent);
        } catch (IOException e) {
            return new Unavailable("cgroups not writable at " + memoryParent + " (" + CgroupFiles.why(e) + ")");
        }
        if (ownCpuGroup == null) {
            return new CgroupsV1(memoryParent, null, "no cpu hierarchy mounted");
        }
        Path cpuParent = ownCpuGroup.resolve("strata").resolve(FileNames.safe(agentId.value()));
        try {
            Files.createDirectories(cpuParent);
            return new CgroupsV1(memoryParent, cpuParent, "");
        } catch (IOException e) {
            return new CgroupsV1(memoryParent, null, "cpu cgroup not writable at " + cpuParent
                    + " (" + CgroupFiles.why(e) + ")");
        }
    }

    @Override
    public boolean limitsEnforced() {
        return true;
    }

    @Override
    public String describe() {
        return "cgroup v1 memory=" + memoryParent + " cpu=" + (cpuParent != null ? cpuParent : "unlimited: " + cpuProblem);
    }

    @Override
    public Optional<TaskCgroup> createEmpty(String name) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            CgroupFiles.mkdir(memoryParent.resolve(name), created);
            if (cpuParent != null) {
                CgroupFiles.mkdir(cpuParent.resolve(name), created);
            }
            return Optional.of(new TaskCgroup(created));
        } catch (IOException e) {
            CgroupFiles.removeQuietly(created);
            throw e;
        }
    }

    @Override
    public void limit(TaskCgroup group, Resources resources) throws IOException {
        Path memory = group.dirs().get(0);
        if (resources.memMb() > 0) {
            String bytes = Long.toString(resources.memMb() * 1024 * 1024);
            CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                CgroupFiles.write(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
            }
        }
        limitCpu(group, resources.milliCpus());
    }

    @Override
    public void limitCpu(TaskCgroup group, long milliCpus) throws IOException {
        if (cpuParent != null && group.dirs().size() > 1) {
            Path cpu = group.dirs().get(1);
            long quota = milliCpus > 0 ? quotaUs(milliCpus) : -1;
            CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
    }

    /** The CFS quota per {@link #CFS_PERIOD_US} for {@code milliCpus} (&gt; 0). */
    static long quotaUs(long milliCpus) {
        return Math.max(MIN_CFS_QUOTA_US, milliCpus * CFS_PERIOD_US / 1000);
    }

    @Override
    public List<TaskCgroup> existing(String prefix) {
        List<TaskCgroup> out = new ArrayList<>();
        for (String name : Cgroups.childNames(memoryParent, prefix)) {
            List<Path> dirs = new ArrayList<>(List.of(memoryParent.resolve(name)));
            if (cpuParent != null && Files.isDirectory(cpuParent.resolve(name))) {
                dirs.add(cpuParent.resolve(name));
            }
            out.add(new TaskCgroup(dirs));
        }
        return out;
    }
}
