package io.strata.cluster;

import io.strata.agent.process.TaskUsers;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.testing.TestFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An agent started as root with no --task-user: its tasks run as strata-task, never as root. */
class TaskUserClusterTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static StrataNode node;
    static TestFramework fw;

    @BeforeAll
    static void startCluster() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the default task user applies to agents run as root");
        List<NodeConfig.AgentConfig> agents = List.of(new NodeConfig.AgentConfig("agent-a", "127.0.0.1", 1.0, 512L,
                512L, "31000-31009", Map.of(), home.resolve("agent-a")));
        node = StrataNode.start(new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, agents),
                LocalClusterTest.fastTimings());
        fw = TestFramework.start(node.system(), node.master(), FrameworkInfo.of("task-user-test"));
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void idInsideATaskIsTheTaskUserNotRoot() throws Exception {
        TaskSpec t = new TaskSpec(TaskId.of("whoami"), "whoami", "sh", List.of("-c", "id -u; id -un"), Map.of(),
                Resources.of(0.25, 32), Map.of());
        fw.submit(t);
        fw.awaitState(t.taskId(), TaskState.FINISHED, DEADLINE);

        Path stdout = home.resolve("agent-a/sandboxes").resolve(fw.status(t.taskId()).frameworkId().value())
                .resolve("whoami/stdout");
        List<String> lines = Files.readAllLines(stdout);
        assertThat(lines.get(0)).isNotEqualTo("0");
        assertThat(lines.get(1)).isEqualTo(TaskUsers.DEFAULT_USER);
    }

    @Test
    void aTaskNamingAUserTheHostLacksFailsWithTheReason() {
        TaskSpec t = new TaskSpec(TaskId.of("stranger"), "stranger", "true", List.of(), Map.of(),
                Resources.of(0.25, 32), Map.of()).withUser("no-such-user-strata");
        fw.submit(t);

        TaskStatus failed = fw.awaitState(t.taskId(), TaskState.FAILED, DEADLINE);
        assertThat(failed.reason()).isEqualTo("refused: there is no user 'no-such-user-strata' on this host");
    }
}
