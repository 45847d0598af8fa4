package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Spare task cgroups against a fake cgroup v1 tree in a temp dir: made ahead, used once, swept after a restart. */
class CgroupSlotsTest {

    @TempDir
    Path root;
    private Cgroups cgroups;
    private Path memoryParent;
    private Path cpuParent;

    @BeforeEach
    void fakeTree() throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory"));
        Path cpu = Files.createDirectories(root.resolve("cpu"));
        cgroups = Cgroups.detect(ProcessTestSupport.AGENT,
                Files.writeString(root.resolve("proc-self-cgroup"), "4:memory:/\n1:cpu:/\n"),
                Files.writeString(root.resolve("mountinfo"), "1 0 0:1 / %s rw - cgroup cgroup rw,memory\n2 0 0:2 / %s rw - cgroup cgroup rw,cpu\n"
                        .formatted(memory, cpu)));
        memoryParent = memory.resolve("strata/agent-test");
        cpuParent = cpu.resolve("strata/agent-test");
    }

    @Test
    void refillMakesTheSparesAheadAndATakeOnlyWritesTheLimitsIntoOne() throws IOException {
        CgroupSlots slots = new CgroupSlots(cgroups, "k1", "i1", 3);

        slots.refill();

        assertThat(slots.readyCount()).isEqualTo(3);
        assertThat(children(memoryParent)).containsExactly(".slot-k1-i1-1", ".slot-k1-i1-2", ".slot-k1-i1-3");
        assertThat(children(cpuParent)).containsExactly(".slot-k1-i1-1", ".slot-k1-i1-2", ".slot-k1-i1-3");

        TaskCgroup g = slots.take(Resources.of(0.25, 64)).orElseThrow();

        assertThat(g.dirs()).containsExactly(memoryParent.resolve(".slot-k1-i1-1"), cpuParent.resolve(".slot-k1-i1-1"));
        assertThat(Files.readString(g.dirs().get(0).resolve("memory.limit_in_bytes"))).isEqualTo("67108864");
        assertThat(Files.readString(g.dirs().get(1).resolve("cpu.cfs_quota_us"))).isEqualTo("25000");
        assertThat(slots.readyCount()).isEqualTo(2);
        slots.refill();
        assertThat(slots.readyCount()).isEqualTo(3);
        assertThat(children(memoryParent)).contains(".slot-k1-i1-4");
    }

    @Test
    void aTakeWithNoSpareReadyMakesOneAndEverySlotIsUsedOnce() throws IOException {
        CgroupSlots slots = new CgroupSlots(cgroups, "k1", "i1", 2);

        TaskCgroup first = slots.take(Resources.of(0.5, 0)).orElseThrow();
        TaskCgroup second = slots.take(Resources.of(0.5, 0)).orElseThrow();

        assertThat(first.dirs().get(0)).isEqualTo(memoryParent.resolve(".slot-k1-i1-1"));
        assertThat(second.dirs().get(0)).isEqualTo(memoryParent.resolve(".slot-k1-i1-2"));
    }

    @Test
    void aSpareRemovedUnderTheAgentIsReplacedByAFreshOne() throws IOException {
        CgroupSlots slots = new CgroupSlots(cgroups, "k1", "i1", 1);
        slots.refill();
        Files.delete(memoryParent.resolve(".slot-k1-i1-1"));

        TaskCgroup g = slots.take(Resources.of(0.1, 16)).orElseThrow();

        assertThat(g.dirs().get(0)).isEqualTo(memoryParent.resolve(".slot-k1-i1-2"));
        assertThat(Files.readString(g.dirs().get(0).resolve("memory.limit_in_bytes"))).isEqualTo("16777216");
    }

    @Test
    void discardRemovesTheSparesButNotTheSlotsTasksHold() throws IOException {
        CgroupSlots slots = new CgroupSlots(cgroups, "k1", "i1", 2);
        slots.refill();
        TaskCgroup held = slots.take(Resources.EMPTY).orElseThrow();

        slots.discard();

        assertThat(slots.readyCount()).isZero();
        assertThat(children(memoryParent)).containsExactly(held.dirs().get(0).getFileName().toString());
    }

    @Test
    void sweepRemovesThisAgentsSlotsNoCheckpointNamesAndLeavesEverythingElse() throws IOException {
        CgroupSlots earlier = new CgroupSlots(cgroups, "k1", "old", 3);
        earlier.refill();
        CgroupSlots otherAgent = new CgroupSlots(cgroups, "k2", "x", 1);
        otherAgent.refill();
        Files.createDirectories(memoryParent.resolve("web_1"));
        CgroupSlots now = new CgroupSlots(cgroups, "k1", "new", 1);
        now.refill();
        String named = memoryParent.resolve(".slot-k1-old-2").toString();

        int swept = now.sweep(Set.of(named), () -> true);

        assertThat(swept).isEqualTo(2);
        assertThat(children(memoryParent)).containsExactly(".slot-k1-new-1", ".slot-k1-old-2", ".slot-k2-x-1", "web_1");
        assertThat(children(cpuParent)).containsExactly(".slot-k1-new-1", ".slot-k1-old-2", ".slot-k2-x-1");
    }

    @Test
    void theAgentKeyIsTheSameForTheSameAgentAndWorkDirOnly() {
        AgentId a = AgentId.of("a");
        assertThat(CgroupSlots.agentKey(a, root.resolve("w"))).isEqualTo(CgroupSlots.agentKey(a, root.resolve("w/.")))
                .hasSize(8)
                .isNotEqualTo(CgroupSlots.agentKey(a, root.resolve("v")))
                .isNotEqualTo(CgroupSlots.agentKey(AgentId.of("b"), root.resolve("w")));
    }

    @Test
    void withoutAHierarchyThereAreNoSlots() throws IOException {
        CgroupSlots slots = new CgroupSlots(new Cgroups.Unavailable("none"), "k1", "i1", 2);
        slots.refill();

        assertThat(slots.readyCount()).isZero();
        assertThat(slots.take(Resources.of(1, 64))).isEmpty();
        assertThat(slots.sweep(Set.of(), () -> true)).isZero();
    }

    private static java.util.List<String> children(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
