package io.strata.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.testing.Eventually;
import io.strata.testing.TestFramework;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master and two agents in one JVM, with a test framework launching real processes through the
 * agents. One cluster for the class; each test uses its own task ids.
 */
class LocalClusterTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static StrataNode node;
    static TestFramework fw;

    static Config fastTimings() {
        return ConfigFactory.parseString("""
                strata.heartbeat-interval = 200ms
                strata.allocation-interval = 100ms
                strata.kill-grace = 1s
                strata.default-refuse = 1s
                pekko.actor.serialize-messages = on
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                """);
    }

    @BeforeAll
    static void startCluster() {
        List<NodeConfig.AgentConfig> agents = List.of(
                new NodeConfig.AgentConfig("agent-a", "127.0.0.1", 2.0, 1024L, 1024L, "31000-31009", Map.of("rack", "r1"),
                        home.resolve("agent-a")),
                new NodeConfig.AgentConfig("agent-b", "127.0.0.2", 2.0, 1024L, 1024L, "31010-31019", Map.of("rack", "r2"),
                        home.resolve("agent-b")));
        node = StrataNode.start(new NodeConfig(home, "127.0.0.1", 0, List.of(), true, 0, agents), fastTimings());
        fw = TestFramework.start(node.system(), node.master(), FrameworkInfo.of("test-framework"));
        Eventually.await(DEADLINE, "two agents registered", () -> state().agents().size() == 2);
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            node.close();
        }
    }

    static ClusterState state() {
        try {
            return AskPattern.ask(node.master(), MasterCommand.GetState::new, Duration.ofSeconds(5),
                    node.system().scheduler()).toCompletableFuture().get(6, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("master did not answer GetState", e);
        }
    }

    static TaskSpec task(String id, double cpus, String... argv) {
        return new TaskSpec(TaskId.of(id), id, argv[0], List.of(argv).subList(1, argv.length), Map.of(),
                Resources.of(cpus, 32), Map.of());
    }

    @Test
    void sleepRunsWithPidThenFinishes() {
        TaskSpec t = task("sleep-ok", 0.5, "sleep", "0.3");
        fw.submit(t);
        TaskStatus finished = fw.awaitState(t.taskId(), TaskState.FINISHED, DEADLINE);
        assertThat(finished.exitCode()).isEqualTo(0);
        assertThat(fw.history(t.taskId())).contains(TaskState.STAGING, TaskState.RUNNING, TaskState.FINISHED);
        assertThat(fw.history(t.taskId()).indexOf(TaskState.RUNNING))
                .isLessThan(fw.history(t.taskId()).indexOf(TaskState.FINISHED));
    }

    @Test
    void failingShellReportsItsExitCodeAndStderr() {
        TaskSpec t = task("sh-exit-3", 0.25, "sh", "-c", "echo hi; echo broken >&2; exit 3");
        fw.submit(t);
        TaskStatus failed = fw.awaitState(t.taskId(), TaskState.FAILED, DEADLINE);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.reason()).contains("exited with code 3").contains("broken");
    }

    @Test
    void killEndsTheWholeProcessTree() {
        TaskSpec t = task("tree", 0.25, "sh", "-c", "sleep 1000 & sleep 1000 & wait");
        fw.submit(t);
        TaskStatus running = fw.awaitState(t.taskId(), TaskState.RUNNING, DEADLINE);
        ProcessHandle root = ProcessHandle.of(running.pid()).orElseThrow();
        List<ProcessHandle> tree = Eventually.awaitValue(DEADLINE, "both sleeps started", () -> {
            List<ProcessHandle> d = root.descendants().collect(Collectors.toList());
            return d.stream().filter(p -> p.info().command().orElse("").endsWith("sleep")).count() >= 2 ? d : null;
        });
        fw.driver().kill(t.taskId());
        TaskStatus killed = fw.awaitState(t.taskId(), TaskState.KILLED, DEADLINE);
        assertThat(killed.reason()).containsIgnoringCase("kill");
        Eventually.await(DEADLINE, "every process of the tree gone", () ->
                !root.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void commandThatDoesNotExistFailsWithNotFound() {
        TaskSpec t = task("missing-cmd", 0.25, "no-such-command-strata");
        fw.submit(t);
        TaskStatus failed = fw.awaitState(t.taskId(), TaskState.FAILED, DEADLINE);
        assertThat(failed.reason()).contains("not found");
    }

    @Test
    void tasksGetPortsAndHostOfTheirAgent() throws Exception {
        TaskSpec t = new TaskSpec(TaskId.of("ports"), "ports", "sh", List.of("-c", "echo $HOST:$PORT0"), Map.of(),
                Resources.of(0.25, 32, 0, PortRanges.ports(31010)), Map.of());
        fw.submit(t);
        fw.awaitState(t.taskId(), TaskState.FINISHED, DEADLINE);
        Path stdout = Files.walk(home.resolve("agent-b")).filter(p -> p.endsWith("stdout")
                && p.getParent().getFileName().toString().equals("ports")).findFirst().orElseThrow();
        assertThat(Files.readString(stdout).trim()).isEqualTo("127.0.0.2:31010");
        assertThat(fw.status(t.taskId()).agentId().value()).isEqualTo("agent-b");
    }

    @Test
    void launchBiggerThanTheOfferIsRejectedAndNothingIsOvercommitted() {
        TestFramework greedy = TestFramework.start(node.system(), node.master(), FrameworkInfo.of("greedy"));
        greedy.holdOffers(true);
        greedy.driver().revive();
        var offer = Eventually.awaitValue(DEADLINE, "an offer", () ->
                greedy.heldOffers().isEmpty() ? null : greedy.heldOffers().get(0));
        TaskSpec tooBig = new TaskSpec(TaskId.of("too-big"), "too-big", "sleep", List.of("100"), Map.of(),
                offer.resources().withPorts(PortRanges.EMPTY).plus(Resources.of(1, 0)), Map.of());
        greedy.driver().launch(offer.id(), List.of(tooBig));
        TaskStatus rejected = greedy.awaitState(tooBig.taskId(), TaskState.LOST, DEADLINE);
        assertThat(rejected.reason()).contains("launch rejected");
        for (ClusterState.AgentView a : state().agents()) {
            assertThat(a.total().contains(a.used().plus(a.offered()))).as("agent %s overcommitted", a.id()).isTrue();
        }
        greedy.driver().stop(true);
    }

    @Test
    void endedTasksGiveTheirResourcesBack() {
        TaskSpec a = task("give-back-1", 1.0, "sleep", "0.2");
        TaskSpec b = task("give-back-2", 1.0, "sleep", "0.2");
        fw.submit(a);
        fw.submit(b);
        fw.awaitState(a.taskId(), TaskState.FINISHED, DEADLINE);
        fw.awaitState(b.taskId(), TaskState.FINISHED, DEADLINE);
        // Every other test ends its tasks, so nothing may stay allocated to tasks once these end.
        Eventually.await(DEADLINE, "no resources used on any agent", () -> state().agents().stream()
                .allMatch(ag -> ag.used().isEmpty()));
        assertThat(state().tasks()).noneMatch(t -> !t.status().state().isTerminal());
    }

    @Test
    void reconcileReportsTheLatestStatusOfEveryTask() {
        TaskSpec t = task("reconciled", 0.25, "sleep", "30");
        fw.submit(t);
        fw.awaitState(t.taskId(), TaskState.RUNNING, DEADLINE);
        int before = fw.history(t.taskId()).size();
        fw.driver().reconcile(List.of(t.taskId()));
        Eventually.await(DEADLINE, "a reconciliation answer", () -> fw.history(t.taskId()).size() > before);
        assertThat(fw.status(t.taskId()).state()).isEqualTo(TaskState.RUNNING);
        fw.driver().kill(t.taskId());
        fw.awaitState(t.taskId(), TaskState.KILLED, DEADLINE);
    }

    @Test
    void aTaskIdInUseCannotBeLaunchedTwice() {
        TaskSpec t = task("twice", 0.25, "sleep", "30");
        fw.submit(t);
        fw.awaitState(t.taskId(), TaskState.RUNNING, DEADLINE);
        TestFramework other = TestFramework.start(node.system(), node.master(), FrameworkInfo.of("dup"));
        other.submit(t);
        TaskStatus failed = Eventually.awaitValue(DEADLINE, "the duplicate refused", () -> {
            TaskStatus s = other.status(t.taskId());
            return s != null && s.state() == TaskState.FAILED ? s : null;
        });
        assertThat(failed.reason()).contains("already in use");
        assertThat(fw.status(t.taskId()).state()).isEqualTo(TaskState.RUNNING);
        other.driver().stop(true);
        fw.driver().kill(t.taskId());
        fw.awaitState(t.taskId(), TaskState.KILLED, DEADLINE);
    }

}
