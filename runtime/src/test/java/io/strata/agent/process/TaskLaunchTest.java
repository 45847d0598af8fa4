package io.strata.agent.process;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskLaunchTest {

    @TempDir
    Path dir;

    @Test
    void environmentIsMinimalPlusTheTasksPlusStratas() {
        TaskSpec spec = new TaskSpec(TaskId.of("t1"), "t1", "run", List.of(), Map.of("PORT0", "1", "MODE", "x"),
                Resources.of(2, 0, 0, PortRanges.ports(9000)), Map.of());
        Map<String, String> env = TaskLaunch.environment(context(spec, Map.of("PATH", "/opt/bin", "HOME", "/root",
                "SECRET_TOKEN", "s3cr3t", "LANG", "C.UTF-8")));

        assertThat(env).containsEntry("PATH", "/opt/bin").containsEntry("HOME", "/root")
                .containsEntry("LANG", "C.UTF-8").containsEntry("MODE", "x")
                .containsEntry("PORT0", "9000").containsEntry("PORTS", "9000").containsEntry("STRATA_CPUS", "2")
                .doesNotContainKeys("SECRET_TOKEN", "STRATA_MEM_MB", "JAVA_HOME", "PORT1");
    }

    @Test
    void missingPathFallsBackToASaneDefault() {
        Map<String, String> env = TaskLaunch.environment(context(TaskSpec.of(TaskId.of("t"), Resources.EMPTY, "x"),
                Map.of()));

        assertThat(env).containsEntry("PATH", TaskLaunch.DEFAULT_PATH).doesNotContainKeys("PORTS", "STRATA_CPUS");
    }

    @Test
    void commandsAreFoundOnThePathOrRelativeToTheSandbox() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = executable(bin.resolve("tool"));
        Path local = executable(dir.resolve("run.sh"));
        Files.writeString(bin.resolve("plain"), "not executable");

        assertThat(TaskLaunch.resolve("tool", "/nonexistent:" + bin, dir)).contains(tool);
        assertThat(TaskLaunch.resolve("./run.sh", bin.toString(), dir)).contains(dir.resolve("./run.sh"));
        assertThat(TaskLaunch.resolve(local.toString(), "", dir)).contains(local);
        assertThat(TaskLaunch.resolve("plain", bin.toString(), dir)).isEmpty();
        assertThat(TaskLaunch.resolve("bin", dir.toString(), dir)).isEmpty();
        assertThat(TaskLaunch.resolve("missing", bin.toString(), dir)).isEmpty();
    }

    @Test
    void wrapperJoinsEveryCgroupThenRecordsTheExitStatus() {
        String script = TaskLaunch.wrapperScript(List.of(Path.of("/cg/memory/t/cgroup.procs"),
                Path.of("/cg/cpu/t/cgroup.procs")), Path.of("/work/it's here/.exit"));

        assertThat(script).startsWith("echo $$ > '/cg/memory/t/cgroup.procs' || ")
                .contains("echo $$ > '/cg/cpu/t/cgroup.procs' || ")
                .contains("trap : TERM INT HUP\n\"$@\"\ncode=$?\n")
                .contains("echo $code > '/work/it'\\''s here/.exit'\n")
                .endsWith("exit $code\n");
    }

    @Test
    void argvRunsTheProgramWithItsArgumentsUnderTheWrapper() throws IOException {
        Path program = executable(dir.resolve("prog"));
        TaskSpec spec = TaskSpec.of(TaskId.of("t"), Resources.EMPTY, "prog", "a b", "c");

        List<String> argv = TaskLaunch.of(context(spec, Map.of()), program, List.of()).argv();

        int sh = argv.indexOf("/bin/sh");
        assertThat(argv.subList(0, sh)).isEqualTo(TaskLaunch.setsid().map(p -> List.of(p.toString())).orElse(List.of()));
        assertThat(argv.subList(sh, argv.size())).containsExactly("/bin/sh", "-c", argv.get(sh + 2), "strata-task",
                program.toString(), "a b", "c");
    }

    private TaskLaunch.Context context(TaskSpec spec, Map<String, String> agentEnv) {
        return new TaskLaunch.Context(AgentId.of("a1"), "h1", FrameworkId.of("f1"), spec, new Sandbox(dir), agentEnv);
    }

    private static Path executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
