package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Detection and group creation against fake /proc and cgroup trees in a temp dir. */
class CgroupsTest {

    @TempDir
    Path root;

    @Test
    void cgroupV1GroupsGoUnderTheAgentsOwnGroupOfEachController() throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory"));
        Path cpu = Files.createDirectories(root.resolve("cpu,cpuacct"));
        Cgroups c = detect("""
                        31 30 0:28 / %s rw,relatime - cgroup cgroup rw,cpu,cpuacct
                        34 30 0:31 / %s rw,relatime - cgroup cgroup rw,memory
                        40 30 0:37 / %s rw,relatime - cgroup2 cgroup2 rw
                        """.formatted(cpu, memory, root.resolve("unified")),
                "4:memory:/process_api/abc\n2:cpu,cpuacct:/\n0::/\n");

        assertThat(c).isInstanceOf(CgroupsV1.class);
        Path memoryParent = memory.resolve("process_api/abc/strata/agent-test");
        assertThat(memoryParent).isDirectory();
        assertThat(cpu.resolve("strata/agent-test")).isDirectory();
        assertThat(c.describe()).isEqualTo("cgroup v1 memory=" + memoryParent + " cpu=" + cpu.resolve("strata/agent-test"));

        TaskCgroup group = c.create(TaskId.of("web/1"), Resources.of(0.25, 64)).orElseThrow();

        assertThat(group.dirs()).containsExactly(memoryParent.resolve("web_1"), cpu.resolve("strata/agent-test/web_1"));
        assertThat(Files.readString(memoryParent.resolve("web_1/memory.limit_in_bytes"))).isEqualTo("67108864");
        assertThat(Files.readString(cpu.resolve("strata/agent-test/web_1/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(Files.readString(cpu.resolve("strata/agent-test/web_1/cpu.cfs_quota_us"))).isEqualTo("25000");
        assertThat(group.procsFiles()).containsExactly(memoryParent.resolve("web_1/cgroup.procs"),
                cpu.resolve("strata/agent-test/web_1/cgroup.procs"));
    }

    @Test
    void cgroupV1WithoutMemoryOrCpuRequestsSetsNoLimit() throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory"));
        Path cpu = Files.createDirectories(root.resolve("cpu"));
        Cgroups c = detect("1 0 0:1 / %s rw - cgroup cgroup rw,memory\n2 0 0:2 / %s rw - cgroup cgroup rw,cpu\n"
                .formatted(memory, cpu), "4:memory:/\n1:cpu:/\n");

        TaskCgroup group = c.create(TaskId.of("t"), Resources.EMPTY).orElseThrow();

        assertThat(group.dirs().get(0).resolve("memory.limit_in_bytes")).doesNotExist();
        assertThat(Files.readString(group.dirs().get(1).resolve("cpu.cfs_quota_us"))).isEqualTo("-1");
    }

    @Test
    void containerMountShowingOnlyItsOwnGroupIsUsedAsIs() throws IOException {
        Path memory = Files.createDirectories(root.resolve("mem ory"));
        Cgroups c = detect("34 30 0:31 /docker/abc %s rw - cgroup cgroup rw,memory\n"
                .formatted(root.resolve("mem\\040ory")), "4:memory:/docker/abc\n");

        assertThat(c).isInstanceOf(CgroupsV1.class);
        assertThat(memory.resolve("strata/agent-test")).isDirectory();
        assertThat(c.describe()).contains("cpu=unlimited: no cpu hierarchy mounted");
    }

    @Test
    void cgroupV2EnablesControllersOnTheWayDownAndWritesMaxFiles() throws IOException {
        Path own = Files.createDirectories(root.resolve("system.slice/strata.service"));
        Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Cgroups c = detect("40 30 0:37 / %s rw - cgroup2 cgroup2 rw\n".formatted(root),
                "0::/system.slice/strata.service\n");

        assertThat(c).isEqualTo(new CgroupsV2(own.resolve("strata/agent-test"), true));
        assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+memory +cpu");
        assertThat(Files.readString(own.resolve("strata/agent-test/cgroup.subtree_control"))).isEqualTo("+memory +cpu");

        TaskCgroup group = c.create(TaskId.of("t1"), Resources.of(1.5, 128)).orElseThrow();

        Path dir = own.resolve("strata/agent-test/t1");
        assertThat(group.dirs()).containsExactly(dir);
        assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(128L * 1024 * 1024));
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("150000 100000");
    }

    @Test
    void cgroupV2WithoutTheMemoryControllerMeansNoLimits() throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu pids\n");
        Cgroups c = detect("40 30 0:37 / %s rw - cgroup2 cgroup2 rw\n".formatted(root), "0::/\n");

        assertThat(c.limitsEnforced()).isFalse();
        assertThat(c.describe()).isEqualTo("cgroup v2 at " + root + " does not offer the memory controller");
    }

    @Test
    void unwritableHierarchyMeansNoLimits() throws IOException {
        Path file = Files.writeString(root.resolve("memory"), "not a directory");
        Cgroups c = detect("34 30 0:31 / %s rw - cgroup cgroup rw,memory\n".formatted(file), "4:memory:/\n");

        assertThat(c.limitsEnforced()).isFalse();
        assertThat(c.describe()).isEqualTo("cgroups not writable at " + file.resolve("strata/agent-test")
                + " (Not a directory)");
        assertThat(c.create(TaskId.of("t"), Resources.of(1, 64))).isEmpty();
    }

    @Test
    void noCgroupMountMeansNoLimits() throws IOException {
        Cgroups c = detect("22 1 0:21 / /proc rw - proc proc rw\n", "0::/\n");

        assertThat(c.describe()).isEqualTo(
                "no cgroup memory controller mounted (neither cgroup v1 memory nor cgroup v2)");
    }

    @Test
    void oomKillCountIsReadFromEitherVersionsFile() throws IOException {
        Path v1 = Files.createDirectories(root.resolve("v1"));
        Path v2 = Files.createDirectories(root.resolve("v2"));
        Path none = Files.createDirectories(root.resolve("none"));
        Files.writeString(v1.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        Files.writeString(v2.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 2\n");
        Files.writeString(none.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");

        assertThat(new TaskCgroup(List.of(v1)).oomKilled()).isTrue();
        assertThat(new TaskCgroup(List.of(v2)).oomKilled()).isTrue();
        assertThat(new TaskCgroup(List.of(none)).oomKilled()).isFalse();
        assertThat(new TaskCgroup(List.of(root.resolve("gone"))).oomKilled()).isFalse();
    }

    private Cgroups detect(String mountinfo, String procSelfCgroup) throws IOException {
        return Cgroups.detect(ProcessTestSupport.AGENT, Files.writeString(root.resolve("proc-self-cgroup"), procSelfCgroup),
                Files.writeString(root.resolve("proc-self-mountinfo"), mountinfo));
    }
}
